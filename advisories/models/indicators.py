"""Indicators: the concrete signs a warning names (a phone number, a web domain, a bank account,
an app or a sender name), stored in one normalised form so that what a citizen pastes into
"Kiểm tra" finds them (see advisories.indicators.normalize)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Số điện thoại")
        DOMAIN = "domain", _("Trang web, đường link")
        BANK_ACCOUNT = "bank_account", _("Tài khoản ngân hàng")
        APP = "app", _("Ứng dụng")
        SENDER = "sender", _("Tên người gửi tin nhắn")

    kind = models.CharField("loại", max_length=20, choices=Kind)
    value = models.CharField(
        "giá trị chuẩn hóa",
        max_length=255,
        help_text="Số điện thoại dạng +84…, tên miền chính, số tài khoản chỉ gồm chữ số, "
        "tên ứng dụng không dấu.",
    )
    label = models.CharField("cách ghi trong văn bản", max_length=255)
    bank = models.CharField("ngân hàng", max_length=120, blank=True)
    dispatches = models.ManyToManyField(
        "Dispatch", verbose_name="văn bản nêu dấu hiệu", related_name="indicators", blank=True
    )
    official_for = models.ManyToManyField(
        "Organisation",
        verbose_name="số chính thức của cơ quan",
        related_name="official_indicators",
        blank=True,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "dấu hiệu lừa đảo"
        verbose_name_plural = "dấu hiệu lừa đảo"
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value", "bank"], name="indicator_unique_value"
            ),
            models.CheckConstraint(condition=~Q(value=""), name="indicator_value_not_blank"),
            models.CheckConstraint(
                condition=Q(kind__in=["phone", "domain", "bank_account", "app", "sender"]),
                name="indicator_kind_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """As a reader writes it: a Vietnamese number in national format, else as printed."""
        if self.kind == self.Kind.PHONE:
            from ..indicators.normalize import phone_display

            return phone_display(self.value)
        if self.kind == self.Kind.BANK_ACCOUNT and self.bank:
            return f"{self.value} ({self.bank})"
        return self.label or self.value
