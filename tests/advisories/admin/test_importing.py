""" "Nhập từ văn bản": paste or upload a dispatch, review the prefilled add form, save it.

Expected values are written by hand from reading the seed documents.
"""

import datetime
import sys

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.models import (
    Addressee,
    Directive,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    ScanImport,
    WarningMessage,
)
from advisories.parsing import split_documents
from tests.factories import StaffUserFactory
from tests.pdfs import PDF_BOMBS, heavy_text_pdf, huge_png
from tests.scans import Dispatch as ScanDispatch
from tests.scans import heic_of, photo_of, scanned_pdf_of

from ..parsing.test_text import seed_text
from .pdfs import make_text_pdf, scanned_pdf

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:advisories_dispatch_import")
ADD_URL = reverse("admin:advisories_dispatch_add")
LIST_URL = reverse("admin:advisories_dispatch_changelist")

SMS_1153 = (
    "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến giả mạo nhà trường yêu cầu cung cấp "
    "thông tin, cài đặt ứng dụng “sở liên lạc điện tử”. Đề nghị Nhân dân nâng cao cảnh giác, "
    "không cung cấp tài khoản ngân hàng, mã OTP hoặc cài đặt các ứng dụng lạ, nếu nhận được "
    "cuộc gọi có dấu hiệu bất thường, người dân cần liên hệ ngay với nhà trường, Công an nơi "
    "gần nhất để được hỗ trợ"
)


def text_of(number: str) -> str:
    """The pasted text of one seed dispatch: '29', '2152', '1153' or 'vinh'."""
    if number == "vinh":
        return seed_text("004")
    return split_documents(seed_text("000"))[["29", "2152", "1153"].index(number)]


def org(slug: str) -> int:
    return Organisation.objects.get(slug=slug).pk


def dispatch_pk(number: int) -> int:
    return Dispatch.objects.get(number=number).pk


def import_text(client, text):
    """Submit the import form; follow to the prefilled add form."""
    return client.post(IMPORT_URL, {"text": text}, follow=True)


def main_initial(response) -> dict:
    return response.context["adminform"].form.initial


