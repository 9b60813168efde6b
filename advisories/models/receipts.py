"""Receipt confirmation: one delivery per unit a published dispatch reaches, the personal links
that let a unit without an account confirm it, the progress it reports on its directives, and
the rounds of notices sent to units that have not confirmed yet."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .dispatches import Dispatch

# The one rule on which deliveries are still open: those of a dispatch in force. A withdrawal
# closes every delivery of the dispatch at once, without writing on them: the link page, the
# inbox, the resend, the reminders, the notice task, the dashboard and the chain all read it
# from here, so they cannot disagree.
#
# A subquery on the delivery's own dispatch_id rather than a join: an UPDATE filtered by it
# stays a plain UPDATE … WHERE on the delivery row, so PostgreSQL re-checks `confirmed_at IS
# NULL` on the row a concurrent confirmation just committed (with a join Django would wrap the
# whole filter in `pk IN (SELECT …)`, which is not re-checked, and both would count).
RECEIVING_STATUSES = (Dispatch.Status.PUBLISHED,)
OPEN = Q(dispatch__in=Dispatch.objects.filter(status__in=RECEIVING_STATUSES).values("pk"))


def is_receiving(dispatch: Dispatch) -> bool:
    """Whether the dispatch takes confirmations, reports, notices and reminders."""
    return dispatch.status in RECEIVING_STATUSES


class DeliveryQuerySet(models.QuerySet):
    def open(self):
        """Deliveries that still take a confirmation, reports, notices and reminders."""
        return self.filter(OPEN)

    def closed(self):
        """Deliveries of a withdrawn dispatch: shown as such, never confirmed or reminded."""
        return self.exclude(OPEN)

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def overdue(self, *, now=None):
        """Open and pending longer than RECEIPT_DUE_HOURS after the dispatch reached the unit."""
        return self.open().pending().filter(created_at__lt=overdue_before(now=now))

    def for_dashboard(self):
        """Through `dispatch.deliveries`, each row knows its dispatch without a query."""
        return self.select_related("organisation").order_by("organisation__name", "pk")


def overdue_before(*, now=None):
    """A delivery created before this moment and still pending is overdue."""
    return (now or timezone.now()) - timezone.timedelta(hours=settings.RECEIPT_DUE_HOURS)


class Delivery(models.Model):
    """A dispatch reaching one unit (đơn vị nhận), and whether the unit confirmed receipt."""

    class Via(models.TextChoices):
        NONE = "", "—"
        LINK = "link", "Đường dẫn trong thư"
        INBOX = "inbox", "Hộp văn bản đến"

    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    organisation = models.ForeignKey(
        "advisories.Organisation",
        verbose_name="đơn vị nhận",
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    created_at = models.DateTimeField("gửi đến lúc", default=timezone.now)
    email = models.EmailField(
        "thư đã gửi tới", blank=True, help_text="Địa chỉ đã dùng cho lần gửi thư gần nhất."
    )
    notified_at = models.DateTimeField("gửi thư thành công lúc", null=True, blank=True)
    notice_attempts = models.PositiveIntegerField("số lần gửi thư", default=0)
    last_error = models.TextField("lỗi gửi thư gần nhất", blank=True)
    last_error_at = models.DateTimeField("lỗi lúc", null=True, blank=True)
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True, db_index=True)
    confirmed_by_name = models.CharField("người xác nhận", max_length=120, blank=True)
    confirmed_by_position = models.CharField("chức vụ người xác nhận", max_length=120, blank=True)
    confirmation_note = models.TextField("ghi chú khi xác nhận", blank=True)
    confirmed_via = models.CharField(
        "xác nhận qua", max_length=8, choices=Via, default=Via.NONE, blank=True
    )
    confirmed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản xác nhận",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản gửi đơn vị"
        verbose_name_plural = "văn bản gửi đơn vị (xác nhận đã nhận)"
        ordering = ["dispatch_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "organisation"],
                name="delivery_once_per_unit_and_dispatch",
                violation_error_message="Văn bản đã được gửi tới đơn vị này.",
            ),
            models.CheckConstraint(
                condition=(Q(confirmed_at__isnull=True) & Q(confirmed_by_name=""))
                | (Q(confirmed_at__isnull=False) & ~Q(confirmed_by_name="")),
                name="delivery_confirmation_names_someone",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_via__in=["", "link", "inbox"]),
                name="delivery_confirmed_via_valid",
            ),
        ]

    def __str__(self):
        return f"{self.dispatch.number_symbol} → {self.organisation.name}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_open(self):
        """The same rule as `Delivery.objects.open()`, for a delivery already loaded."""
        return is_receiving(self.dispatch)

    @property
    def is_overdue(self):
        return self.is_open and not self.is_confirmed and self.created_at < overdue_before()


def hash_token(raw: str) -> str:
    """Only this digest is stored: a leaked database does not leak working links."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ReceiptTokenQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ReceiptToken(models.Model):
    """A personal link of one delivery, sent by e-mail; it can be revoked and it expires."""

    delivery = models.ForeignKey(
        Delivery, verbose_name="văn bản gửi đơn vị", on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField("mã băm", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    objects = ReceiptTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "đường dẫn xác nhận"
        verbose_name_plural = "đường dẫn xác nhận"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="receipt_token_expires_after_creation",
            ),
        ]

    def __str__(self):
        return f"Đường dẫn #{self.pk} của {self.delivery_id}"

    def state(self, *, now=None):
        """'revoked', 'expired' or 'usable'."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "usable"


class DirectiveReport(models.Model):
    """A unit's progress on a directive assigned to it; every report is kept, the newest counts."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa thực hiện"
        IN_PROGRESS = "in_progress", "Đang thực hiện"
        DONE = "done", "Đã hoàn thành"

    delivery = models.ForeignKey(
        Delivery,
        verbose_name="văn bản gửi đơn vị",
        on_delete=models.CASCADE,
        related_name="reports",
    )
    directive = models.ForeignKey(
        "advisories.Directive",
        verbose_name="nhiệm vụ",
        on_delete=models.CASCADE,
        related_name="reports",
    )
    status = models.CharField("tình hình", max_length=12, choices=Status)
    note = models.TextField("ghi chú", blank=True)
    reported_on = models.DateField("ngày", help_text="Ngày của tình hình được báo cáo.")
    reported_by_name = models.CharField("người báo cáo", max_length=120)
    reported_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản báo cáo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("ghi nhận lúc", default=timezone.now)

    class Meta:
        verbose_name = "báo cáo thực hiện nhiệm vụ"
        verbose_name_plural = "báo cáo thực hiện nhiệm vụ"
        ordering = ["delivery", "directive", "-pk"]
        indexes = [models.Index(fields=["delivery", "directive", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "done"]),
                name="directive_report_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(reported_by_name=""), name="directive_report_names_someone"
            ),
        ]

    def __str__(self):
        return f"{self.directive} — {self.get_status_display()}"


class NoticeRound(models.Model):
    """One sending of notices for a dispatch: at publication, a manual resend or a reminder.

    The rounds are the record the resend rate limit is checked against.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", "Khi ban hành"
        RESEND = "resend", "Gửi lại (cán bộ)"
        REMINDER = "reminder", "Nhắc hằng ngày"

    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="notice_rounds",
    )
    kind = models.CharField("loại", max_length=10, choices=Kind)
    started_at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "đợt gửi thông báo"
        verbose_name_plural = "đợt gửi thông báo"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["publish", "resend", "reminder"]),
                name="notice_round_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_at:%d/%m/%Y %H:%M}"
