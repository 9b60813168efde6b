"""E-mail alerts without an account: who asked for which alerts (with the consent they gave),
what happened to a dispatch that is worth an alert, and which alert went to whom.

Personal data (Law 91/2025 on personal data protection): an address is kept only with the exact
consent wording the person was shown and when; it is deleted (the row, with its sent records)
when the person unsubscribes, or when nobody confirms it within ALERT_CONFIRM_DAYS days. No
other table holds it: the tasks carry subscription ids, never addresses.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def confirm_before(*, now: dt.datetime | None = None) -> dt.datetime:
    """A request made before this moment and still unconfirmed has lapsed (and is purged)."""
    return (now or timezone.now()) - dt.timedelta(days=settings.ALERT_CONFIRM_DAYS)


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscriptions whose owner opened the mailed link and pressed the button."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def lapsed(self, *, now=None):
        """Requests nobody confirmed within ALERT_CONFIRM_DAYS: their addresses are deleted."""
        return self.unconfirmed().filter(requested_at__lt=confirm_before(now=now))

    def receiving(self, frequency: str):
        """Confirmed subscriptions mailed at `frequency` (immediately, or in the daily digest)."""
        return self.confirmed().filter(frequency=frequency)

    def reaching(self, dispatch, *, ancestor_ids, pattern_ids):
        """Subscriptions whose target covers `dispatch`: everything; one of its scam patterns;
        its issuer or an organisation above it (a subscription to an organisation includes its
        units); the issuer's province. The ids are given: the caller reads them once."""
        covers = Q(target=AlertSubscription.Target.ALL)
        covers |= Q(target=AlertSubscription.Target.PATTERN, pattern_id__in=pattern_ids)
        covers |= Q(target=AlertSubscription.Target.ORGANISATION, organisation_id__in=ancestor_ids)
        if dispatch.issuer.province:
            covers |= Q(target=AlertSubscription.Target.PROVINCE, province=dispatch.issuer.province)
        return self.filter(covers)


class AlertSubscription(models.Model):
    """One address asking for one kind of alert, at one frequency."""

    class Target(models.TextChoices):
        ALL = "all", _("mọi văn bản cảnh báo")
        PATTERN = "pattern", _("một thủ đoạn lừa đảo")
        ORGANISATION = "organisation", _("một cơ quan và các đơn vị trực thuộc")
        PROVINCE = "province", _("một tỉnh, thành phố")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Ngay lập tức")
        DAILY = "daily", _("Tóm tắt hằng ngày")

    email = models.EmailField("thư điện tử", max_length=254)
    target = models.CharField("nhận cảnh báo về", max_length=16, choices=Target)
    pattern = models.ForeignKey(
        "advisories.ScamPattern",
        verbose_name="thủ đoạn",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "advisories.Organisation",
        verbose_name="cơ quan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.CharField("tỉnh, thành phố", max_length=80, blank=True)
    frequency = models.CharField("tần suất", max_length=12, choices=Frequency)
    language = models.CharField("ngôn ngữ", max_length=8, default="vi")
    consent_version = models.CharField("phiên bản lời đồng ý", max_length=16)
    consent_text = models.TextField(
        "lời đồng ý đã hiển thị", help_text="Nguyên văn nội dung người đăng ký đã đọc và đồng ý."
    )
    requested_at = models.DateTimeField(
        "đồng ý lúc", default=timezone.now, help_text="Lần gửi yêu cầu gần nhất."
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    # sha256 of the random token of the confirmation link (the token itself is never stored).
    confirm_hash = models.CharField(
        "mã băm đường dẫn xác nhận", max_length=64, null=True, blank=True, unique=True
    )
    # Random; the unsubscribe link is an HMAC of it under SECRET_KEY (advisories.alerts.tokens):
    # useless without the key, so a leaked database yields no working link.
    unsubscribe_nonce = models.CharField("khóa hủy", max_length=32, editable=False)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký nhận cảnh báo"
        verbose_name_plural = "đăng ký nhận cảnh báo qua thư"
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["email"], name="alert_subscription_email"),
            models.Index(
                fields=["requested_at"],
                condition=Q(confirmed_at__isnull=True),
                name="alert_subscription_unconfirmed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__in=["all", "pattern", "organisation", "province"]),
                name="alert_subscription_target_valid",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["immediate", "daily"]),
                name="alert_subscription_frequency_valid",
            ),
            # Exactly the field the target names is set.
            models.CheckConstraint(
                condition=(
                    Q(target="all", pattern__isnull=True, organisation__isnull=True, province="")
                    | Q(
                        target="pattern",
                        pattern__isnull=False,
                        organisation__isnull=True,
                        province="",
                    )
                    | Q(
                        target="organisation",
                        pattern__isnull=True,
                        organisation__isnull=False,
                        province="",
                    )
                    | (
                        Q(target="province", pattern__isnull=True, organisation__isnull=True)
                        & ~Q(province="")
                    )
                ),
                name="alert_subscription_target_fields",
            ),
            models.CheckConstraint(
                condition=~Q(consent_text="") & ~Q(consent_version=""),
                name="alert_subscription_has_consent",
            ),
            # One subscription per address and target (a second request renews the first).
            models.UniqueConstraint(
                fields=["email"], condition=Q(target="all"), name="alert_once_per_email_all"
            ),
            models.UniqueConstraint(
                fields=["email", "pattern"],
                condition=Q(target="pattern"),
                name="alert_once_per_email_pattern",
            ),
            models.UniqueConstraint(
                fields=["email", "organisation"],
                condition=Q(target="organisation"),
                name="alert_once_per_email_organisation",
            ),
            models.UniqueConstraint(
                fields=["email", "province"],
                condition=Q(target="province"),
                name="alert_once_per_email_province",
            ),
        ]

    def __str__(self):
        state = "đã xác nhận" if self.is_confirmed else "chưa xác nhận"
        return f"Đăng ký #{self.pk} ({self.get_target_display()}, {state})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def has_lapsed(self):
        """The same rule as `AlertSubscription.objects.lapsed()`, for a loaded row."""
        return not self.is_confirmed and self.requested_at < confirm_before()

    @property
    def target_label(self) -> str:
        """What the alerts are about, in the active language."""
        name = {
            self.Target.PATTERN: lambda: self.pattern.name,
            self.Target.ORGANISATION: lambda: self.organisation.name,
            self.Target.PROVINCE: lambda: self.province,
        }.get(self.target, lambda: "")()
        return describe_target(self.target, name)