def inline_rows(response, model) -> list[dict]:
    """The initial data of each row of `model`'s inline on the add form."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return [form.initial for form in inline.formset.forms]
    raise AssertionError(f"no inline for {model.__name__}")


def page_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def counts() -> tuple[int, ...]:
    models = (Dispatch, Addressee, Reference, Directive, WarningMessage, DistributionLine)
    return tuple(model.objects.count() for model in models)


@pytest.fixture
def clerk_client(seeded, make_staff):
    """A clerk (Văn thư) of Sở Y tế An Giang, made with the real role."""
    return make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")


# --- The button and the page ----------------------------------------------------------------


def test_dispatch_list_has_the_import_button(admin_client_logged_in, seeded):
    page = admin_client_logged_in.get(LIST_URL).content.decode()
    assert f'href="{IMPORT_URL}"' in page
    assert "Nhập từ văn bản" in page


def test_import_page_shows_the_form(admin_client_logged_in):
    response = admin_client_logged_in.get(IMPORT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="text"' in page
    assert 'name="pdf"' in page
    assert 'enctype="multipart/form-data"' in page
    # The file picker offers photos too, an iPhone's HEIC among them.
    assert 'accept=".pdf,application/pdf,.jpg,.jpeg,.png,.heic,.heif,' in page


def test_anonymous_is_sent_to_login_and_staff_without_add_permission_gets_403(
    client, django_user_model
):
    assert client.get(IMPORT_URL).status_code == 302
    user = StaffUserFactory()
    user.groups.clear()  # an account whose role an administrator took away
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": text_of("2152")}).status_code == 403
    assert "Nhập từ văn bản" not in client.get(LIST_URL).content.decode()


# --- Prefilled forms for each seed ----------------------------------------------------------


def test_1153_prefills_every_part(admin_client_logged_in, seeded):
    before = counts()
    response = import_text(admin_client_logged_in, text_of("1153"))

    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(f"{ADD_URL}?import=")
    initial = main_initial(response)
    assert {k: v for k, v in initial.items() if k not in ("body", "closing")} == {
        "issuer": org("ubnd-tinh-an-giang"),
        "issuer_line": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "doc_type": "cong_van",
        "number": 1153,
        "symbol": "UBND-KGVX",
        "place": "An Giang",
        "day": 6,
        "month": 10,
        "year": 2025,
        "subject": "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”",
        "signing_authority": "KT",
        "authority_title": "CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Lê Trung Hồi",
    }
    body = initial["body"].split("\n\n")
    assert len(body) == 3
    assert body[0].startswith("Hiện nay, nhiều trường học đã ứng dụng “Sổ liên lạc điện tử”")
    assert body[2].endswith("khẩn trương triển khai thực hiện một số mặt công tác trọng tâm sau:")
    assert initial["closing"].startswith("Nhận được Công văn này, yêu cầu các sở, ban, ngành")
    assert initial["closing"].endswith("xử lý theo quy định của pháp luật./.")

    assert inline_rows(response, Addressee) == [
        {"position": 1, "text": "Các sở, ban, ngành tỉnh"},
        {"position": 2, "text": "UBND các xã, phường, đặc khu"},
    ]
    assert inline_rows(response, Reference) == []
    directives = inline_rows(response, Directive)
    assert [(d["position"], d["label"]) for d in directives] == [
        (1, "1."),
        (2, "2."),
        (3, "3."),
        (4, "4."),
    ]
    assert not any(d.get("heading") for d in directives)
    assert directives[2]["text"] == (
        "Thường xuyên kiểm tra, bảo trì, nâng cấp hệ thống thông tin, cơ sở dữ liệu thuộc phạm "
        "vi quản lý nhằm kịp thời phát hiện và khắc phục các lỗ hổng về kỹ thuật, tránh nguy cơ "
        "không đảm bảo an ninh, an toàn hệ thống dẫn tới lộ, mất dữ liệu cá nhân, nhất là dữ "
        "liệu của học sinh, sinh viên."
    )
    assert directives[3]["text"].startswith("Giao Sở Khoa học và Công nghệ chỉ đạo các nhà")
    assert inline_rows(response, WarningMessage) == [
        {"position": 1, "channel": "sms", "text": SMS_1153}
    ]
    assert inline_rows(response, DistributionLine) == [
        {"position": 1, "text": "Như trên"},
        {"position": 2, "text": "CT và PCT UBND tỉnh"},
        {"position": 3, "text": "Công an tỉnh", "organisation": org("cong-an-tinh-an-giang")},
        {"position": 4, "text": "Sở KH&CN", "organisation": org("so-khcn-an-giang")},
        {"position": 5, "text": "Lãnh đạo VP UBND tỉnh"},
        {"position": 6, "text": "Phòng KGVX"},
        {"position": 7, "text": "Lưu: VT, ntgiang"},
    ]
    page = response.content.decode()
    assert "UBND-KGVX" in page and "Lê Trung Hồi" in page  # rendered into the inputs
    assert "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến" in page
    assert counts() == before


def test_2152_prefills_issuer_from_parent_body_and_links_the_cited_1153(
    admin_client_logged_in, seeded
):
    response = import_text(admin_client_logged_in, text_of("2152"))

    initial = main_initial(response)
    assert initial["issuer"] == org("so-y-te-an-giang")
    assert initial["parent_body_line"] == "UBND TỈNH AN GIANG"
    assert initial["issuer_line"] == "SỞ Y TẾ"
    assert (initial["number"], initial["symbol"]) == (2152, "SYT-CNTTTT")
    assert (initial["day"], initial["month"], initial["year"]) == (7, 10, 2025)
    assert initial["subject"] == 'tuyên truyền phương thức lừa đảo "Sổ liên lạc điện tử"'
    assert (initial["signing_authority"], initial["authority_title"]) == ("KT", "GIÁM ĐỐC")
    assert (initial["signer_title"], initial["signer_name"]) == ("PHÓ GIÁM ĐỐC", "Đoàn Thanh Hùng")
    assert [p[:28] for p in initial["body"].split("\n\n")] == [
        "Thực hiện Công văn số 1153/U",
        "Sở Y tế yêu cầu Thủ trưởng c",
    ]
    assert initial["closing"] == (
        "Nhận được Công văn yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc chỉ đạo "
        "thực hiện./."
    )
    assert inline_rows(response, Addressee) == [
        {"position": 1, "text": "Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế"}
    ]
    assert inline_rows(response, Reference) == [
        {"position": 1, "kind": "thuc_hien", "target": dispatch_pk(1153)}
    ]
    assert inline_rows(response, Directive) == []
    assert inline_rows(response, WarningMessage) == []
    assert [row["text"] for row in inline_rows(response, DistributionLine)] == [
        "Như trên",
        "GD và các PGD SYT (để b/c)",
        "Trang Văn phòng điện tử SYT",
        "Lưu: VT, CNTTTT",
    ]
    assert "Văn bản dẫn chiếu 1153/UBND-KGVX đã có trên cổng: đã liên kết." in page_messages(
        response
    )


def test_a_cited_document_not_in_the_portal_is_kept_as_text(admin_client_logged_in, seeded):
    Dispatch.objects.filter(number=29).delete()
    Dispatch.objects.filter(number=2152).delete()
    Dispatch.objects.filter(number=1153).update(status=Dispatch.Status.DRAFT, published_at=None)

    response = import_text(admin_client_logged_in, text_of("2152"))

    # 1153 exists only as a draft: not public, so not linked.
    assert inline_rows(response, Reference) == [
        {
            "position": 1,
            "kind": "thuc_hien",
            "external_doc_type": "Công văn",
            "external_number_symbol": "1153/UBND-KGVX",
            "external_date": datetime.date(2025, 10, 6),
            "external_issuer": "UBND tỉnh An Giang",
        }
    ]


def test_29_pasted_with_the_other_two_takes_the_first_and_says_so(admin_client_logged_in, seeded):
    response = import_text(admin_client_logged_in, seed_text("000"))

    initial = main_initial(response)
    assert initial["issuer"] == org("ttyt-kien-hai")
    assert (initial["parent_body_line"], initial["issuer_line"]) == (
        "SỞ Y TẾ AN GIANG",
        "TRUNG TÂM Y TẾ KIÊN HẢI",
    )
    assert (initial["number"], initial["symbol"], initial["place"]) == (
        29,
        "TTYT-DS.TTGDSK",
        "Kiên Hải",
    )
    assert "signing_authority" not in initial
    assert initial["signer_name"] == "Nguyễn Văn Cẩn"
    assert len(initial["body"].split("\n\n")) == 3
    assert inline_rows(response, Reference) == [
        {"position": 1, "kind": "can_cu", "target": dispatch_pk(2152)}
    ]
    assert [row["text"] for row in inline_rows(response, Addressee)] == [
        "Các Phòng, Khoa chuyên môn trực thuộc Trung tâm Y tế",
        "Các Trạm Y tế",
    ]
    assert len(inline_rows(response, DistributionLine)) == 4
    messages = page_messages(response)
    assert any(
        m.startswith("Nội dung có 3 văn bản; chỉ văn bản đầu tiên được nhập.") for m in messages
    )


def test_vinh_notice_has_no_issuer_line_blank_number_and_day_and_headed_tasks(
    admin_client_logged_in, seeded
):
    response = import_text(admin_client_logged_in, text_of("vinh"))

    initial = main_initial(response)
    for missing in ("issuer", "issuer_line", "parent_body_line", "number", "day"):
        assert missing not in initial, missing
    assert (initial["symbol"], initial["place"], initial["month"], initial["year"]) == (
        "UBND-VHTT",
        "Vinh",
        3,
        2024,
    )
    assert (initial["signing_authority"], initial["authority_title"]) == ("TL", "CHỦ TỊCH")
    assert (initial["signer_title"], initial["signer_name"]) == ("CHÁNH VĂN PHÒNG", "Võ Khắc Hùng")
    directives = inline_rows(response, Directive)
    assert [(d["label"], d["heading"]) for d in directives] == [
        ("1.", "Trung tâm Văn hóa - Thể thao và Truyền thông Thành phố"),
        (
            "2.",
            "Các phòng, ban, ngành, đơn vị Thành phố, Bộ phận tiếp nhận và trả kết quả UBND "
            "Thành phố và Bộ phận 1 cửa phường, xã",
        ),
        ("3.", "Công an Thành phố"),
    ]
    bullets = directives[1]["text"].split("\n\n")
    assert [b[:22] for b in bullets] == [
        "- Tăng cường tuyên tru",
        "- Quyết liệt triển kha",
        "- Tổ chức rà soát, kiể",
    ]
    assert (
        "Chưa nhận ra cơ quan ban hành (không có dòng tên cơ quan): hãy chọn trong danh sách."
        in (page_messages(response))
    )


def test_another_bodys_document_is_never_preselected_as_the_clerks_own(clerk_client, seeded):
    text = text_of("2152").replace("UBND TỈNH AN GIANG", "UBND TỈNH NGHỆ AN", 1)
    text = text.replace("SỞ Y TẾ", "SỞ TƯ PHÁP", 1)

    initial = main_initial(import_text(clerk_client, text))

    assert initial["issuer_line"] == "SỞ TƯ PHÁP"
    assert "issuer" not in initial  # not the clerk's Sở Y tế: the clerk chooses


def test_a_staff_user_with_add_permission_imports_too(clerk_client, seeded):
    before = counts()
    response = import_text(clerk_client, text_of("2152"))

    assert response.status_code == 200
    initial = main_initial(response)
    assert (initial["number"], initial["symbol"]) == (2152, "SYT-CNTTTT")
    assert initial["issuer"] == org("so-y-te-an-giang")
    assert counts() == before


# --- Bombs: a clerk's upload is refused in seconds, before parsing -------------------------


@pytest.mark.parametrize(("build", "message"), PDF_BOMBS.values(), ids=PDF_BOMBS.keys())
def test_a_clerk_uploading_a_bomb_gets_the_form_again_with_the_reason(clerk_client, build, message):
    upload = SimpleUploadedFile("cong-van.pdf", build(), "application/pdf")
    response = clerk_client.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert message in form_errors(response)
    assert message in response.content.decode()
    assert not clerk_client.session.get("dispatch_imports")


def test_a_clerk_uploading_a_ten_gigapixel_png_is_told_it_is_too_large(clerk_client):
    upload = SimpleUploadedFile("anh.pdf", huge_png(), "application/pdf")
    response = clerk_client.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert "Ảnh quá lớn (10.000.000.000 điểm ảnh" in form_errors(response)
    assert not ScanImport.objects.exists()


def test_a_pdf_that_takes_too_long_to_read_is_cut_off(clerk_client, settings):
    """100 pages, within every limit, whose content takes minutes to read: the child reading
    it is stopped at PARSE_TIMEOUT_SECONDS and the clerk told why."""
    settings.PARSE_TIMEOUT_SECONDS = 1
    upload = SimpleUploadedFile("nang.pdf", heavy_text_pdf(), "application/pdf")
    response = clerk_client.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert "Tệp quá phức tạp để đọc trong thời gian cho phép (1 giây)" in form_errors(response)


def test_pasted_text_is_parsed_within_the_limits_too(clerk_client, settings):
    settings.PARSE_TIMEOUT_SECONDS = 0.01
    response = clerk_client.post(IMPORT_URL, {"text": text_of("2152")})

    assert response.status_code == 200
    assert "quá phức tạp để đọc trong thời gian cho phép" in form_errors(response)


# --- PDF upload and bad input ---------------------------------------------------------------


def test_uploaded_pdf_of_2152_prefills_the_same_form(admin_client_logged_in, seeded):
    upload = SimpleUploadedFile("2152.pdf", make_text_pdf(text_of("2152")), "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload}, follow=True)

    assert response.status_code == 200
    initial = main_initial(response)
    assert initial["issuer"] == org("so-y-te-an-giang")
    assert (initial["number"], initial["symbol"], initial["day"]) == (2152, "SYT-CNTTTT", 7)
    assert initial["signer_name"] == "Đoàn Thanh Hùng"
    assert inline_rows(response, Reference) == [
        {"position": 1, "kind": "thuc_hien", "target": dispatch_pk(1153)}
    ]
    assert len(inline_rows(response, DistributionLine)) == 4


def form_errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# The worker manages its own transactions and connections: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_a_blank_scan_is_read_in_the_background_and_the_reason_shown(
    admin_client_logged_in, run_worker
):
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(), "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})
    scan = ScanImport.objects.get()
    run_worker()

    response = admin_client_logged_in.get(response["Location"])
    assert response.status_code == 200
    assert "Không nhận dạng được chữ trong bản scan (ảnh trắng" in response.content.decode()
    assert Dispatch.objects.count() == 0
    scan.refresh_from_db()
    assert (scan.status, bytes(scan.data)) == (ScanImport.Status.FAILED, b"")


WORKER_STOPPED = "Bộ xử lý nền (task worker) đang không chạy nên bản scan chưa được đọc."


def _age_scan_and_queue(seconds: int) -> None:
    """As if the scan had been uploaded `seconds` ago and its task queued then."""
    ago = datetime.timedelta(seconds=seconds)
    ScanImport.objects.update(created_at=F("created_at") - ago)
    DBTaskResult.objects.update(enqueued_at=F("enqueued_at") - ago)


@pytest.mark.django_db(transaction=True)
def test_a_scan_waiting_for_a_stopped_worker_says_so_and_is_read_when_it_runs(
    admin_client_logged_in, run_worker, settings
):
    settings.SCAN_QUEUE_WARNING_SECONDS = 30
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(), "application/pdf")
    progress_url = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})["Location"]

    just_queued = admin_client_logged_in.get(progress_url).content.decode()
    assert WORKER_STOPPED not in just_queued  # a worker takes a moment to pick it up

    _age_scan_and_queue(45)  # no worker ran for 45 seconds
    waiting = admin_client_logged_in.get(progress_url).content.decode()
    assert f'<p class="errornote" role="alert">{WORKER_STOPPED}' in waiting
    assert "sẽ được đọc ngay khi bộ xử lý nền chạy lại" in waiting
    assert "<code>make worker</code>" in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting  # still following it

    run_worker()  # the administrator starts the worker

    read = admin_client_logged_in.get(progress_url).content.decode()
    assert WORKER_STOPPED not in read
    assert "Không nhận dạng được chữ trong bản scan (ảnh trắng" in read  # blank: read, and why


@pytest.mark.django_db(transaction=True)
def test_a_scan_queued_behind_a_long_reading_is_not_blamed_on_a_stopped_worker(
    admin_client_logged_in, settings
):
    """The worker is busy with another clerk's 50-page scan (a task started two minutes ago
    and still running): the scan waits its turn, without the alarm."""
    settings.SCAN_QUEUE_WARNING_SECONDS = 30
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(), "application/pdf")
    progress_url = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})["Location"]
    _age_scan_and_queue(45)
    other = SimpleUploadedFile("khac.pdf", scanned_pdf(), "application/pdf")
    admin_client_logged_in.post(IMPORT_URL, {"pdf": other})
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.latest("enqueued_at").pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=2),
    )  # as db_worker marks the task it took

    page = admin_client_logged_in.get(progress_url).content.decode()
    assert "đã đọc <strong>0/1</strong> trang" in page
    assert WORKER_STOPPED not in page


def test_a_scan_past_the_ocr_page_limit_is_refused_at_once(admin_client_logged_in, settings):
    settings.OCR_MAX_PAGES = 0
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(), "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert "Bản scan có 1 trang: nhận dạng ký tự (OCR) chỉ nhận tối đa 0 trang" in form_errors(
        response
    )
    assert not ScanImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_stamped_scan_prefills_the_form_with_crops_of_the_fields_to_check(
    clerk_client, admin_client_logged_in, run_worker
):
    """The clerk uploads a stamped scan dated in the future (a misread year, as OCR makes):
    progress first, then the prefilled form with the date highlighted beside its crop."""
    scan_bytes = scanned_pdf_of(ScanDispatch(year=2031), 150)
    upload = SimpleUploadedFile("ban-scan.pdf", scan_bytes, "application/pdf")
    response = clerk_client.post(IMPORT_URL, {"pdf": upload})
    progress_url = response["Location"]

    waiting = clerk_client.get(progress_url)
    assert "đã đọc <strong>0/1</strong> trang" in waiting.content.decode()
    run_worker()
    response = clerk_client.get(progress_url, follow=True)

    initial = main_initial(response)
    assert (initial["number"], initial["symbol"]) == (2152, "SYT-CNTTTT")
    assert (initial["day"], initial["month"], initial["year"]) == (7, 10, 2031)
    assert initial["signer_name"] == "Đoàn Thanh Hùng"
    page = response.content.decode()
    assert "Cần đối chiếu với bản gốc" in page
    scan = ScanImport.objects.get()
    crop_url = reverse("admin:advisories_dispatch_import_crop", args=[scan.key, "date"])
    assert f'src="{crop_url}"' in page
    assert ".form-row.field-day" in page
    crop = clerk_client.get(crop_url)
    assert (crop.status_code, crop["Content-Type"]) == (200, "image/png")
    assert crop.content.startswith(b"\x89PNG")
    # Another user sees neither the crop nor the progress.
    assert admin_client_logged_in.get(crop_url).status_code == 404
    assert admin_client_logged_in.get(progress_url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_iphone_heic_photo_is_read_in_the_background_like_a_jpeg(clerk_client, run_worker):
    heic = heic_of(photo_of(ScanDispatch(), 150, 0.0, "JPEG"), sideways=True)
    upload = SimpleUploadedFile("IMG_0001.HEIC", heic, "image/heic")
    response = clerk_client.post(IMPORT_URL, {"pdf": upload})
    assert ScanImport.objects.get().status == ScanImport.Status.QUEUED

    run_worker()
    response = clerk_client.get(response["Location"], follow=True)

    initial = main_initial(response)
    assert (initial["number"], initial["symbol"]) == (2152, "SYT-CNTTTT")
    assert (initial["day"], initial["month"], initial["year"]) == (7, 10, 2025)
    assert initial["signer_name"] == "Đoàn Thanh Hùng"


def test_a_heic_photo_past_the_pixel_limit_is_refused_at_once(clerk_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    heic = heic_of(photo_of(ScanDispatch(), 150, 0.0, "PNG"))
    response = clerk_client.post(IMPORT_URL, {"pdf": SimpleUploadedFile("anh.heic", heic)})

    assert response.status_code == 200
    assert "Ảnh quá lớn (" in form_errors(response)
    assert "tối đa 1.000.000)" in form_errors(response)
    assert not ScanImport.objects.exists()


def test_without_pillow_heif_a_heic_upload_is_refused_in_vietnamese(clerk_client, monkeypatch):
    heic = heic_of(photo_of(ScanDispatch(), 150, 0.0, "PNG"))
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # as if it were not installed
    response = clerk_client.post(IMPORT_URL, {"pdf": SimpleUploadedFile("anh.heic", heic)})

    assert response.status_code == 200
    assert "chưa cài đặt thư viện đọc ảnh HEIC/HEIF (pillow-heif)" in form_errors(response)
    assert not ScanImport.objects.exists()


def test_a_file_that_is_no_pdf_is_refused(admin_client_logged_in):
    upload = SimpleUploadedFile("2152.pdf", text_of("2152").encode(), "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert "Tệp tải lên không phải PDF" in form_errors(response)


def test_a_pdf_over_the_size_limit_is_refused(admin_client_logged_in):
    data = make_text_pdf("Số: 1/UBND") + b" " * settings.IMPORT_MAX_BYTES
    upload = SimpleUploadedFile("big.pdf", data, "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})

    assert response.status_code == 200
    assert "Tệp quá lớn (20,1 MB): tối đa 20 MB." in form_errors(response)


@pytest.mark.parametrize("text", ["", "   \n  "], ids=["empty", "blank"])
def test_empty_text_is_refused(admin_client_logged_in, text):
    response = admin_client_logged_in.post(IMPORT_URL, {"text": text})

    assert response.status_code == 200
    assert "Hãy dán nội dung văn bản hoặc chọn một tệp PDF." in form_errors(response)


def test_text_and_pdf_together_are_refused(admin_client_logged_in):
    upload = SimpleUploadedFile("2152.pdf", make_text_pdf(text_of("2152")), "application/pdf")
    response = admin_client_logged_in.post(IMPORT_URL, {"text": text_of("1153"), "pdf": upload})

    assert response.status_code == 200
    assert "Chỉ chọn một cách: dán nội dung hoặc tải tệp PDF." in form_errors(response)


@pytest.mark.parametrize("key", ["khong-co", "", "%00"])
def test_unknown_or_expired_key_shows_an_empty_add_form_with_a_message(admin_client_logged_in, key):
    response = admin_client_logged_in.get(ADD_URL, {"import": key})

    assert response.status_code == 200
    assert "number" not in main_initial(response)
    assert page_messages(response) == [
        "Không tìm thấy dữ liệu đã nhập (đã hết hạn hoặc đã lưu). Hãy nhập lại văn bản."
    ]


def test_text_that_is_no_dispatch_still_opens_a_form_to_fill(admin_client_logged_in):
    response = import_text(admin_client_logged_in, "xin chào")

    assert response.status_code == 200
    assert "symbol" not in main_initial(response)
    assert Dispatch.objects.count() == 0


# --- Saving the reviewed form ---------------------------------------------------------------


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def post_data_of(response) -> dict:
    """What the browser sends when the clerk presses Save without changing anything."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value in (None, False, []):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else _post_value(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value in (None, False, [], ""):
                    continue
                key = row.add_prefix(name)
                data[key] = (
                    [str(v) for v in value] if isinstance(value, list) else _post_value(value)
                )
    data["_save"] = "Lưu lại"
    return data


