"""Scam patterns (thủ đoạn lừa đảo): what citizens must learn to recognise, and when they were
last warned about."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dispatches import Dispatch


def _lines(text):
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class ScamPatternQuerySet(models.QuerySet):
    def with_last_warning(self):
        """Annotate `last_warned_at`: when the latest published (not withdrawn) dispatch on the
        pattern was published; None if none is. One subquery, no extra query."""
        latest = (
            Dispatch.objects.published()
            .filter(scam_patterns=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return self.annotate(last_warned_at=Subquery(latest))

    def latest_warned_first(self):
        """Most recently warned about first; never warned about last, by name."""
        return self.with_last_warning().order_by(F("last_warned_at").desc(nulls_last=True), "name")


class ScamPattern(models.Model):
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

    objects = ScamPatternQuerySet.as_manager()

    class Meta:
        verbose_name = "thủ đoạn lừa đảo"
        verbose_name_plural = "thủ đoạn lừa đảo"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("advisories:pattern", kwargs={"slug": self.slug})

    @property
    def is_current(self):
        """'Đang xảy ra': warned about within SCAM_PATTERN_CURRENT_DAYS (needs the
        `with_last_warning` annotation; False without it or without any warning)."""
        last = getattr(self, "last_warned_at", None)
        if last is None:
            return False
        return last >= timezone.now() - timedelta(days=settings.SCAM_PATTERN_CURRENT_DAYS)

    @property
    def step_list(self):
        return _lines(self.steps)

    @property
    def red_flag_list(self):
        return _lines(self.red_flags)

    @property
    def what_to_do_list(self):
        return _lines(self.what_to_do)

    @property
    def where_to_report_list(self):
        return _lines(self.where_to_report)

    @property
    def channel_labels(self):
        fields = ("via_call", "via_link", "via_app", "via_sms")
        return [self._meta.get_field(f).verbose_name for f in fields if getattr(self, f)]
