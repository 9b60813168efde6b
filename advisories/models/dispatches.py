"""Dispatches (công văn and other administrative documents) and the parts that belong to one.

The printed parts are kept as printed (issuer and parent-body lines, a blank number, a blank day
or month), because a citizen compares the page with the paper and old documents keep old names.
"""

import calendar
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import index_text
from ..validators import validate_pdf
from .chains import CitesAnyOf

# Who changed what and when, kept by django-simple-history; the folded search text and the
# timestamps are derived and would only add noise to the history.
_NOT_IN_HISTORY = ["search_text", "updated_at", "created_at"]

# The administrative opening of a công văn's subject ("V/v", "V/V:", "Về việc"), which a clerk
# may have typed into the subject although the printed layout adds it.
_ADMINISTRATIVE_OPENING = re.compile(r"^\s*(?:v/v|v\.v\.?|về việc)\s*[:.\-–]?\s*", re.IGNORECASE)


class DispatchQuerySet(models.QuerySet):
    def public(self):
        """What a citizen may read: published, and withdrawn ones (shown with a banner)."""
        return self.filter(status__in=[Dispatch.Status.PUBLISHED, Dispatch.Status.WITHDRAWN])

    def published(self):
        return self.filter(status=Dispatch.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Dispatch.Status.DRAFT)

    def for_organisation(self, organisation):
        return self.filter(issuer=organisation)

    def addressed_to(self, organisation):
        """Dispatches whose "Kính gửi" names the organisation, directly or in a group line."""
        from .recipients import Addressee

        lines = Addressee.objects.filter(
            Q(organisation=organisation) | Q(members=organisation)
        ).values("dispatch_id")
        return self.filter(pk__in=lines)

    def reaching(self, organisation):
        """Dispatches that reach the organisation as a recipient: named, or a member of a group
        line ("Các Trạm Y tế"), under "Kính gửi" or "Nơi nhận" (its own ones aside)."""
        from .recipients import Addressee, DistributionLine

        names = Q(organisation=organisation) | Q(members=organisation)
        return self.filter(
            Q(pk__in=Addressee.objects.filter(names).values("dispatch_id"))
            | Q(pk__in=DistributionLine.objects.filter(names).values("dispatch_id"))
        ).exclude(issuer=organisation)

    def chain_heads(self):
        """One row per chain: without the dispatches that forward, at any depth, another
        dispatch of this same queryset. The chain's root stays when it is in the queryset (a
        public list: published or withdrawn), else the highest of its forwards that are."""
        return self.exclude(CitesAnyOf(self))

    def newest_first(self):
        return self.order_by(
            "-year",
            models.F("month").desc(nulls_last=True),
            models.F("day").desc(nulls_last=True),
            "-published_at",
            "-pk",
        )

    def for_listing(self):
        """What a list row needs, newest first, without the long texts only the document shows.

        The issuers come in a second query rather than a join: joined, SQLite's planner may
        read every dispatch of every organisation and sort them all for a page of six (290 ms
        at 100,000 dispatches) instead of reading the newest-first index (under 1 ms)."""
        return (
            self.prefetch_related("issuer")
            .defer("body", "closing", "search_text", "withdrawal_reason", "summary_en")
            .newest_first()
        )