def test_saving_the_prefilled_2152_creates_it_with_its_parts_linked_to_1153(
    admin_client_logged_in, seeded
):
    Dispatch.objects.get(number=29).delete()  # it cites 2152, which is protected
    Dispatch.objects.get(number=2152).delete()
    before = counts()

    response = import_text(admin_client_logged_in, text_of("2152"))
    add_url = response.redirect_chain[0][0]
    assert counts() == before  # reviewing saves nothing

    saved = admin_client_logged_in.post(add_url, post_data_of(response))

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    dispatch = Dispatch.objects.get(number=2152)
    assert dispatch.issuer.slug == "so-y-te-an-giang"
    assert dispatch.status == Dispatch.Status.DRAFT
    assert (dispatch.parent_body_line, dispatch.issuer_line) == ("UBND TỈNH AN GIANG", "SỞ Y TẾ")
    assert (dispatch.year, dispatch.month, dispatch.day) == (2025, 10, 7)
    assert (dispatch.signing_authority, dispatch.authority_title) == ("KT", "GIÁM ĐỐC")
    assert len(dispatch.body_paragraphs) == 2
    assert list(dispatch.addressees.values_list("position", "text")) == [
        (1, "Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế")
    ]
    assert [(r.kind, r.target.number) for r in dispatch.references.all()] == [("thuc_hien", 1153)]
    assert list(dispatch.distribution.values_list("text", flat=True)) == [
        "Như trên",
        "GD và các PGD SYT (để b/c)",
        "Trang Văn phòng điện tử SYT",
        "Lưu: VT, CNTTTT",
    ]
    assert "so lien lac dien tu" in dispatch.search_text

    # The import was used up: opening it again gives an empty form.
    again = admin_client_logged_in.get(add_url)
    assert "number" not in main_initial(again)


