"""Every body, file parts included, is bounded before it is read (portal.body_limits)."""

import io
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadhandler import load_handler
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import reverse

from advisories.models import Organisation
from portal.body_limits import OversizedUpload

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
IMPORT_URL = reverse("admin:advisories_dispatch_import")
THIRTY_MB = 30 * 1024 * 1024
BOUNDARY = "ranh-gioi"


class BodyTrap(io.RawIOBase):
    """A request body of which only the first few KB may be read: reading further means the
    server took the body in before refusing it."""

    def __init__(self, allowed: int = 4096):
        self.allowed = allowed
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.read_so_far + len(buffer) > self.allowed:
            raise AssertionError(f"the body was read past {self.allowed} bytes")
        buffer[:] = b"x" * len(buffer)
        self.read_so_far += len(buffer)
        return len(buffer)


def post_declaring(client, path, length, **extra):
    """A multipart POST that declares `length` bytes and sends a trap for a body."""
    trap = BodyTrap()
    response = client.generic(
        "POST",
        path,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **{"wsgi.input": trap, "CONTENT_LENGTH": str(length)} | extra,
    )
    return response, trap


def test_an_anonymous_30_mb_post_to_the_login_gets_413_unread():
    response, trap = post_declaring(Client(enforce_csrf_checks=True), LOGIN, THIRTY_MB)

    assert response.status_code == 413
    assert trap.read_so_far == 0
    assert "Dữ liệu gửi lên quá lớn (30 MB): tối đa 256 KB." in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/tim-kiem/", "/xac-nhan/khong-co-ma/", "/don-vi/van-ban-den/", IMPORT_URL]
)
def test_public_paths_and_anonymous_admin_paths_get_the_small_limit(path):
    response, trap = post_declaring(Client(), path, settings.REQUEST_MAX_BYTES + 1)

    assert response.status_code == 413
    assert trap.read_so_far == 0


def test_the_refusal_speaks_english_under_en():
    response, _ = post_declaring(Client(), "/en/tim-kiem/", THIRTY_MB)

    assert response.status_code == 413
    assert "Data sent is too large (30 MB): at most 256 KB." in response.content.decode()


def test_a_signed_in_clerk_may_send_a_file_to_the_admin_but_not_past_the_staff_limit(
    seeded, make_staff
):
    clerk = make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")

    response, trap = post_declaring(clerk, IMPORT_URL, settings.STAFF_REQUEST_MAX_BYTES + 1)
    assert response.status_code == 413
    assert trap.read_so_far == 0

    # A 1 MB PDF-to-be: past the public limit, within the staff one, so it reaches the form.
    body = b"%PDF-1.7\n" + b"%" * (1024 * 1024)
    allowed = clerk.post(IMPORT_URL, {"pdf": io.BytesIO(body)})
    assert allowed.status_code == 200
    assert allowed.context["form"].errors


def test_a_forged_session_cookie_gets_the_small_limit():
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "khong-phai-phien-that"
    response, trap = post_declaring(client, IMPORT_URL, settings.REQUEST_MAX_BYTES + 1)

    assert response.status_code == 413
    assert trap.read_so_far == 0


def test_a_chunked_body_without_length_gets_411():
    response = Client().generic(
        "POST", "/tim-kiem/", b"", content_type="text/plain", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


def test_a_malformed_length_gets_400():
    response, _ = post_declaring(Client(), "/tim-kiem/", "-5")
    assert response.status_code == 400


def test_small_posts_go_through(client):
    response = client.post(LOGIN, {"username": "ai-do", "password": "sai-mat-khau-123"})
    assert response.status_code == 200  # the login form again, with its message


@pytest.mark.django_db(transaction=True)
def test_a_real_server_answers_413_before_the_body_is_sent(live_server):
    """Over a socket: the headers announce 30 MB, 1 KB follows, and the answer comes before
    the rest (it would never come if the server waited for the body)."""
    address = urlsplit(live_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(
            (
                f"POST {LOGIN} HTTP/1.1\r\nHost: {address.hostname}\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                f"Content-Length: {THIRTY_MB}\r\n\r\n"
            ).encode()
            + b"x" * 1024
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(4096)
            assert chunk, "the server closed the connection without answering"
            head += chunk
    assert head.startswith(b"HTTP/1.1 413")


def _multipart(field: str, size: int) -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%" * size
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.mark.parametrize(("size", "stored"), [(5_000, 5_000), (50_000, 0)])
def test_a_file_part_is_stored_no_further_than_the_largest_file_a_form_takes(
    settings, rf, size, stored
):
    settings.UPLOAD_FILE_MAX_BYTES = 10_000
    body = _multipart("pdf", size)
    request = rf.post("/", body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    handlers = [load_handler(path, request) for path in settings.FILE_UPLOAD_HANDLERS]
    parser = MultiPartParser(request.META, io.BytesIO(body), handlers, "utf-8")

    _, files = parser.parse()

    upload = files["pdf"]
    assert upload.size == size  # the size sent, for the form's "Tệp quá lớn (…)"
    assert len(upload.read()) == stored
    assert isinstance(upload, OversizedUpload) == (stored == 0)