def describe_target(kind: str, name: str = "") -> str:
    """'thủ đoạn “…”', 'văn bản của … và các đơn vị trực thuộc', 'văn bản của các cơ quan ở …',
    'mọi văn bản cảnh báo': the form's heading and every mail say it the same way."""
    match kind:
        case AlertSubscription.Target.PATTERN:
            return _("thủ đoạn “%(name)s”") % {"name": name}
        case AlertSubscription.Target.ORGANISATION:
            return _("văn bản của %(name)s và các đơn vị trực thuộc") % {"name": name}
        case AlertSubscription.Target.PROVINCE:
            return _("văn bản của các cơ quan ở %(name)s") % {"name": name}
    return _("mọi văn bản cảnh báo")


class AlertEvent(models.Model):
    """Something citizens following a dispatch must hear of: its publication, its withdrawal,
    a correction. Written by the publishing services in the same transaction; the worker
    mails it (immediately, or in the next daily digest)."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Ban hành")
        WITHDRAWN = "withdrawn", _("Thu hồi")
        CORRECTED = "corrected", _("Đính chính")

    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="alert_events",
    )
    kind = models.CharField("sự kiện", max_length=12, choices=Kind)
    correction = models.ForeignKey(
        "advisories.Correction",
        verbose_name="đính chính",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("lúc", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "sự kiện cần cảnh báo"
        verbose_name_plural = "sự kiện cần cảnh báo"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["published", "withdrawn", "corrected"]),
                name="alert_event_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="corrected", correction__isnull=False)
                | (~Q(kind="corrected") & Q(correction__isnull=True)),
                name="alert_event_correction_iff_corrected",
            ),
            # A dispatch is published once and withdrawn once; each correction is its own event.
            models.UniqueConstraint(
                fields=["dispatch", "kind"],
                condition=~Q(kind="corrected"),
                name="alert_event_once_per_dispatch_and_kind",
            ),
            models.UniqueConstraint(fields=["correction"], name="alert_event_once_per_correction"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.dispatch_id} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_follow_up(self):
        """A withdrawal or correction: told only to those already alerted of the dispatch."""
        return self.kind != self.Kind.PUBLISHED


class SentAlert(models.Model):
    """An alert of one event for one subscription: the record that makes sending idempotent.

    Unique per (subscription, event), which is per (subscription, dispatch, kind) for a
    publication or a withdrawal, and per correction for corrections (a dispatch may be
    corrected twice). The worker inserts the records of a batch first, tagged with its own
    `claim`, and mails only the rows it inserted: a retried or duplicated task finds them
    taken and sends nothing twice. A failed mail's record is deleted so that a retry can send
    it; a worker that dies mid-batch leaves `sent_at` empty and those mails are not retried
    (at most once, never twice).
    """

    subscription = models.ForeignKey(
        AlertSubscription,
        verbose_name="đăng ký",
        on_delete=models.CASCADE,
        related_name="sent_alerts",
    )
    event = models.ForeignKey(
        AlertEvent, verbose_name="sự kiện", on_delete=models.CASCADE, related_name="sent"
    )
    claim = models.CharField("lượt gửi", max_length=32, db_index=True)
    claimed_at = models.DateTimeField("nhận gửi lúc", default=timezone.now)
    sent_at = models.DateTimeField("gửi xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "cảnh báo đã gửi"
        verbose_name_plural = "cảnh báo đã gửi"
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="sent_alert_once_per_subscription_and_event"
            ),
        ]

    def __str__(self):
        return f"Sự kiện {self.event_id} → đăng ký #{self.subscription_id}"