def test_saving_the_prefilled_1153_keeps_tasks_and_the_sms_text(admin_client_logged_in, seeded):
    for number in (29, 2152, 1153):  # each cites the next, which is protected
        Dispatch.objects.get(number=number).delete()
    response = import_text(admin_client_logged_in, text_of("1153"))
    url, data = response.redirect_chain[0][0], post_data_of(response)

    # Tasks 1-3 name no unit in the text: the clerk is asked to choose before anything is saved.
    refused = admin_client_logged_in.post(url, data)
    assert refused.status_code == 200
    assert "Nhiệm vụ này chưa giao cho đơn vị nào" in refused.content.decode()
    assert not Dispatch.objects.filter(number=1153).exists()

    departments = Organisation.objects.filter(parent__slug="ubnd-tinh-an-giang")
    prefix = next(
        f.formset.prefix
        for f in response.context["inline_admin_formsets"]
        if "directive" in f.formset.prefix
    )
    for row in range(4):
        data.setdefault(f"{prefix}-{row}-assignees", [str(o.pk) for o in departments])
    saved = admin_client_logged_in.post(url, data)

    assert saved.status_code == 302
    dispatch = Dispatch.objects.get(number=1153)
    assert list(dispatch.directives.values_list("label", flat=True)) == ["1.", "2.", "3.", "4."]
    assert list(dispatch.warnings.values_list("channel", "text")) == [("sms", SMS_1153)]
    assert dispatch.distribution.get(position=3).organisation.slug == "cong-an-tinh-an-giang"


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 60])
def test_query_counts_of_import_and_review_do_not_grow_with_the_data(
    admin_client_logged_in, seeded, django_assert_max_num_queries, extra
):
    """Same budget with the seed alone and with 60 more organisations and 20 more dispatches:
    organisations are matched from one query, each cited document costs one."""
    from tests.factories import DispatchFactory, OrganisationFactory

    OrganisationFactory.create_batch(extra)
    DispatchFactory.create_batch(extra // 3)
    with django_assert_max_num_queries(9):
        response = admin_client_logged_in.post(IMPORT_URL, {"text": text_of("2152")})
    with django_assert_max_num_queries(9):
        review = admin_client_logged_in.get(response["Location"])
    assert main_initial(review)["number"] == 2152


# --- In English: a portal whose language is English serves the import in English ----------


@pytest.mark.django_db(transaction=True)
def test_the_import_speaks_english_on_a_portal_set_to_english(
    admin_client_logged_in, settings, run_worker
):
    """The strings come from the catalogue (locale/en), the Vietnamese stays the msgid."""
    settings.LANGUAGE_CODE = "en"  # the admin has no /en/ address: it speaks the portal's language

    page = admin_client_logged_in.get(IMPORT_URL).content.decode()
    assert "<title>Import a document from its text or a PDF file |" in page
    assert '<li aria-current="page">Import from a document</li>' in page
    assert "Paste the text of the document" in page
    assert "or upload a PDF file, a scan or a photo" in page
    assert (
        "A PDF file (exported from Word, or a scan), a JPEG/PNG/HEIC photo; at most 20 MB" in page
    )
    assert "<strong>nothing is saved</strong> until you press Save" in page
    assert 'value="Read the document and fill in the form"' in page
    assert "Nhập từ văn bản" not in page and "Dán nội dung" not in page

    refused = admin_client_logged_in.post(IMPORT_URL, {"text": ""})
    assert "Paste the text of the document or choose a PDF file." in form_errors(refused)

    # A pasted text with a date that does not exist: the checks panel, in English.
    text = (
        "UBND TỈNH AN GIANG\nSỞ Y TẾ\nSố: 12/SYT-VP\nAn Giang, ngày 31 tháng 02 năm 2025\n"
        "V/v cảnh báo lừa đảo\nKính gửi: Các đơn vị\nNội dung.\nNơi nhận:\n- Lưu: VT, VPS.\n"
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐoàn Thanh Hùng\n"
    )
    form = import_text(admin_client_logged_in, text)
    checks = form.content.decode()
    assert '<h2 id="import-checks-title">To check against the original</h2>' in checks
    assert "<strong>Date of issue</strong>" in checks
    assert "Check against the original: symbol, date of issue." in page_messages(form)

    # A scan waiting for a stopped worker: the progress page, in English.
    upload = SimpleUploadedFile("scan.pdf", scanned_pdf(), "application/pdf")
    progress_url = admin_client_logged_in.post(IMPORT_URL, {"pdf": upload})["Location"]
    _age_scan_and_queue(45)
    progress = admin_client_logged_in.get(progress_url).content.decode()
    assert "<strong>0/1</strong> pages read" in progress
    assert "The background task worker is not running, so the scan has not been read" in progress
    assert "Import from a document</a></li>" in progress
    # The worker keeps its reason in Vietnamese; the page shows it translated.
    run_worker()
    failed = admin_client_logged_in.get(progress_url).content.decode()
    assert "No text could be recognised in the scan (a blank image" in failed
    assert ScanImport.objects.get(key=progress_url.rstrip("/").rsplit("/", 1)[1]).error == (
        "Không nhận dạng được chữ trong bản scan (ảnh trắng, quá mờ hoặc không phải văn bản)."
    )