def _choice_label(choices, value):
    """The label of `value` in this language, or the value itself if it is not a choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Dispatch(models.Model):
    class DocType(models.TextChoices):
        CONG_VAN = "cong_van", _("Công văn")
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        CHI_THI = "chi_thi", _("Chỉ thị")
        THONG_BAO = "thong_bao", _("Thông báo")
        QUYET_DINH = "quyet_dinh", _("Quyết định")
        HUONG_DAN = "huong_dan", _("Hướng dẫn")
        BAO_CAO = "bao_cao", _("Báo cáo")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")
        WITHDRAWN = "withdrawn", _("Đã thu hồi")

    class Authority(models.TextChoices):
        NONE = "", "(ký trực tiếp)"
        KT = "KT", "KT. (ký thay)"
        TL = "TL", "TL. (thừa lệnh)"
        TM = "TM", "TM. (thay mặt)"
        TUQ = "TUQ", "TUQ. (thừa ủy quyền)"

    issuer = models.ForeignKey(
        "advisories.Organisation",
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="dispatches",
    )
    parent_body_line = models.CharField(
        "cơ quan chủ quản (như in)",
        max_length=255,
        blank=True,
        help_text="Dòng phía trên tên cơ quan ban hành, ví dụ UBND TỈNH AN GIANG.",
    )
    issuer_line = models.CharField(
        "tên cơ quan ban hành (như in)",
        max_length=255,
        blank=True,
        help_text="Giữ nguyên tên in trên văn bản, kể cả khi đơn vị đã đổi tên.",
    )
    doc_type = models.CharField(
        "loại văn bản", max_length=20, choices=DocType, default=DocType.CONG_VAN
    )
    number = models.PositiveIntegerField(
        "số", null=True, blank=True, help_text="Để trống nếu văn bản chưa có số."
    )
    unnumbered = models.BooleanField(
        "ban hành không ghi số",
        default=False,
        help_text=(
            "Chỉ chọn khi cơ quan ban hành văn bản này không ghi số (như thông báo của UBND "
            "thành phố Vinh: “Số: /UBND-VHTT”). Không chọn thì phải ghi số trước khi ban hành."
        ),
    )
    symbol = models.CharField(
        "ký hiệu", max_length=60, help_text="Phần sau dấu /, ví dụ UBND-KGVX."
    )
    place = models.CharField("địa danh", max_length=80)
    year = models.PositiveSmallIntegerField("năm")
    month = models.PositiveSmallIntegerField("tháng", null=True, blank=True)
    day = models.PositiveSmallIntegerField("ngày", null=True, blank=True)
    subject = models.TextField(
        "trích yếu", help_text='Nội dung sau "V/v" (công văn) hoặc sau tên loại văn bản.'
    )
    body = models.TextField("nội dung mở đầu", help_text="Phần nội dung trước các nhiệm vụ.")
    closing = models.TextField(
        "nội dung kết thúc", blank=True, help_text="Phần nội dung sau các nhiệm vụ."
    )
    summary_en = models.TextField(
        "tóm tắt tiếng Anh",
        blank=True,
        help_text=(
            "Vài câu tiếng Anh cho người đọc trang /en/ (thủ đoạn gì, ai bị nhắm tới, cần làm "
            "gì), hiện phía trên văn bản gốc; văn bản vẫn giữ nguyên tiếng Việt."
        ),
    )
    signing_authority = models.CharField(
        "thẩm quyền ký", max_length=3, choices=Authority, default=Authority.NONE, blank=True
    )
    authority_title = models.CharField(
        "ký thay/thay mặt cho",
        max_length=120,
        blank=True,
        help_text="Chức danh sau KT./TL./TM./TUQ., ví dụ CHỦ TỊCH.",
    )
    signer_title = models.CharField(
        "chức vụ người ký", max_length=120, blank=True, help_text="Ví dụ PHÓ CHỦ TỊCH."
    )
    signer_name = models.CharField("họ tên người ký", max_length=120, blank=True)
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True)
    withdrawn_on = models.DateField("ngày thu hồi", null=True, blank=True)
    withdrawal_reason = models.TextField("lý do thu hồi", blank=True)
    scam_patterns = models.ManyToManyField(
        "advisories.ScamPattern",
        verbose_name="thủ đoạn lừa đảo",
        related_name="dispatches",
        blank=True,
    )
    search_text = models.TextField(
        "nội dung tìm kiếm",
        blank=True,
        editable=False,
        help_text=(
            "Các từ không dấu, chữ thường, không dấu câu; do services.refresh_search_text "
            "cập nhật (kèm chỉ mục toàn văn: FTS5 trên SQLite, tsvector trên PostgreSQL)."
        ),
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = DispatchQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=_NOT_IN_HISTORY, m2m_fields=[scam_patterns])

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        permissions = [
            ("publish_dispatch", "Được ban hành văn bản"),
            ("withdraw_dispatch", "Được thu hồi văn bản"),
            ("correct_dispatch", "Được đính chính văn bản"),
        ]
        ordering = ["-year", "-month", "-day", "-pk"]
        # Migration 0002 adds, per database, the index of the public list's order and the
        # full-text index (see advisories/search/backend.py).
        indexes = [
            models.Index(fields=["status", "-year", "-month", "-day"]),
            models.Index(fields=["number"], name="dispatch_number_idx"),
            # The sitemaps' lastmod (advisories/sitemaps.py): the newest change of all public
            # dispatches, and of one organisation's, read from an index, not a scan.
            models.Index(fields=["updated_at"], name="dispatch_updated_idx"),
            models.Index(fields=["issuer", "updated_at"], name="dispatch_issuer_updated_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number", "symbol"],
                condition=Q(number__isnull=False),
                name="dispatch_number_symbol_unique_per_issuer_year",
                violation_error_message=(
                    "Cơ quan này đã có văn bản cùng số và ký hiệu trong năm này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="dispatch_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | (Q(month__gte=1) & Q(month__lte=12)),
                name="dispatch_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | (Q(day__gte=1) & Q(day__lte=31)),
                name="dispatch_day_1_to_31",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(month__isnull=False),
                name="dispatch_day_needs_month",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="dispatch_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "withdrawn"]),
                name="dispatch_status_valid",
            ),
            models.CheckConstraint(condition=~Q(symbol=""), name="dispatch_symbol_not_blank"),
            models.CheckConstraint(
                condition=Q(unnumbered=False) | Q(number__isnull=True),
                name="dispatch_unnumbered_has_no_number",
                violation_error_message="Văn bản đã có số thì không chọn “ban hành không ghi số”.",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_on__isnull=False) & ~Q(withdrawal_reason="")),
                name="dispatch_withdrawn_has_date_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.number_symbol} — {self.subject[:80]}"

    def get_absolute_url(self):
        return reverse(
            "advisories:dispatch",
            kwargs={"issuer": self.issuer.slug, "year": self.year, "ref": self.url_ref},
        )

    # --- How the document is printed -------------------------------------------------------

    @property
    def number_symbol(self):
        """'2152/SYT-CNTTTT', or '/UBND-VHTT' when the number is blank."""
        return f"{self.number or ''}/{self.symbol}"

    @property
    def printed_number_line(self):
        number = str(self.number) if self.number else "\u00a0" * 6
        return f"Số: {number}/{self.symbol}"

    @property
    def printed_date(self):
        """'ngày 07 tháng 10 năm 2025', with blanks where the day or month is blank.

        Decree 30/2020: days below 10 and the months 1 and 2 take a leading zero.
        """
        blank = "\u00a0" * 4
        day = f"{self.day:02d}" if self.day else blank
        if self.month:
            month = f"{self.month:02d}" if self.month <= 2 else str(self.month)
        else:
            month = blank
        return f"ngày {day} tháng {month} năm {self.year}"

    @property
    def printed_place_and_date(self):
        return f"{self.place}, {self.printed_date}"

    @property
    def short_date(self):
        """'06/10/2025', '03/2024' or '2024': as much of the date as is known."""
        if self.day:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        if self.month:
            return f"{self.month:02d}/{self.year}"
        return str(self.year)

    @property
    def date_or_none(self):
        if self.day and self.month:
            return timezone.datetime(self.year, self.month, self.day).date()
        return None

    @property
    def subject_line(self):
        """The subject as printed under the number: 'V/v …' for a công văn."""
        if self.doc_type == self.DocType.CONG_VAN:
            return f"V/v {self.subject}"
        return self.subject

    # --- How a citizen reads it ----------------------------------------------------------
    # The printed layout (printed_number_line, subject_line) stays faithful to the paper; lists,
    # headings and <title> speak to citizens: no "V/v", and never "Công văn số /UBND-VHTT".

    @property
    def citizen_title(self):
        """The subject as a heading: 'Tuyên truyền phương thức lừa đảo …', without the
        administrative 'V/v' / 'Về việc', first letter capital."""
        subject = self.subject.strip()
        subject = _ADMINISTRATIVE_OPENING.sub("", subject, count=1) or subject
        return subject[:1].upper() + subject[1:]

    @property
    def reference_label(self):
        """How the document is named in lists and headings: 'Công văn số 2152/SYT-CNTTTT'; a
        dispatch issued without a number is named by its type and symbol, 'Công văn không số,
        ký hiệu UBND-VHTT' (its date is printed beside it), never 'Công văn số /UBND-VHTT'."""
        values = {
            "doc_type": self.get_doc_type_display(),
            "number": self.number,
            "symbol": self.symbol,
        }
        if self.number:
            return gettext("%(doc_type)s số %(number)s/%(symbol)s") % values
        return gettext("%(doc_type)s không số, ký hiệu %(symbol)s") % values

    @property
    def title(self):
        """'Công văn số 2152/SYT-CNTTTT: Tuyên truyền …', for a citizen (feeds, links)."""
        return f"{self.reference_label}: {self.citizen_title}"

    @property
    def signing_lines(self):
        """The signature block's title lines: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']."""
        lines = []
        if self.signing_authority:
            lines.append(f"{self.signing_authority}. {self.authority_title}".strip())
        elif self.authority_title:
            lines.append(self.authority_title)
        if self.signer_title:
            lines.append(self.signer_title)
        return lines

    @property
    def is_public(self):
        return self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN)

    @property
    def body_paragraphs(self):
        return [p.strip() for p in self.body.split("\n") if p.strip()]

    @property
    def summary_en_paragraphs(self):
        return [p.strip() for p in self.summary_en.split("\n") if p.strip()]

    @property
    def closing_paragraphs(self):
        return [p.strip() for p in self.closing.split("\n") if p.strip()]

    # --- Labels ----------------------------------------------------------------------------
    # Django's get_FOO_display hashes every lazily translated label of the field's choices on
    # each call (seven translations looked up for one label: 42 µs, against 4 µs here), and
    # lists print one per row.

    def get_doc_type_display(self):
        return _choice_label(self.DocType, self.doc_type)

    def get_status_display(self):
        return _choice_label(self.Status, self.status)

    # --- URLs ------------------------------------------------------------------------------

    @property
    def url_ref(self):
        """The last URL segment: '1153-UBND-KGVX', or 'id42-UBND-VHTT' without a number."""
        if self.number:
            return f"{self.number}-{self.symbol}"
        return f"id{self.pk}-{self.symbol}"

    def build_search_text(self):
        """Everything a citizen may type, folded (see compose_search_text). Reads the related
        rows: call after saving."""
        return compose_search_text(
            self,
            directives=self.directives.all(),
            warnings=self.warnings.all(),
            patterns=self.scam_patterns.all(),
        )

    def clean(self):
        super().clean()
        if self.month and self.day:
            last_day = calendar.monthrange(self.year, self.month)[1]
            if self.day > last_day:
                raise ValidationError(
                    {"day": f"Tháng {self.month}/{self.year} chỉ có {last_day} ngày."}
                )
        if self.day and not self.month:
            raise ValidationError({"month": "Đã có ngày thì phải có tháng."})
        self._refuse_a_future_date()
        if self.symbol:
            self.symbol = self.symbol.replace(" ", "").strip("/")

    def publication_problems(self) -> dict[str, list[str]]:
        """What keeps this draft from being published, by field ("" for the document as a
        whole), in words for the clerk; empty when it may be published. Reads its directives."""
        problems: dict[str, list[str]] = {}

        def add(field, message):
            problems.setdefault(field, []).append(message)

        if self.number is None and not self.unnumbered:
            add(
                "number",
                "Chưa có số văn bản: hãy ghi số, hoặc chọn “ban hành không ghi số” nếu cơ quan "
                "ban hành văn bản này không ghi số.",
            )
        if "-" not in self.symbol.strip("-"):
            add(
                "symbol",
                f"Ký hiệu “{self.symbol}” chưa đủ: theo Nghị định 30/2020/NĐ-CP, ký hiệu gồm chữ "
                "viết tắt tên cơ quan và đơn vị soạn thảo (hoặc tên loại văn bản), nối bằng dấu "
                "gạch ngang, ví dụ SYT-CNTTTT.",
            )
        if not self.signer_name.strip():
            add("signer_name", "Chưa có họ tên người ký.")
        if not self.subject.strip():
            add("subject", "Chưa có trích yếu.")
        unassigned = self.directives.filter(assignees__isnull=True).order_by("position")
        for directive in unassigned:
            label = directive.label or f"thứ {directive.position}"
            add("", f"Nhiệm vụ {label} chưa giao cho đơn vị nào: hãy chọn đơn vị được giao.")
        return problems

    def _refuse_a_future_date(self):
        """A dispatch is dated the day it is signed: a later date is a typing mistake."""
        if not self.year:
            return
        today = timezone.localdate()
        if self.year > today.year:
            raise ValidationError({"year": f"Năm {self.year} chưa đến: hãy kiểm tra lại năm."})
        if self.month and (self.year, self.month) > (today.year, today.month):
            raise ValidationError(
                {"month": f"Tháng {self.month}/{self.year} chưa đến: hãy kiểm tra lại ngày tháng."}
            )
        if self.date_or_none and self.date_or_none > today:
            raise ValidationError(
                {
                    "day": f"Ngày {self.short_date} ở tương lai (hôm nay là "
                    f"{today:%d/%m/%Y}): hãy kiểm tra lại ngày ký văn bản."
                }
            )


