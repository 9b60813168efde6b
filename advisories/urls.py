"""Public URLs: readable Vietnamese paths, every one named."""

from django.urls import path

from .views import (
    alerts,
    attachments,
    check,
    feeds,
    open_data,
    public,
    receipts,
    scam_reports,
    sharing,
    statistics,
)

app_name = "advisories"

urlpatterns = [
    path("", public.home, name="home"),
    path("van-ban/", public.dispatch_list, name="dispatch_list"),
    path("van-ban/atom.xml", feeds.dispatch_feed, name="dispatch_feed"),
    path("van-ban/<slug:issuer>/<int:year>/<str:ref>/", public.dispatch_detail, name="dispatch"),
    path("vb/<int:pk>/", public.dispatch_permalink, name="dispatch_permalink"),
    path("thu-doan/", public.pattern_list, name="pattern_list"),
    path("thu-doan/<slug:slug>/", public.pattern_detail, name="pattern"),
    path("thu-doan/<slug:slug>/atom.xml", feeds.pattern_feed, name="pattern_feed"),
    path("co-quan/", public.organisation_list, name="organisation_list"),
    path("co-quan/<slug:slug>/", public.organisation_detail, name="organisation"),
    path("co-quan/<slug:slug>/atom.xml", feeds.organisation_feed, name="organisation_feed"),
    path("bi-lua-dao/", public.if_scammed, name="if_scammed"),
    path("tim-kiem/", public.search, name="search"),
    path("kiem-tra/", check.check, name="check"),
    path("thong-ke/", statistics.statistics, name="statistics"),
    path("thong-ke.csv", statistics.statistics_csv, name="statistics_csv"),
    path("du-lieu-mo/", open_data.open_data, name="open_data"),
    path("du-lieu-mo/<str:name>", open_data.open_data_file, name="open_data_file"),
    path("phan-anh/", scam_reports.report, name="report"),
    path("phan-anh/tra-cuu/", scam_reports.report_lookup, name="report_lookup"),
    path("tim-kiem/atom.xml", feeds.search_feed, name="search_feed"),
    # Where feed readers and people look for a feed first.
    path("feed/", feeds.feed_redirect, name="feed_redirect_feed"),
    path("rss/", feeds.feed_redirect, name="feed_redirect_rss"),
    path("atom.xml", feeds.feed_redirect, name="feed_redirect_atom"),
    path("tep/<int:pk>/", attachments.attachment_download, name="attachment"),
    # Preview images of shared links; the version in the address changes with the image.
    path(
        "anh-chia-se/van-ban/<int:pk>/<slug:version>.png",
        sharing.dispatch_image,
        name="dispatch_image",
    ),
    path(
        "anh-chia-se/thu-doan/<int:pk>/<slug:version>.png",
        sharing.pattern_image,
        name="pattern_image",
    ),
    path(
        "anh-chia-se/co-quan/<int:pk>/<slug:version>.png",
        sharing.organisation_image,
        name="organisation_image",
    ),
    path("xac-nhan/<str:token>/", receipts.receipt_confirm, name="receipt_confirm"),
    path("nhan-canh-bao/", alerts.subscribe, name="alerts_subscribe"),
    path("nhan-canh-bao/da-gui/", alerts.subscribe_sent, name="alerts_sent"),
    path("nhan-canh-bao/xac-nhan/<str:token>/", alerts.confirm, name="alerts_confirm"),
    path("huy/<str:token>/", alerts.unsubscribe, name="alerts_unsubscribe"),
    path("don-vi/van-ban-den/", receipts.inbox, name="inbox"),
    path("don-vi/van-ban-den/<int:pk>/", receipts.inbox_delivery, name="inbox_delivery"),
]
