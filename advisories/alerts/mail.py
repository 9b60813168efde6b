"""The mails of the alerts: the confirmation of a request, "already subscribed", an alert and
the daily digest. Plain text and HTML, in the language the person subscribed in (Vietnamese
by default), with absolute links from SITE_URL (they are built by the worker, outside any
request).

Every mail to a confirmed subscription carries the unsubscribe link in its text and the
RFC 8058 headers: `List-Unsubscribe` (the one-click URL and a mailto:) and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so that a mail client may unsubscribe
with one POST. The mailto: carries no token (it would end up in a mailbox): an operator
handles those by the sender's address (`manage.py unsubscribe_alerts ADDRESS`).
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AlertEvent, AlertSubscription, Dispatch
from .tokens import unsubscribe_token

SUBJECT_MAX = 180


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscription: AlertSubscription) -> str:
    """The one-click unsubscribe link (in the active language's URL space)."""
    token = unsubscribe_token(pk=subscription.pk, nonce=subscription.unsubscribe_nonce)
    return absolute(reverse("advisories:alerts_unsubscribe", kwargs={"token": token}))


def confirm_url(raw_token: str) -> str:
    return absolute(reverse("advisories:alerts_confirm", kwargs={"token": raw_token}))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe with its RFC 8058 one-click companion."""
    mailto = f"mailto:{settings.ALERT_UNSUBSCRIBE_MAILTO}?subject={quote('Huy nhan canh bao')}"
    return {
        "List-Unsubscribe": f"<{url}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def _message(*, to, subject, template, context, headers=None) -> EmailMultiAlternatives:
    text = render_to_string(f"advisories/alerts/mail/{template}.txt", context)
    html = render_to_string(f"advisories/alerts/mail/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:SUBJECT_MAX],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def _about(subscription: AlertSubscription) -> dict:
    return {
        "subscription": subscription,
        "target_label": subscription.target_label,
        "frequency_label": subscription.get_frequency_display(),
        "site_url": absolute(reverse("advisories:home")),
    }


def build_confirmation(*, subscription: AlertSubscription, raw_token: str):
    """The double opt-in mail: nothing is sent to the address until its owner confirms."""
    with translation.override(subscription.language):
        context = _about(subscription) | {
            "link": confirm_url(raw_token),
            "days": settings.ALERT_CONFIRM_DAYS,
        }
        return _message(
            to=subscription.email,
            subject=_("Xác nhận đăng ký nhận cảnh báo lừa đảo"),
            template="confirm",
            context=context,
        )


def build_already_subscribed(*, subscription: AlertSubscription):
    """Sent when a confirmed address asks again: the page said the same as for a new one."""
    with translation.override(subscription.language):
        link = unsubscribe_url(subscription)
        context = _about(subscription) | {"unsubscribe_url": link}
        return _message(
            to=subscription.email,
            subject=_("Bạn đã đăng ký nhận cảnh báo lừa đảo"),
            template="already",
            context=context,
            headers=unsubscribe_headers(link),
        )


@dataclass
class Item:
    """One event as the alert and the digest show it (built once per batch, not per mail)."""

    event: AlertEvent
    dispatch: Dispatch
    url: str
    patterns: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changed: list = field(default_factory=list)


def items_for(events: list[AlertEvent]) -> list[Item]:
    """The events with what their mails print; the dispatches and their parts in a few
    queries (select_related/prefetch_related by the caller)."""
    items = []
    for event in events:
        dispatch = event.dispatch
        changed = []
        if event.correction is not None:
            fields = event.correction.changes
            changed = [str(Dispatch._meta.get_field(name).verbose_name) for name in fields]
        items.append(
            Item(
                event=event,
                dispatch=dispatch,
                url=absolute(dispatch.get_absolute_url()),
                patterns=[p.name for p in dispatch.scam_patterns.all()],
                warnings=[w.text for w in dispatch.warnings.all()],
                changed=changed,
            )
        )
    return items


def _alert_subject(items: list[Item], *, digest: bool) -> str:
    if digest:
        return _("Tóm tắt cảnh báo lừa đảo ngày %(date)s") % {
            "date": timezone.localdate().strftime("%d/%m/%Y")
        }
    item = items[0]
    subject = item.dispatch.subject
    match item.event.kind:
        case AlertEvent.Kind.WITHDRAWN:
            return _("Đã thu hồi: %(number)s %(subject)s") % {
                "number": item.dispatch.number_symbol,
                "subject": subject,
            }
        case AlertEvent.Kind.CORRECTED:
            return _("Đính chính: %(number)s %(subject)s") % {
                "number": item.dispatch.number_symbol,
                "subject": subject,
            }
    return _("Cảnh báo lừa đảo: %(subject)s") % {"subject": subject}


# Stands for a subscriber's unsubscribe link in an alert rendered once for many subscribers.
_LINK_SLOT = "__unsubscribe_url__"


class AlertRenderer:
    """Renders the alert (or digest) of a batch once per language, target and frequency, and
    puts each subscriber's own link into that text: 500 subscribers to everything cost one
    rendering, not 500 (the templates were a sixth of a mail's cost)."""

    def __init__(self, *, digest: bool = False):
        self.digest = digest
        self.rendered = {}

    def _render(self, subscription: AlertSubscription, items: list[Item]):
        key = (
            subscription.language,
            subscription.target_label,
            subscription.frequency,
            tuple(item.event.pk for item in items),
        )
        if key not in self.rendered:
            context = _about(subscription) | {
                "items": items,
                "digest": self.digest,
                "unsubscribe_url": _LINK_SLOT,
            }
            self.rendered[key] = (
                " ".join(_alert_subject(items, digest=self.digest).split())[:SUBJECT_MAX],
                render_to_string("advisories/alerts/mail/alert.txt", context),
                render_to_string("advisories/alerts/mail/alert.html", context),
            )
        return self.rendered[key]

    def build(self, *, subscription: AlertSubscription, items: list[Item]):
        """The mail of one subscription."""
        with translation.override(subscription.language):
            subject, text, html = self._render(subscription, items)
            link = unsubscribe_url(subscription)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text.replace(_LINK_SLOT, link),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.email],
            headers=unsubscribe_headers(link),
        )
        message.attach_alternative(html.replace(_LINK_SLOT, link), "text/html")
        return message
