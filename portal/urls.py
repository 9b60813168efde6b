"""Top-level URLs: the public portal (Vietnamese at /, English under /en/), the staff admin
(Vietnamese), health probes, and robots.txt, the sitemaps and the favicon.

Uploaded files are not served from MEDIA_URL: attachments go through a view that sends them as
downloads (advisories:attachment).
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from advisories.api.docs import api_docs
from advisories.api.endpoints import api
from advisories.views import discovery

from . import health

handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(".well-known/security.txt", health.security_txt, name="security_txt"),
    path("quan-tri/", admin.site.urls),
    path("api/v1/docs/", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    # For crawlers and browsers, at the root whatever the language (advisories.views.discovery).
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("sitemap.xml", discovery.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", discovery.sitemap_section, name="sitemap_section"),
    path("favicon.ico", discovery.favicon, name="favicon"),
]
# The language is in the address, never guessed from the browser: a page's URL alone decides
# its content, so caches and proxies need no Vary (portal.middleware.LanguageFromPathMiddleware).
urlpatterns += i18n_patterns(path("", include("advisories.urls")), prefix_default_language=False)
