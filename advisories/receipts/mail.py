"""The notice e-mail a unit receives: Vietnamese, plain text, with its personal link."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import Delivery


def confirm_url(raw_token: str) -> str:
    """The absolute personal link (SITE_URL: mails are built outside a request)."""
    path = reverse("advisories:receipt_confirm", kwargs={"token": raw_token})
    return settings.SITE_URL.rstrip("/") + path


def build_notice(*, delivery: Delivery, raw_token: str, reminder: bool = False) -> EmailMessage:
    dispatch = delivery.dispatch
    context = {
        "delivery": delivery,
        "dispatch": dispatch,
        "issuer": dispatch.issuer,
        "organisation": delivery.organisation,
        "link": confirm_url(raw_token),
        "public_url": settings.SITE_URL.rstrip("/") + dispatch.get_absolute_url(),
        "reminder": reminder,
        "due_hours": settings.RECEIPT_DUE_HOURS,
        "token_days": settings.RECEIPT_TOKEN_DAYS,
    }
    subject = render_to_string("advisories/receipts/mail/notice_subject.txt", context)
    body = render_to_string("advisories/receipts/mail/notice_body.txt", context)
    reply_to = [dispatch.issuer.email] if dispatch.issuer.email else []
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.organisation.email],
        reply_to=reply_to,
    )
