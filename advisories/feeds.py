"""Atom feeds: every list a citizen reads, delivered to a feed reader as soon as it changes.

One feed class serves every list; what differs (its title, its page, its dispatches) is a
`Channel` the view builds. Entries follow the lists: newest first by the document's date,
withdrawn dispatches included and marked (their page stays public with a banner), at most
settings.FEED_ENTRIES of them. Every address is absolute and built from SITE_URL
(advisories.addresses): the feed is cached and served to every reader.

Feeds are public pages (advisories.caching): the views are @public_page and depend on the
`lists` tag, so a publish, withdrawal or correction, which bumps it, shows in the feed at the
next request.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy

from . import selectors
from .addresses import absolute_url
from .models import Dispatch
from .search.backend import match_condition

PORTAL_NAME = gettext_lazy("Cổng cảnh báo lừa đảo")


@dataclass(frozen=True)
class Channel:
    """What one feed is about: its title, the HTML page it mirrors, its own address (path
    and query string), and the public dispatches it lists (a queryset, read when rendered)."""

    title: str
    subtitle: str
    page_path: str
    feed_path: str
    dispatches: QuerySet


class DispatchFeed(Feed):
    """An Atom feed of dispatches. The object is the Channel the view passes as `channel`.

    Stateless: one instance serves every request and every thread."""

    feed_type = Atom1Feed

    def get_object(self, request, *, channel):
        return channel

    def title(self, channel):
        return channel.title

    def subtitle(self, channel):
        return channel.subtitle

    def link(self, channel):
        return absolute_url(channel.page_path)

    def feed_url(self, channel):
        return absolute_url(channel.feed_path)

    def feed_guid(self, channel):
        # The feed's own address: the page's would be shared by the Vietnamese and English
        # feeds of one list, and by a search feed and its unfiltered page.
        return absolute_url(channel.feed_path)

    def author_name(self, channel):
        return str(PORTAL_NAME)

    def author_link(self, channel):
        return absolute_url(reverse("advisories:home"))

    def items(self, channel):
        return selectors.feed_dispatches(channel.dispatches)

    def item_title(self, dispatch):
        # Plain text: Atom escapes it once (Django's default escapes twice, for RSS).
        title = dispatch.subject_line
        if dispatch.status == Dispatch.Status.WITHDRAWN:
            return gettext("Đã thu hồi: %(title)s") % {"title": title}
        return title

    def item_description(self, dispatch):
        """The entry's summary (HTML): what it is, who issued it, when; the withdrawal if any;
        the warning texts meant to reach citizens verbatim. The document's own words are
        Vietnamese whatever the feed's language (lang="vi", as on the pages)."""
        parts = [
            format_html(
                '<p>{} {} {} · <span lang="vi">{}</span> · {}</p>',
                dispatch.get_doc_type_display(),
                gettext("số"),
                dispatch.number_symbol,
                dispatch.issuer.name,
                dispatch.short_date,
            ),
            format_html('<p lang="vi">{}</p>', dispatch.subject_line),
        ]
        if dispatch.status == Dispatch.Status.WITHDRAWN:
            withdrawn = gettext("Văn bản đã bị thu hồi ngày %(date)s.") % {
                "date": f"{dispatch.withdrawn_on:%d/%m/%Y}"
            }
            parts.append(
                format_html(
                    '<p><strong>{}</strong> <span lang="vi">{}</span></p>',
                    withdrawn,
                    dispatch.withdrawal_reason,
                )
            )
        warnings = [(warning.text,) for warning in dispatch.warnings.all()]
        if warnings:
            heading = gettext("Nội dung cảnh báo:")
            parts.append(format_html("<p><strong>{}</strong></p>", heading))
            template = '<blockquote lang="vi"><p>{}</p></blockquote>'
            parts.append(format_html_join("", template, warnings))
        return "".join(parts)

    def item_link(self, dispatch):
        return absolute_url(dispatch.get_absolute_url())

    def item_guid(self, dispatch):
        # The short permanent link: a correction of the number or symbol changes the page's
        # address, and a reader must not take the corrected dispatch for a new one.
        return absolute_url(reverse("advisories:dispatch_permalink", args=[dispatch.pk]))

    def item_pubdate(self, dispatch):
        return dispatch.published_at

    def item_updateddate(self, dispatch):
        return dispatch.updated_at

    def item_author_name(self, dispatch):
        return dispatch.issuer.name

    def item_author_link(self, dispatch):
        return absolute_url(dispatch.issuer.get_absolute_url())

    def item_categories(self, dispatch):
        return [pattern.name for pattern in dispatch.scam_patterns.all()]


dispatch_feed = DispatchFeed()


def _subtitle():
    return gettext("%(count)s văn bản mới nhất, văn bản đã thu hồi có ghi rõ.") % {
        "count": settings.FEED_ENTRIES
    }


def all_channel(*, feed_path: str, province: str = "") -> Channel:
    """Every public dispatch, or those issued by the bodies of one province (?tinh=)."""
    dispatches = Dispatch.objects.public()
    if province:
        return Channel(
            title=gettext("Văn bản cảnh báo lừa đảo ở %(province)s") % {"province": province},
            subtitle=_subtitle(),
            page_path=f"{reverse('advisories:search')}?{urlencode({'tinh': province})}",
            feed_path=feed_path,
            dispatches=dispatches.filter(issuer__province=province),
        )
    return Channel(
        title=gettext("Văn bản cảnh báo lừa đảo · %(portal)s") % {"portal": PORTAL_NAME},
        subtitle=_subtitle(),
        page_path=reverse("advisories:dispatch_list"),
        feed_path=feed_path,
        dispatches=dispatches,
    )


def pattern_channel(*, pattern, feed_path: str) -> Channel:
    return Channel(
        title=gettext("Thủ đoạn “%(name)s”: văn bản cảnh báo") % {"name": pattern.name},
        subtitle=_subtitle(),
        page_path=pattern.get_absolute_url(),
        feed_path=feed_path,
        dispatches=pattern.dispatches.public(),
    )


def organisation_channel(*, organisation, feed_path: str) -> Channel:
    """The organisation's dispatches and those of every unit under it, at any depth."""
    unit_ids = selectors.organisation_subtree_ids(organisation)
    return Channel(
        title=gettext("Văn bản cảnh báo của %(name)s") % {"name": organisation.name},
        subtitle=gettext("Kể cả các đơn vị trực thuộc.") + " " + _subtitle(),
        page_path=organisation.get_absolute_url(),
        feed_path=feed_path,
        dispatches=Dispatch.objects.public().filter(issuer_id__in=unit_ids),
    )


def search_channel(*, query, filters, described: list[str], page_query: str, feed_path: str):
    """The newest dispatches matching a search (its words and filters), newest first: a
    subscription to a search is a subscription to what will match it, so neither the search
    page's ranking nor its typo correction applies."""
    dispatches = filters.apply(Dispatch.objects.public())
    if query:
        dispatches = dispatches.filter(match_condition(query, wanted=settings.FEED_ENTRIES))
    return Channel(
        title=gettext("Tìm kiếm: %(terms)s") % {"terms": " · ".join(described)},
        subtitle=_subtitle(),
        page_path=f"{reverse('advisories:search')}?{page_query}",
        feed_path=feed_path,
        dispatches=dispatches,
    )
