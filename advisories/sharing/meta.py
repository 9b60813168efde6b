"""What a link to a dispatch, a scam pattern or an organisation shows once shared on Zalo,
Facebook or X: the Open Graph and Twitter card tags, the preview image's card, and the share
links of the page.

Written for the citizen who receives the link, not for the clerk who filed the dispatch: the
title is the subject without the administrative "V/v", the description says who warns, when,
and of what. Everything is built from what the page already loaded (no query of its own).
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, gettext

from . import cards

DESCRIPTION_LENGTH = 200  # what Facebook and Zalo show before cutting (about two lines)
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
_ADMINISTRATIVE_PREFIX = re.compile(r"^v\s*/\s*v\b[\s.:]*", re.IGNORECASE)


def absolute(path: str) -> str:
    """`path` on the portal's public address (SITE_URL): platforms need absolute URLs."""
    return settings.SITE_URL.rstrip("/") + path


def citizen_title(subject: str) -> str:
    """The subject as a headline: no leading "V/v", first letter in capitals."""
    text = _ADMINISTRATIVE_PREFIX.sub("", " ".join(subject.split()))
    return text[:1].upper() + text[1:]


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary and ended with "…" when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


@dataclass(frozen=True)
class SocialMeta:
    """The tags of one page (templates/includes/_meta_social.html) and its share links."""

    title: str
    description: str
    url: str
    type: str
    image_url: str
    image_alt: str
    published_time: str = ""
    image_width: int = cards.WIDTH
    image_height: int = cards.HEIGHT

    @property
    def site_name(self) -> str:
        return gettext("Cổng cảnh báo lừa đảo")

    @property
    def locale(self) -> str:
        return OG_LOCALES.get(get_language(), "vi_VN")

    @property
    def alternate_locales(self) -> list[str]:
        return [value for value in OG_LOCALES.values() if value != self.locale]

    @property
    def facebook_url(self) -> str:
        return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": self.url})

    @property
    def x_url(self) -> str:
        return "https://twitter.com/intent/tweet?" + urlencode(
            {"text": self.title, "url": self.url}
        )

    @property
    def mail_url(self) -> str:
        """mailto: with subject and body (RFC 6068: spaces as %20, not "+")."""
        body = f"{self.description}\n\n{self.url}"
        return f"mailto:?subject={quote(self.title, safe='')}&body={quote(body, safe='')}"


def _image_alt(card: cards.Card) -> str:
    """The image's text, in reading order: what a screen reader says in its place."""
    parts = [card.stamp, f"{card.kind}: {card.title}", card.strong_line, card.plain_line]
    return ". ".join(part for part in parts if part)


def _meta(*, title, description, path, kind, image_url, card, published_time=""):
    return SocialMeta(
        title=title,
        description=shorten(description),
        url=absolute(path),
        type=kind,
        image_url=absolute(image_url),
        image_alt=_image_alt(card),
        published_time=published_time,
    )


# --- Dispatches ------------------------------------------------------------------------------


def dispatch_card(dispatch) -> cards.Card:
    """Needs the dispatch and its issuer (select_related)."""
    withdrawn = dispatch.status == dispatch.Status.WITHDRAWN
    return cards.Card(
        portal=gettext("Cổng cảnh báo lừa đảo"),
        kind=gettext("Cảnh báo lừa đảo"),
        title=citizen_title(dispatch.subject),
        strong_line=dispatch.issuer.name,
        plain_line=f"{dispatch.reference_label} · {dispatch.short_date}",
        stamp=gettext("Đã thu hồi") if withdrawn else "",
    )


def dispatch_image_url(dispatch, card: cards.Card | None = None) -> str:
    card = card or dispatch_card(dispatch)
    return reverse("advisories:dispatch_image", kwargs={"pk": dispatch.pk, "version": card.version})


def dispatch_meta(dispatch, *, pattern_summary: str) -> SocialMeta:
    """Needs the issuer loaded: the first scam pattern's summary (`pattern_summary`:
    fragments.Panels, "" when none) says best what the warning is about; else the body's
    opening."""
    card = dispatch_card(dispatch)
    if dispatch.status == dispatch.Status.WITHDRAWN:
        what = gettext("Văn bản đã thu hồi ngày %(date)s: %(reason)s") % {
            "date": dispatch.withdrawn_on.strftime("%d/%m/%Y"),
            "reason": dispatch.withdrawal_reason,
        }
        title = gettext("Đã thu hồi: %(title)s") % {"title": card.title}
    else:
        what = pattern_summary or next(iter(dispatch.body_paragraphs), "")
        title = card.title
    return _meta(
        title=title,
        description=f"{dispatch.issuer.name}, {dispatch.short_date}. {what}",
        path=dispatch.get_absolute_url(),
        kind="article",
        image_url=dispatch_image_url(dispatch, card),
        card=card,
        published_time=dispatch.published_at.isoformat() if dispatch.published_at else "",
    )


# --- Scam patterns ---------------------------------------------------------------------------


def pattern_card(pattern) -> cards.Card:
    return cards.Card(
        portal=gettext("Cổng cảnh báo lừa đảo"),
        kind=gettext("Cảnh báo lừa đảo"),
        title=pattern.name,
        strong_line=f"{gettext('Kẻ gian giả danh')}: {pattern.impersonates}",
        plain_line=f"{gettext('Nhắm tới')}: {pattern.targets}",
    )


def pattern_image_url(pattern, card: cards.Card | None = None) -> str:
    card = card or pattern_card(pattern)
    return reverse("advisories:pattern_image", kwargs={"pk": pattern.pk, "version": card.version})


def pattern_meta(pattern) -> SocialMeta:
    card = pattern_card(pattern)
    return _meta(
        title=pattern.name,
        description=pattern.summary,
        path=pattern.get_absolute_url(),
        kind="website",
        image_url=pattern_image_url(pattern, card),
        card=card,
    )


# --- Organisations ---------------------------------------------------------------------------


def organisation_card(organisation) -> cards.Card:
    hotline = organisation.hotline
    return cards.Card(
        portal=gettext("Cổng cảnh báo lừa đảo"),
        kind=gettext("Cảnh báo lừa đảo"),
        title=organisation.name,
        strong_line=f"{gettext('Đường dây nóng')}: {hotline}" if hotline else "",
        plain_line=organisation.province,
    )


def organisation_image_url(organisation, card: cards.Card | None = None) -> str:
    card = card or organisation_card(organisation)
    return reverse(
        "advisories:organisation_image", kwargs={"pk": organisation.pk, "version": card.version}
    )


def organisation_meta(organisation) -> SocialMeta:
    card = organisation_card(organisation)
    description = gettext("Các văn bản cảnh báo lừa đảo của %(name)s.") % {
        "name": organisation.name
    }
    if organisation.hotline:
        description += " " + gettext("Đường dây nóng: %(hotline)s.") % {
            "hotline": organisation.hotline
        }
    return _meta(
        title=organisation.name,
        description=description,
        path=organisation.get_absolute_url(),
        kind="website",
        image_url=organisation_image_url(organisation, card),
        card=card,
    )
