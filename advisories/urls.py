"""Public URLs: readable Vietnamese paths, every one named."""

from django.urls import path

from .views import attachments, feeds, public, receipts

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
    path("tim-kiem/atom.xml", feeds.search_feed, name="search_feed"),
    # Where feed readers and people look for a feed first.
    path("feed/", feeds.feed_redirect, name="feed_redirect_feed"),
    path("rss/", feeds.feed_redirect, name="feed_redirect_rss"),
    path("atom.xml", feeds.feed_redirect, name="feed_redirect_atom"),
    path("tep/<int:pk>/", attachments.attachment_download, name="attachment"),
    path("xac-nhan/<str:token>/", receipts.receipt_confirm, name="receipt_confirm"),
    path("don-vi/van-ban-den/", receipts.inbox, name="inbox"),
    path("don-vi/van-ban-den/<int:pk>/", receipts.inbox_delivery, name="inbox_delivery"),
]
