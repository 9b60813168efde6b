"""Public URLs: readable Vietnamese paths, every one named."""

from django.urls import path

from .views import alerts, attachments, public, receipts

app_name = "advisories"

urlpatterns = [
    path("", public.home, name="home"),
    path("van-ban/", public.dispatch_list, name="dispatch_list"),
    path("van-ban/<slug:issuer>/<int:year>/<str:ref>/", public.dispatch_detail, name="dispatch"),
    path("vb/<int:pk>/", public.dispatch_permalink, name="dispatch_permalink"),
    path("thu-doan/", public.pattern_list, name="pattern_list"),
    path("thu-doan/<slug:slug>/", public.pattern_detail, name="pattern"),
    path("co-quan/", public.organisation_list, name="organisation_list"),
    path("co-quan/<slug:slug>/", public.organisation_detail, name="organisation"),
    path("bi-lua-dao/", public.if_scammed, name="if_scammed"),
    path("tim-kiem/", public.search, name="search"),
    path("tep/<int:pk>/", attachments.attachment_download, name="attachment"),
    path("xac-nhan/<str:token>/", receipts.receipt_confirm, name="receipt_confirm"),
    path("nhan-canh-bao/", alerts.subscribe, name="alerts_subscribe"),
    path("nhan-canh-bao/da-gui/", alerts.subscribe_sent, name="alerts_sent"),
    path("nhan-canh-bao/xac-nhan/<str:token>/", alerts.confirm, name="alerts_confirm"),
    path("huy/<str:token>/", alerts.unsubscribe, name="alerts_unsubscribe"),
    path("don-vi/van-ban-den/", receipts.inbox, name="inbox"),
    path("don-vi/van-ban-den/<int:pk>/", receipts.inbox_delivery, name="inbox_delivery"),
]
