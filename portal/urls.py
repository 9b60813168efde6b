"""Top-level URLs: the public portal, the staff admin, language switching."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Cổng cảnh báo lừa đảo — Quản trị"
admin.site.site_title = "Quản trị cổng cảnh báo"
admin.site.index_title = "Văn bản và đơn vị"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("advisories.urls")),
]
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
