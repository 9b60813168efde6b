"""Scam patterns (thủ đoạn lừa đảo): what citizens must learn to recognise."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _lines(text):
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


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

    class Meta:
        verbose_name = "thủ đoạn lừa đảo"
        verbose_name_plural = "thủ đoạn lừa đảo"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("advisories:pattern", kwargs={"slug": self.slug})

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
