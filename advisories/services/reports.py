"""Scam reports: a citizen submits or withdraws one with its reference code; the province's
staff triage it; personal data is erased when the retention time is over."""

import contextlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import access
from ..models import ReportScreenshot, ScamPattern, ScamReport
from ..models.reports import code_digest
from ..reports.images import CleanImage
from .indicators import IndicatorInput, resolve_indicators
from .pages import invalidate_indicator_pages, invalidate_report_pages

# No 0/O, 1/I/L: a code read aloud on the phone or copied by hand stays right.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 16  # 31^16 ≈ 2^79: not guessable, whatever the rate limit


def new_reference_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def reference_code_for(submission_key: str) -> str:
    """The reference code of the report sent from the form of `submission_key`: derived with the
    server's secret, so that a retry of the same form is shown the same code (and never a
    second report); the key alone, without the secret, tells nothing of it."""
    digest = salted_hmac("advisories.reports.code", submission_key, algorithm="sha256").digest()
    raw = "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:_CODE_LENGTH])
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def already_submitted(submission_key: str) -> tuple[ScamReport, str] | None:
    """The report stored from this form, with its code, if the form was sent before (a page
    sent again, however late, is the same report; a withdrawn one is gone)."""
    if not submission_key:
        return None
    found = ScamReport.objects.filter(submission_key=submission_key).first()
    return (found, reference_code_for(submission_key)) if found else None


@contextlib.contextmanager
def _files_deleted_unless_committed():
    """The names of the screenshot files written inside (appended by the caller): deleted when
    what runs inside fails, a transaction's commit included, so no file outlives its row."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            ReportScreenshot.image.field.storage.delete(name)
        raise


def submit_report(
    *,
    channel: str,
    province: str,
    consent_text: str,
    what_happened: str = "",
    used: str = "",
    amount_lost: int | None = None,
    contact: str = "",
    screenshots: Sequence[CleanImage] = (),
    passed_challenge: bool = False,
    submission_key: str = "",
) -> tuple[ScamReport, str]:
    """Store a report and its cleaned screenshots; returns it and its reference code, which
    is shown to the reporter and never stored (only its digest). A report sent from a form
    (`submission_key`) is stored once: sent again, the stored one is returned.

    The screenshot files are written before their rows; if the database fails after that (at
    an INSERT or at the commit), nothing of the report stays, its files included
    (`_files_deleted_unless_committed`)."""
    with _files_deleted_unless_committed() as written, transaction.atomic():
        if submission_key:
            if found := already_submitted(submission_key):
                return found
            code = reference_code_for(submission_key)
        else:
            code = new_reference_code()
        report = ScamReport(
            code_hash=code_digest(code),
            submission_key=submission_key or None,
            channel=channel,
            province=province,
            what_happened=what_happened,
            used=used,
            amount_lost=amount_lost,
            contact=contact,
            consent_text=consent_text,
            consented_at=timezone.now(),
            passed_challenge=passed_challenge,
        )
        report.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # the same form sent twice at once: the other request stored it first
            found = already_submitted(submission_key) if submission_key else None
            if found is None:
                raise
            return found
        for image in screenshots:
            shot = ReportScreenshot(report=report, width=image.width, height=image.height)
            shot.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(image.content), save=False)
            written.append(shot.image.name)
            shot.save()
        return report, code


def find_report(code: str) -> ScamReport | None:
    return ScamReport.objects.filter(code_hash=code_digest(code)).first()


def _delete_screenshots(report: ScamReport) -> None:
    for shot in report.screenshots.all():
        shot.image.delete(save=False)
        shot.delete()


@transaction.atomic
def withdraw_report(*, report: ScamReport) -> None:
    """The reporter withdraws: the report and everything it holds are deleted."""
    report = ScamReport.objects.select_for_update().get(pk=report.pk)
    was_counted = report.verified
    _delete_screenshots(report)
    report.delete()
    if was_counted:
        invalidate_report_pages()


@transaction.atomic
def triage_report(
    *,
    report: ScamReport,
    by: AbstractBaseUser | None,
    status: str,
    verified: bool,
    pattern: ScamPattern | None = None,
    staff_notes: str = "",
    add_indicators: Sequence[IndicatorInput] = (),
) -> ScamReport:
    """The province's staff set the status, whether the report is verified, its pattern and
    notes, and link the signs it names (only verified reports count in "Kiểm tra")."""
    stored = ScamReport.objects.select_for_update().get(pk=report.pk)
    if by is not None and not access.can_triage(by, stored):
        raise PermissionDenied("Tài khoản này không xử lý phản ánh của tỉnh, thành phố này.")
    indicators = resolve_indicators(add_indicators)
    counted_before = stored.verified
    stored.status = ScamReport.Status(status)
    stored.verified = verified
    stored.pattern = pattern
    stored.staff_notes = staff_notes
    stored.full_clean()
    stored.save()
    stored.indicators.add(*indicators)
    if indicators:
        invalidate_indicator_pages()
    if counted_before or stored.verified:
        invalidate_report_pages()
    return stored


@transaction.atomic
def erase_expired_personal_data(*, now=None) -> int:
    """Erase what happened, the contact and the screenshots of reports older than
    REPORT_RETENTION_DAYS; the anonymous facts stay for statistics. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_RETENTION_DAYS)
    expired = list(
        ScamReport.objects.select_for_update().filter(
            created_at__lt=cutoff, personal_data_erased_at__isnull=True
        )
    )
    for report in expired:
        _delete_screenshots(report)
        report.what_happened = ""
        report.contact = ""
        report.personal_data_erased_at = now
        report.save(update_fields=["what_happened", "contact", "personal_data_erased_at"])
    return len(expired)