def compose_search_text(dispatch, *, directives, warnings, patterns):
    """Number/symbol, issuer, subject, body, directives, warning texts, the English summary and
    the scam patterns (ScamPattern.DISPATCH_INDEXED: their English text too, so that "scam",
    "school" or "police" find the Vietnamese originals) as one line of folded words.
    Punctuation becomes spaces (text.index_text) so that both databases cut the same words.
    Pure: the corpus generator calls it on unsaved objects."""
    parts = search_text_parts(dispatch, directives=directives, warnings=warnings, patterns=patterns)
    return index_text(" ".join(p for p in parts if p))


def search_text_parts(dispatch, *, directives, warnings, patterns) -> list[str]:
    """The texts compose_search_text folds, in order. Folding them one by one and joining the
    words gives the same line (a part's words never run into the next one's): the corpus
    generator folds each distinct part once."""
    parts = [
        dispatch.number_symbol,
        dispatch.get_doc_type_display(),
        dispatch.issuer_line,
        dispatch.parent_body_line,
        dispatch.issuer.name,
        dispatch.issuer.short_name,
        dispatch.place,
        dispatch.subject,
        dispatch.body,
        dispatch.closing,
        dispatch.signer_name,
        dispatch.summary_en,
    ]
    parts += [f"{d.heading} {d.text}" for d in directives]
    parts += [w.text for w in warnings]
    parts += [getattr(p, name) for p in patterns for name in p.DISPATCH_INDEXED]
    return parts


