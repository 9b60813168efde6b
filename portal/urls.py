"""Top-level URLs: the public portal, the staff admin, language switching, health probes.

Uploaded files are not served from MEDIA_URL: attachments go through a view that sends them as
downloads (advisories:attachment).
"""

from django.contrib import admin
from django.urls import include, path

from . import health

handler403 = "portal.errors.permission_denied"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("advisories.urls")),
]
