"""Every request body is bounded before anything reads it.

`DATA_UPLOAD_MAX_MEMORY_SIZE` counts form fields only: a multipart file part of any size was
read in full (an anonymous 30 MB POST to the login was streamed to a temporary file before
CSRF refused it). Two bounds now:

- `RequestBodyLimitMiddleware`, high in the stack (before the NUL-byte check and CSRF, which
  read `request.POST`): a `Content-Length` past the path's limit gets 413 and a Vietnamese
  page, the body unread. The limit is `REQUEST_MAX_BYTES` (small) everywhere, the login
  included; `STAFF_REQUEST_MAX_BYTES` (one file and its form) only under the admin and only
  for a request carrying a signed-in session (one session read, only for such a large body).
  A chunked body without `Content-Length` gets 411: Django would read it as empty anyway.
- `FileSizeLimitUploadHandler`, first in `FILE_UPLOAD_HANDLERS`: a file part stops being
  stored at `UPLOAD_FILE_MAX_BYTES`. Its form then gets an empty file of the size sent, so the
  form's own check says "Tệp quá lớn (…)": stopping the upload outright (`StopUpload`) would
  drop the fields after the file and show the clerk a broken form instead.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render
from django.utils.translation import gettext as _

from advisories.parsing.limits import size_text

STAFF_PREFIX = "/quan-tri/"
# The citizens' report form carries up to REPORT_SCREENSHOTS_MAX screenshots.
REPORT_PATHS = ("/phan-anh/", "/en/phan-anh/")


def _signed_in(request) -> bool:
    """True when the request's session cookie names a session with a signed-in user (read
    without SessionMiddleware, which runs later; the admin still checks the account)."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    engine = import_module(settings.SESSION_ENGINE)
    return bool(engine.SessionStore(key).get(SESSION_KEY))


def body_limit(request, length: int) -> int:
    """The largest body this request may send."""
    if request.path_info in REPORT_PATHS:
        return settings.REPORT_REQUEST_MAX_BYTES
    if (
        length > settings.REQUEST_MAX_BYTES
        and request.path_info.startswith(STAFF_PREFIX)
        and _signed_in(request)
    ):
        return settings.STAFF_REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES


def _refusal(request, status: int, message: str):
    # No "Connection: close" (WSGI forbids hop-by-hop headers): the server ends the connection
    # itself when the unread body is large (gunicorn drains at most 64 KB, then closes).
    return render(request, "413.html", {"status": status, "message": message}, status=status)


class RequestBodyLimitMiddleware:
    """413 for a body past the path's limit, 411 for a chunked one, before it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if not declared.strip():
            if chunked:
                return _refusal(
                    request,
                    411,
                    _("Yêu cầu gửi dữ liệu phải cho biết độ dài (Content-Length)."),
                )
            return self.get_response(request)
        try:
            length = int(declared)
        except ValueError:
            length = -1
        if length < 0:
            return _refusal(request, 400, _("Độ dài dữ liệu gửi lên không hợp lệ."))
        limit = body_limit(request, length)
        if length > limit:
            return _refusal(
                request,
                413,
                _("Dữ liệu gửi lên quá lớn (%(size)s): tối đa %(limit)s.")
                % {"size": size_text(length, up=True), "limit": size_text(limit)},
            )
        return self.get_response(request)


class OversizedUpload(UploadedFile):
    """A file part not stored because it was too large: empty, but of the size that was sent,
    so that the form's size check words the refusal."""

    def __init__(self, name: str, content_type: str, size: int, charset=None):
        from io import BytesIO

        super().__init__(BytesIO(), name, content_type, size, charset)


class FileSizeLimitUploadHandler(FileUploadHandler):
    """Passes a file part on to the next handlers up to `UPLOAD_FILE_MAX_BYTES`, then stops
    storing it; the file is then an `OversizedUpload`."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if self.too_large or start + len(raw_data) > settings.UPLOAD_FILE_MAX_BYTES:
            self.too_large = True
            return None  # the handlers after this one get nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None
        return OversizedUpload(self.file_name, self.content_type, file_size, self.charset)
