"""The page cache checks the Host header before any cached answer, and keys a page by the
query parameters its view reads only (advisories.caching)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_disallowed_host_gets_400_even_for_a_cached_page(client, seeded, settings):
    settings.ALLOWED_HOSTS = ["canhbao.example.vn"]
    url = reverse("advisories:dispatch_list")
    assert client.get(url, HTTP_HOST="canhbao.example.vn").status_code == 200
    assert client.get(url, HTTP_HOST="canhbao.example.vn").status_code == 200  # cached
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
    assert client.head(url, HTTP_HOST="evil.example").status_code == 400
