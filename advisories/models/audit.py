"""The audit trail: who did what to which record, and when. Rows are only ever added."""

from django.conf import settings
from django.db import models


class AuditKind(models.TextChoices):
    LOGIN = "login", "đăng nhập"
    LOGIN_FAILED = "login_failed", "đăng nhập thất bại"
    LOGOUT = "logout", "đăng xuất"
    PUBLISH = "publish", "công bố văn bản"
    WITHDRAW = "withdraw", "thu hồi văn bản"
    CORRECT = "correct", "đính chính văn bản"
    CONFIRM = "confirm", "xác nhận đã nhận"
    ACCESS_REFUSED = "access_refused", "truy cập bị từ chối"


class AuditEvent(models.Model):
    Kind = AuditKind

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    kind = models.CharField("sự kiện", max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the trail must still name the account after it is deleted, and a
    # failed login names an account that may not exist.
    username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    target_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    target_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    target_repr = models.CharField("đối tượng", max_length=255, blank=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    path = models.CharField("đường dẫn", max_length=255, blank=True)
    detail = models.TextField("chi tiết", blank=True)

    class Meta:
        verbose_name = "nhật ký kiểm toán"
        verbose_name_plural = "nhật ký kiểm toán"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AuditKind.values),
                name="auditevent_kind_valid",
            )
        ]

    def __str__(self):
        who = self.username or "ẩn danh"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.get_kind_display()} {self.target_repr}"
