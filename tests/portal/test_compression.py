"""Pages are sent gzip-compressed to clients that accept it, from the page cache or not, with
`Vary: Accept-Encoding`; files (PDF attachments) are sent as they are."""

import gzip

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advisories.models import Attachment
from tests.factories import DispatchFactory
from tests.pdfs import scanned_pdf

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


def _plain(response):
    return gzip.decompress(response.content).decode()


def test_a_page_is_compressed_for_a_client_that_accepts_gzip(client, seeded):
    url = reverse("advisories:dispatch_list")
    first = client.get(url, headers=GZIP)  # rendered, stored in the page cache
    second = client.get(url, headers=GZIP)  # served from the page cache
    for response in (first, second):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert "Văn bản cảnh báo lừa đảo" in _plain(response)
    assert _plain(first) == _plain(second)


def test_the_same_page_is_plain_for_a_client_that_does_not(client, seeded):
    url = reverse("advisories:home")
    client.get(url, headers=GZIP)  # the cached copy must not be the compressed one
    response = client.get(url)
    assert "Content-Encoding" not in response
    assert "Accept-Encoding" in response["Vary"]
    assert "Văn bản cảnh báo mới nhất" in response.content.decode()


def test_a_cached_page_is_compressed_once_and_every_hit_sends_the_same_bytes(client, seeded):
    """Gzipped when stored, sent as it is on each hit: no compression per request, and the same
    bytes for every client, which proxies and CDNs can keep. No BREACH padding is needed there:
    a cached public page is the same for everyone and holds no secret."""
    url = reverse("advisories:home")
    client.get(url, headers=GZIP)
    hits = [client.get(url, headers=GZIP) for _ in range(4)]
    assert [hit["X-Cache"] for hit in hits] == ["hit"] * 4
    assert len({hit.content for hit in hits}) == 1
    assert "Văn bản cảnh báo mới nhất" in _plain(hits[0])


def test_a_page_with_a_csrf_token_is_padded_differently_each_time(client, seeded):
    """Django's BREACH mitigation (random bytes in the gzip header), kept for the pages that
    hold a secret: the report form carries the visitor's CSRF token."""
    url = reverse("advisories:report")
    lengths = {len(client.get(url, headers=GZIP).content) for _ in range(8)}
    assert len(lengths) > 1


def test_a_compressed_page_still_answers_a_conditional_request(client, seeded):
    url = reverse("advisories:home")
    etag = client.get(url, headers=GZIP)["ETag"]
    assert etag.startswith('W/"')  # weak once compressed (RFC 9110)
    again = client.get(url, headers={**GZIP, "if-none-match": etag})
    assert again.status_code == 304


def test_error_pages_are_compressed_too(client, db):
    response = client.get("/khong-co-trang-nay/", headers=GZIP)
    assert response.status_code == 404
    assert response["Content-Encoding"] == "gzip"


def test_a_pdf_attachment_is_sent_as_it_is(client, db, tmp_path, settings):
    """Already compressed, and streamed: gzip would only drop its Content-Length."""
    settings.MEDIA_ROOT = tmp_path
    pdf = scanned_pdf()
    attachment = Attachment.objects.create(
        dispatch=DispatchFactory(),
        title="Công văn",
        file=SimpleUploadedFile("cv.pdf", pdf, content_type="application/pdf"),
    )
    response = client.get(attachment.get_absolute_url(), headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response["Content-Length"] == str(len(pdf))
