"""Scam reports (phản ánh lừa đảo) sent by citizens without an account, and what the province's
staff make of them. Personal data (what happened, the contact, the screenshots) is kept only as
long as the consent says: withdrawn by the reporter, or erased after REPORT_RETENTION_DAYS."""

import hashlib

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def code_digest(code: str) -> str:
    """What is stored of a reference code: its SHA-256 (the code itself is the reporter's key)."""
    normalised = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


class ScamReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        VERIFYING = "verifying", _("Đang xác minh")
        FORWARDED = "forwarded", _("Đã chuyển cơ quan công an")
        CLOSED = "closed", _("Đã đóng")

    class Channel(models.TextChoices):
        CALL = "call", _("Cuộc gọi điện thoại")
        SMS = "sms", _("Tin nhắn SMS")
        SOCIAL = "social", _("Mạng xã hội, Zalo, Messenger")
        LINK = "link", _("Trang web, đường link")
        APP = "app", _("Ứng dụng cài trên điện thoại")
        OTHER = "other", _("Khác")

    code_hash = models.CharField("mã tra cứu (băm)", max_length=64, unique=True, editable=False)
    # The random key of the form the report was sent from: the same form sent twice (a retry
    # after a lost answer) finds the report it already stored instead of storing a second one.
    # NULL, not "": reports without a key (sent by older forms, or erased) are not one another.
    submission_key = models.CharField(  # noqa: DJ001
        "khóa biểu mẫu đã gửi", max_length=64, unique=True, null=True, editable=False
    )
    status = models.CharField("trạng thái", max_length=20, choices=Status, default=Status.NEW)
    channel = models.CharField("kênh kẻ gian dùng", max_length=20, choices=Channel)
    used = models.CharField(
        "số điện thoại, đường link, tài khoản kẻ gian dùng", max_length=255, blank=True
    )
    amount_lost = models.PositiveBigIntegerField("số tiền bị mất (đồng)", null=True, blank=True)
    province = models.CharField("tỉnh, thành phố", max_length=80)
    what_happened = models.TextField("sự việc", blank=True)
    contact = models.CharField("liên hệ của người phản ánh", max_length=255, blank=True)
    consent_text = models.TextField("nội dung đồng ý người phản ánh đã đọc")
    consented_at = models.DateTimeField("đồng ý lúc")
    passed_challenge = models.BooleanField(
        "đã qua thử thách chống spam", default=False, help_text="Gửi không có JavaScript: chưa qua."
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    personal_data_erased_at = models.DateTimeField(
        "đã xóa dữ liệu cá nhân lúc", null=True, blank=True
    )
    # Triage
    verified = models.BooleanField(
        "đã xác minh",
        default=False,
        help_text="Chỉ phản ánh đã xác minh được đếm trong trang Kiểm tra.",
    )
    pattern = models.ForeignKey(
        "ScamPattern",
        verbose_name="thủ đoạn",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    indicators = models.ManyToManyField(
        "Indicator", verbose_name="dấu hiệu", related_name="reports", blank=True
    )
    staff_notes = models.TextField("ghi chú của cán bộ", blank=True)

    class Meta:
        verbose_name = "phản ánh lừa đảo"
        verbose_name_plural = "phản ánh lừa đảo"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "verifying", "forwarded", "closed"]),
                name="scamreport_status_known",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["call", "sms", "social", "link", "app", "other"]),
                name="scamreport_channel_known",
            ),
            models.CheckConstraint(condition=~Q(province=""), name="scamreport_province_given"),
        ]
        indexes = [models.Index(fields=["province", "status"], name="scamreport_queue")]

    def __str__(self):
        return f"Phản ánh #{self.pk} — {self.province}, {self.get_channel_display()}"


def screenshot_path(instance, filename):
    # Private files: never under a public URL; served to staff by the admin only.
    return f"reports/{instance.report_id}/{filename}"


class ReportScreenshot(models.Model):
    report = models.ForeignKey(
        ScamReport, on_delete=models.CASCADE, related_name="screenshots", verbose_name="phản ánh"
    )
    image = models.FileField("ảnh chụp màn hình (đã xóa EXIF)", upload_to=screenshot_path)
    width = models.PositiveIntegerField("rộng")
    height = models.PositiveIntegerField("cao")

    class Meta:
        verbose_name = "ảnh chụp màn hình"
        verbose_name_plural = "ảnh chụp màn hình"
        ordering = ["pk"]

    def __str__(self):
        return f"Ảnh {self.pk} của phản ánh #{self.report_id}"
