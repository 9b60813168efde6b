"""What crawlers and browsers look for at the root of the site: /sitemap.xml (an index of
sitemap pages, advisories.sitemaps), /robots.txt and /favicon.ico.

The sitemaps are public pages (advisories.caching): cached, and fresh at the next request after
a publish or an edit of the directory (the `lists` and `directory` tags). Their addresses come
from SITE_URL, never from the request's Host."""

import functools

from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_page
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..addresses import absolute_url
from ..cache_tags import DIRECTORY, LISTS
from ..caching import public_page
from ..sitemaps import SITEMAPS

# Crawlers have nothing to read there: the staff admin, the units' personal confirmation
# links and their inbox (in both languages).
ROBOTS_DISALLOWED = (
    "/quan-tri/",
    "/xac-nhan/",
    "/don-vi/",
    "/phan-anh/tra-cuu/",
    "/en/xac-nhan/",
    "/en/don-vi/",
    "/en/phan-anh/tra-cuu/",
)


@public_page(tags=(LISTS, DIRECTORY))
def sitemap_index(request):
    """Every page of every section, each with the latest change it lists (when known)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        address = absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(address, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{address}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@public_page(params=("p",), tags=(LISTS, DIRECTORY))
def sitemap_section(request, section):
    """One page (?p=N) of one section; an unknown section or page is a 404.

    Printed with a template of our own: Django's prints tags the portal does not fill
    (changefreq, priority, alternates), each tested for on every one of 5,000 addresses."""
    template = "advisories/sitemaps/urlset.xml"
    return sitemap_page(request, sitemaps=SITEMAPS, section=section, template_name=template)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap_index'))}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@functools.cache
def _favicon() -> bytes:
    with open(finders.find("favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the
    icon itself (a redirect would be one more request for every one of them)."""
    response = HttpResponse(_favicon(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
