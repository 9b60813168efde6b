"""Scam patterns (thủ đoạn lừa đảo): what citizens must learn to recognise, and when they were
last warned about.

Written in Vietnamese, with an English version of each text beside it (`name_en`, …) that staff
fill in for the pages under /en/ (models.translation: blank means the Vietnamese is shown)."""

import calendar
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text import index_text
from .dispatches import Dispatch
from .translation import LocalizedFields, localized, text_lines

_EN_HELP = "Bản tiếng Anh cho trang /en/; để trống thì trang tiếng Anh hiện bản tiếng Việt."
_EN_LINES_HELP = f"{_EN_HELP} Mỗi dòng một mục, cùng thứ tự với bản tiếng Việt."


def _english(field: models.Field) -> models.Field:
    """The English sibling of a Vietnamese text field: same kind and length, optional."""
    label = f"{field.verbose_name} (tiếng Anh)"
    help_text = _EN_LINES_HELP if field.help_text else _EN_HELP
    if isinstance(field, models.CharField):
        return models.CharField(label, max_length=field.max_length, blank=True, help_text=help_text)
    return models.TextField(label, blank=True, help_text=help_text)


class ScamPatternQuerySet(models.QuerySet):
    def with_last_warning(self):
        """Annotate when the pattern was last warned about, `last_warning` = YYYYMMDD (month or
        day 00 where the document leaves them blank; None without any warning): the date printed
        on its newest published (not withdrawn) dispatch. One subquery, no extra query.

        The document's date, not the time it was posted: an archive imported today does not
        make an old scam current. The dispatches are walked newest first on the list's index
        and the walk stops at the first on the pattern: a few milliseconds for ten patterns
        over 20,000 dispatches on SQLite, where a MAX over each pattern's dispatches took
        200 ms."""
        links = Dispatch.scam_patterns.through.objects.filter(
            dispatch_id=OuterRef("pk"), scampattern_id=OuterRef(OuterRef("pk"))
        )
        newest = (
            Dispatch.objects.published()
            .filter(Exists(links))
            .newest_first()
            .annotate(yyyymmdd=F("year") * 10000 + Coalesce("month", 0) * 100 + Coalesce("day", 0))
        )
        return self.annotate(last_warning=Subquery(newest.values("yyyymmdd")[:1]))

    def latest_warned_first(self):
        """Most recently warned about first; never warned about last, by name."""
        return self.with_last_warning().order_by(F("last_warning").desc(nulls_last=True), "name")


class ScamPattern(models.Model):
    # The texts a citizen reads, each with an English sibling `<name>_en`.
    TRANSLATED = (
        "name",
        "summary",
        "steps",
        "red_flags",
        "targets",
        "impersonates",
        "what_to_do",
        "where_to_report",
    )
    # What the pattern is found by in search (either language): what it is, what it looks
    # like, whom it targets and who is impersonated. Dispatches tagged with it are found by
    # DISPATCH_INDEXED (compose_search_text); save_scam_pattern re-indexes them when it changes.
    SEARCHED = ("name", "summary", "red_flags", "targets", "impersonates")
    DISPATCH_INDEXED = ("name", "summary", "name_en", "summary_en", "targets_en", "impersonates_en")

    name = models.CharField("tên thủ đoạn", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True)
    summary = models.TextField("tóm tắt")
    steps = models.TextField("cách thức diễn ra", help_text="Mỗi bước một dòng.")
    red_flags = models.TextField("dấu hiệu nhận biết", help_text="Mỗi dấu hiệu một dòng.")
    targets = models.CharField("đối tượng bị nhắm tới", max_length=255)
    impersonates = models.CharField("kẻ gian giả danh", max_length=255)
    via_call = models.BooleanField(_("qua cuộc gọi"), default=False)
    via_link = models.BooleanField(_("qua đường link"), default=False)
    via_app = models.BooleanField(_("qua ứng dụng"), default=False)
    via_sms = models.BooleanField(_("qua tin nhắn"), default=False)
    what_to_do = models.TextField("cần làm gì", help_text="Mỗi lời khuyên một dòng.")
    where_to_report = models.TextField("báo ở đâu", help_text="Mỗi kênh một dòng.")

    name_en = _english(name)
    summary_en = _english(summary)
    steps_en = _english(steps)
    red_flags_en = _english(red_flags)
    targets_en = _english(targets)
    impersonates_en = _english(impersonates)
    what_to_do_en = _english(what_to_do)
    where_to_report_en = _english(where_to_report)

    search_text = models.TextField(
        "nội dung tìm kiếm",
        blank=True,
        editable=False,
        help_text=(
            "Các từ không dấu, chữ thường của tên, tóm tắt, dấu hiệu, đối tượng và kẻ giả danh, "
            "cả tiếng Việt và tiếng Anh, có dấu cách ở hai đầu; do save_scam_pattern cập nhật."
        ),
    )

    objects = ScamPatternQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ đoạn lừa đảo"
        verbose_name_plural = "thủ đoạn lừa đảo"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("advisories:pattern", kwargs={"slug": self.slug})

    def translated(self, field: str, language: str | None = None):
        """`field` in `language` (the active one by default), else the Vietnamese original; the
        text's `.lang` says which it is."""
        return localized(self, field, language)

    @property
    def local(self):
        """The texts in the page's language, for templates: `pattern.local.red_flags.lines`."""
        return LocalizedFields(self, self.TRANSLATED)

    def build_search_text(self) -> str:
        """The folded words the pattern is found by, in both languages, padded with a space at
        each end so that a word matches whole (" app " is not in " apply ")."""
        fields = [*self.SEARCHED, *(f"{name}_en" for name in self.SEARCHED)]
        return f" {index_text(' '.join(getattr(self, name) for name in fields))} "

    # --- When it was last warned about (needs ScamPattern.objects.with_last_warning()) -------

    def _last_warning_parts(self):
        """(year, month or None, day or None) of the last warning, or None."""
        value = getattr(self, "last_warning", None)
        if not value:
            return None
        year, month, day = value // 10000, value // 100 % 100, value % 100
        return year, month or None, day or None

    @property
    def last_warned_label(self):
        """'08/10/2025', '03/2024' or '2024', as much of the date as the document prints; ''
        when no published dispatch is on the pattern."""
        parts = self._last_warning_parts()
        if parts is None:
            return ""
        year, month, day = parts
        if day and month:
            return f"{day:02d}/{month:02d}/{year}"
        return f"{month:02d}/{year}" if month else str(year)

    @property
    def last_warned_on(self):
        """The latest day the date of the last warning may be (a blank day counts as the end
        of its month, a blank month as the end of the year); None without a warning."""
        parts = self._last_warning_parts()
        if parts is None:
            return None
        year, month, day = parts
        month = month or 12
        return dt.date(year, month, day or calendar.monthrange(year, month)[1])

    @property
    def is_current(self):
        """'Đang xảy ra': last warned about within SCAM_PATTERN_CURRENT_DAYS."""
        last = self.last_warned_on
        if last is None:
            return False
        return last >= timezone.localdate() - dt.timedelta(days=settings.SCAM_PATTERN_CURRENT_DAYS)

    @property
    def step_list(self):
        return text_lines(self.steps)

    @property
    def red_flag_list(self):
        return text_lines(self.red_flags)

    @property
    def what_to_do_list(self):
        return text_lines(self.what_to_do)

    @property
    def where_to_report_list(self):
        return text_lines(self.where_to_report)

    @property
    def channel_labels(self):
        fields = ("via_call", "via_link", "via_app", "via_sms")
        return [self._meta.get_field(f).verbose_name for f in fields if getattr(self, f)]
