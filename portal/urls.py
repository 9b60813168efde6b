"""Top-level URLs: the public portal (Vietnamese at /, English under /en/), the staff admin
(Vietnamese), health probes.

Uploaded files are not served from MEDIA_URL: attachments go through a view that sends them as
downloads (advisories:attachment).
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import health

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(".well-known/security.txt", health.security_txt, name="security_txt"),
    path("quan-tri/", admin.site.urls),
]
# The language is in the address, never guessed from the browser: a page's URL alone decides
# its content, so caches and proxies need no Vary (portal.middleware.LanguageFromPathMiddleware).
urlpatterns += i18n_patterns(path("", include("advisories.urls")), prefix_default_language=False)
