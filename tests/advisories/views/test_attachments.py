"""Attachments: PDF only (by content), size-limited, stored under generated names, downloaded."""

import io
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from advisories.models import Attachment, Dispatch
from advisories.validators import validate_pdf
from tests.admin_forms import change_form_data
from tests.factories import DispatchFactory, OrganisationFactory
from tests.pdfs import PDF_BOMBS, huge_png, nested_dictionaries_bomb

pytestmark = pytest.mark.django_db


def pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_real_pdf_is_accepted_whatever_its_name():
    validate_pdf(_upload("cong-van.pdf", pdf_bytes()))
    validate_pdf(_upload("ban-quet", pdf_bytes(), content_type="application/octet-stream"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 a Windows program", "không phải PDF"),
        ("trang.pdf", b"<html><script>alert(1)</script></html>", "không phải PDF"),
        ("hong.pdf", b"%PDF-1.7\nrac rac rac", "Không đọc được tệp PDF"),
        ("cut.pdf", pdf_bytes()[:60], "Không đọc được tệp PDF"),
        ("rong.pdf", b"", "không phải PDF"),
    ],
    ids=["exe", "html", "garbage-after-magic", "truncated", "empty"],
)
def test_anything_else_is_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_pdf(_upload(name, content))


def test_too_large_a_file_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        validate_pdf(_upload("lon.pdf", pdf_bytes() + b"\n%" + b"x" * 2000))


def _post_attachment_on_draft_page(client, upload, dispatch=None):
    """Add an attachment the way staff do: on the draft's page, in its "Tệp đính kèm" inline."""
    dispatch = dispatch or DispatchFactory(draft=True)
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    page = client.get(url)
    data = change_form_data(page)
    inline = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Attachment
    )
    prefix = inline.prefix
    data[f"{prefix}-TOTAL_FORMS"] = int(data[f"{prefix}-TOTAL_FORMS"]) + 1
    data[f"{prefix}-0-title"] = "Công văn 1153"
    data[f"{prefix}-0-file"] = upload
    return client.post(url, data)


def test_the_admin_form_refuses_a_non_pdf(admin_client_logged_in):
    response = _post_attachment_on_draft_page(
        admin_client_logged_in, _upload("cong-van.pdf", b"<svg onload=alert(1)>")
    )
    assert response.status_code == 200
    assert "Tệp này không phải PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_admin_stores_a_pdf_under_a_generated_name(admin_client_logged_in):
    response = _post_attachment_on_draft_page(
        admin_client_logged_in, _upload("../../etc/passwd; rm -rf.PDF", pdf_bytes())
    )
    assert response.status_code == 302
    stored = Attachment.objects.get().file.name
    assert stored.startswith("attachments/") and stored.endswith(".pdf")
    assert "passwd" not in stored and len(stored) == len("attachments/") + 32 + 4


# --- Bombs: refused in seconds, before anything parses them, and without a log flood --------


@pytest.fixture
def clerk(make_staff):
    """A clerk (Văn thư), made with the real role, and a draft of their organisation."""
    organisation = OrganisationFactory()
    client = make_staff(organisation, "clerk")
    client.draft = DispatchFactory(draft=True, issuer=organisation)
    return client


def _attach_as_clerk(clerk, content):
    return _post_attachment_on_draft_page(clerk, _upload("cong-van.pdf", content), clerk.draft)


@pytest.mark.parametrize(("build", "message"), PDF_BOMBS.values(), ids=PDF_BOMBS.keys())
def test_a_clerk_attaching_a_bomb_is_refused_with_the_reason(clerk, build, message):
    response = _attach_as_clerk(clerk, build())

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_clerk_attaching_a_ten_gigapixel_png_is_told_it_is_no_pdf(clerk):
    response = _attach_as_clerk(clerk, huge_png())

    assert response.status_code == 200
    assert "Tệp này không phải PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attaching_the_nested_dictionary_bomb_writes_no_flood_of_log_lines(clerk, caplog):
    """It wrote 16,514 pypdf warnings (1.9 MB) when the attachment was read in the worker."""
    caplog.set_level(logging.DEBUG)
    response = _attach_as_clerk(clerk, nested_dictionaries_bomb())

    assert "quá nhiều lỗi cấu trúc" in response.content.decode()
    pypdf_lines = [r for r in caplog.records if "pypdf" in r.name or "pypdf" in r.getMessage()]
    assert len(pypdf_lines) <= 3


def test_an_attachment_within_the_limits_is_still_accepted(clerk, settings):
    settings.ATTACHMENT_MAX_PAGES = 3
    response = _attach_as_clerk(clerk, pdf_bytes(pages=3))

    assert response.status_code == 302
    assert Attachment.objects.count() == 1


def test_one_page_past_the_attachment_limit_is_refused(clerk, settings):
    settings.ATTACHMENT_MAX_PAGES = 3
    response = _attach_as_clerk(clerk, pdf_bytes(pages=4))

    assert "Tệp PDF có 4 trang: chỉ nhận tệp tối đa 3 trang" in response.content.decode()
    assert not Attachment.objects.exists()


def _attachment(dispatch):
    return Attachment.objects.create(
        dispatch=dispatch, title="Công văn 1153", file=_upload("x.pdf", pdf_bytes())
    )


def test_public_attachment_is_downloaded_as_a_pdf(client):
    attachment = _attachment(DispatchFactory())
    response = client.get(reverse("advisories:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_dispatch_page_links_to_the_download_view(client):
    dispatch = DispatchFactory()
    attachment = _attachment(dispatch)
    html = client.get(dispatch.get_absolute_url()).content.decode()
    assert f'href="/tep/{attachment.pk}/"' in html
    assert "/media/" not in html


def test_attachment_of_a_draft_is_not_served(client):
    attachment = _attachment(DispatchFactory(draft=True))
    assert client.get(reverse("advisories:attachment", args=[attachment.pk])).status_code == 404


def test_media_files_are_not_served_as_is(client):
    attachment = _attachment(DispatchFactory(status=Dispatch.Status.PUBLISHED))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