class Directive(models.Model):
    """A numbered task of a dispatch, with the units it is assigned to."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name="văn bản", on_delete=models.CASCADE, related_name="directives"
    )
    position = models.PositiveSmallIntegerField("thứ tự")
    label = models.CharField(
        "số mục (như in)", max_length=12, blank=True, help_text='Ví dụ "1." hoặc để trống.'
    )
    heading = models.CharField(
        "tiêu đề mục",
        max_length=500,
        blank=True,
        help_text="Tên đơn vị được giao in ở đầu mục, nếu có.",
    )
    text = models.TextField("nội dung nhiệm vụ")
    assignees = models.ManyToManyField(
        "advisories.Organisation",
        verbose_name="đơn vị được giao",
        related_name="directives",
        blank=True,
    )
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[assignees])

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["dispatch_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "position"], name="directive_position_unique"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="directive_text_not_blank"),
        ]

    def __str__(self):
        return f"{self.label or self.position} {self.text[:60]}"

    @property
    def paragraphs(self):
        return [p.strip() for p in self.text.split("\n") if p.strip()]


class WarningMessage(models.Model):
    """Text meant to reach citizens verbatim: an SMS, a radio spot, a poster, a web banner."""

    class Channel(models.TextChoices):
        SMS = "sms", _("Tin nhắn SMS")
        RADIO = "radio", _("Phát thanh")
        POSTER = "poster", _("Áp phích, tờ rơi")
        WEB = "web", _("Trang web, mạng xã hội")

    dispatch = models.ForeignKey(
        Dispatch, verbose_name="văn bản", on_delete=models.CASCADE, related_name="warnings"
    )
    channel = models.CharField("kênh", max_length=10, choices=Channel, default=Channel.SMS)
    text = models.TextField("nội dung gửi nguyên văn")
    position = models.PositiveSmallIntegerField("thứ tự", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nội dung tuyên truyền"
        verbose_name_plural = "nội dung tuyên truyền"
        ordering = ["dispatch_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="warning_text_not_blank"),
            models.CheckConstraint(
                condition=Q(channel__in=["sms", "radio", "poster", "web"]),
                name="warning_channel_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.text[:60]}"


def attachment_path(instance, filename):
    """Stored under a generated name: the uploader's file name never reaches the disk.

    Always `.pdf`: the content was checked to be a PDF (validate_pdf), whatever the name said.
    """
    return f"attachments/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    """The original file of a dispatch (PDF)."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name="văn bản", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("tên tệp", max_length=200)
    file = models.FileField(
        "tệp",
        upload_to=attachment_path,
        validators=[validate_pdf],
        help_text="Chỉ nhận tệp PDF (kiểm tra theo nội dung tệp, không theo tên).",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["dispatch_id", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("advisories:attachment", args=[self.pk])

    @property
    def download_name(self):
        """The file name offered to the browser: the title, ending in .pdf."""
        name = self.title.strip() or f"tep-{self.pk}"
        return name if name.lower().endswith(".pdf") else f"{name}.pdf"
