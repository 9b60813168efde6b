"""Lists that read like warnings: a chain once, citizen titles, the chain's SMS on every link,
scam patterns by their latest warning; with query counts that do not grow with the data."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advisories.models import Dispatch, Organisation, ScamPattern
from advisories.services import (
    forward_dispatch,
    publish_dispatch,
    save_draft,
    save_draft_parts,
    withdraw_dispatch,
)
from tests.factories import (
    AddresseeFactory,
    DispatchFactory,
    OrganisationFactory,
    ReferenceFactory,
    ScamPatternFactory,
    StaffUserFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db

ROW_TITLE = re.compile(r'class="dispatch-row__title" href="([^"]+)"')


def _seed(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


def _vinh():
    return Dispatch.objects.select_related("issuer").get(number__isnull=True)


def _rows(page):
    """The addresses the rows of a list link to, in order (not the links inside a row)."""
    return ROW_TITLE.findall(page)


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def _forward(source, *, issuer=None, patterns=(), **fields):
    """A published forward of `source` by another unit, citing it as staff do."""
    draft = DispatchFactory(draft=True, issuer=issuer or OrganisationFactory(), **fields)
    ReferenceFactory(citing=draft, target=source)
    if patterns:
        save_draft_parts(dispatch=draft, by=None, scam_patterns=list(patterns))
    return publish_dispatch(dispatch=draft, track_receipts=False)


class TestAChainOnce:
    def test_the_seed_chain_is_one_row_on_the_list_with_its_forwarding_units(self, client, seeded):
        page = _get(client, reverse("advisories:dispatch_list"))
        assert _rows(page) == [_seed(1153).get_absolute_url(), _vinh().get_absolute_url()]
        row = page.split('<li class="dispatch-row')[1]
        assert "2 đơn vị đã chuyển tiếp" in row
        assert _seed(2152).get_absolute_url() in row  # the forwards, one click away
        assert _seed(29).get_absolute_url() in row
        assert f"{_seed(1153).get_absolute_url()}#chuoi-van-ban" in row
        assert "2 văn bản" in page  # the count is of rows, chains once

    def test_the_home_page_shows_the_chain_once(self, client, seeded):
        page = _get(client, reverse("advisories:home"))
        assert _rows(page) == [_seed(1153).get_absolute_url(), _vinh().get_absolute_url()]
        assert "2 đơn vị đã chuyển tiếp" in page

    def test_the_chain_section_the_row_links_to_exists(self, client, seeded):
        page = _get(client, _seed(1153).get_absolute_url())
        assert 'id="chuoi-van-ban"' in page

    def test_when_the_root_is_not_public_the_highest_public_forward_stands_for_it(self, client):
        root = DispatchFactory(draft=True)
        first = _forward(root)
        second = _forward(first)
        page = _get(client, reverse("advisories:dispatch_list"))
        assert _rows(page) == [first.get_absolute_url()]
        assert second.get_absolute_url() in page
        assert root.get_absolute_url() not in page
        assert "1 đơn vị đã chuyển tiếp" in page

    def test_two_units_forwarding_the_same_source_are_both_under_it(self, client):
        root = DispatchFactory()
        forwards = [_forward(root), _forward(root)]
        _forward(forwards[0])  # and one level further down
        page = _get(client, reverse("advisories:dispatch_list"))
        assert _rows(page) == [root.get_absolute_url()]
        assert "3 đơn vị đã chuyển tiếp" in page

    def test_a_cycle_of_references_entered_by_mistake_does_not_hang_the_list(self, client):
        first = DispatchFactory(draft=True)
        second = _forward(first)
        ReferenceFactory(citing=first, target=second)
        publish_dispatch(dispatch=first, track_receipts=False)
        response = client.get(reverse("advisories:dispatch_list"))
        assert response.status_code == 200

    def test_pagination_counts_a_chain_once(self, client, settings):
        settings.ADVISORIES_PER_PAGE = 2
        for _ in range(3):
            _forward(_forward(DispatchFactory()))
        first = _get(client, reverse("advisories:dispatch_list"))
        second = _get(client, reverse("advisories:dispatch_list"), trang=2)
        assert "Trang 1 / 2" in first and "3 văn bản" in first
        assert len(_rows(first)) == 2 and len(_rows(second)) == 1

    def test_the_pattern_page_shows_the_chain_once(self, client, seeded):
        pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
        page = _get(client, pattern.get_absolute_url())
        assert _rows(page) == [_seed(1153).get_absolute_url()]
        assert "2 đơn vị đã chuyển tiếp" in page

    def test_a_forward_on_a_pattern_its_source_is_not_on_stays_on_that_pattern_page(self, client):
        pattern = ScamPatternFactory()
        root = DispatchFactory()
        forward = _forward(root, patterns=[pattern])
        page = _get(client, pattern.get_absolute_url())
        assert _rows(page) == [forward.get_absolute_url()]

    def test_an_organisation_page_lists_its_own_forward(self, client, seeded):
        department = Organisation.objects.get(slug="so-y-te-an-giang")
        page = _get(client, department.get_absolute_url())
        assert _seed(2152).get_absolute_url() in _rows(page)


class TestCitizenTitles:
    def test_list_rows_have_no_v_v_and_no_blank_number(self, client, seeded):
        page = _get(client, reverse("advisories:dispatch_list"))
        assert "V/v" not in page
        assert "Tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”" in page
        assert "số /UBND-VHTT" not in page
        assert "Công văn không số, ký hiệu UBND-VHTT" in page

    def test_heading_and_title_have_no_v_v_but_the_printed_document_keeps_it(self, client, seeded):
        page = _get(client, _seed(2152).get_absolute_url())
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert heading == "Tuyên truyền phương thức lừa đảo &quot;Sổ liên lạc điện tử&quot;"
        assert "V/v" not in title and title.startswith("Tuyên truyền phương thức lừa đảo")
        assert "Công văn số 2152/SYT-CNTTTT" in title
        printed = page[page.index('class="doc-header"') :]
        assert "V/v tuyên truyền phương thức lừa đảo" in printed

    def test_a_dispatch_without_a_number_is_never_called_so_slash(self, client, seeded):
        page = _get(client, _vinh().get_absolute_url())
        web_part = page[: page.index('class="doc-header"')]
        assert "số /UBND-VHTT" not in page
        assert "Công văn không số, ký hiệu UBND-VHTT" in web_part
        assert "\xa0/UBND-VHTT" in page  # the printed number line keeps its blank

    def test_the_chain_names_its_links_as_citizens_read_them(self, client, seeded):
        page = _get(client, _seed(29).get_absolute_url())
        chain = page[page.index('class="chain__tree"') :]
        assert "Công văn số 1153/UBND-KGVX" in chain


class TestTheChainsWarningTexts:
    def test_every_dispatch_of_the_chain_offers_the_sms_to_copy(self, client, seeded):
        sms = "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến"
        for number in (1153, 2152, 29):
            page = _get(client, _seed(number).get_absolute_url())
            aside = page[page.index('class="advisory-aside"') :]
            assert sms in aside, number
            assert "data-copy-target=" in aside, number
        forward = _get(client, _seed(29).get_absolute_url())
        assert "Theo Công văn số 1153/UBND-KGVX của" in forward  # where the text comes from

    def test_a_forward_that_copied_the_text_shows_it_once(self, client, seeded):
        department = Organisation.objects.get(slug="so-khcn-an-giang")
        clerk = StaffUserFactory(organisation=department)
        draft = forward_dispatch(source=_seed(1153), by=clerk, kind="thuc_hien")
        draft.number, draft.symbol, draft.signer_name = 31, "SKHCN-VP", "Nguyễn Văn A"
        save_draft(dispatch=draft, by=clerk)
        forward = publish_dispatch(dispatch=draft, track_receipts=False)
        assert forward.warnings.count() == 1  # forwarding copied the SMS
        page = _get(client, forward.get_absolute_url())
        assert page.count('class="warning-text"') == 1
        assert "Theo Công văn số 1153" not in page  # its own copy, not the source's

    def test_a_withdrawn_links_texts_are_not_offered_elsewhere(self, client):
        root = DispatchFactory(draft=True)
        WarningMessageFactory(dispatch=root, text="Đừng bấm đường link lạ.")
        root = publish_dispatch(dispatch=root, track_receipts=False)
        forward = _forward(root)
        withdraw_dispatch(dispatch=root, by=None, reason="Nhầm", on=timezone.localdate())
        assert "Đừng bấm đường link lạ." not in _get(client, forward.get_absolute_url())


def _on_patterns(patterns, *, days_ago, publish=True):
    """A dispatch on `patterns` dated `days_ago` days ago, published (posted today) or not."""
    date = timezone.localdate() - timedelta(days=days_ago)
    draft = DispatchFactory(draft=True, year=date.year, month=date.month, day=date.day)
    save_draft_parts(dispatch=draft, by=None, scam_patterns=patterns)
    return publish_dispatch(dispatch=draft, track_receipts=False) if publish else draft


class TestScamPatternsByLatestWarning:
    @pytest.fixture
    def patterns(self, db):
        old, recent, withdrawn_only = (
            ScamPatternFactory(name=name) for name in ("A cũ", "B mới", "C đã thu hồi")
        )
        for pattern, days in ((old, 500), (old, 900), (recent, 20)):
            _on_patterns([pattern], days_ago=days)
        # A newer warning on the old pattern, since withdrawn, and a draft: neither counts.
        withdrawn = _on_patterns([old, withdrawn_only], days_ago=1)
        withdraw_dispatch(dispatch=withdrawn, by=None, reason="Nhầm", on=timezone.localdate())
        _on_patterns([old, withdrawn_only], days_ago=0, publish=False)
        return old, recent, withdrawn_only

    def test_last_warned_is_the_date_of_the_newest_published_dispatch(self, patterns):
        old, recent, withdrawn_only = patterns
        annotated = {p.pk: p for p in ScamPattern.objects.with_last_warning()}
        today = timezone.localdate()
        assert (today - annotated[old.pk].last_warned_on).days == 500
        assert (today - annotated[recent.pk].last_warned_on).days == 20
        assert annotated[withdrawn_only.pk].last_warned_on is None

    def test_a_blank_day_counts_as_the_end_of_its_month(self, db):
        pattern = ScamPatternFactory()
        draft = DispatchFactory(draft=True, year=2024, month=2, day=None)
        save_draft_parts(dispatch=draft, by=None, scam_patterns=[pattern])
        publish_dispatch(dispatch=draft, track_receipts=False)
        annotated = ScamPattern.objects.with_last_warning().get(pk=pattern.pk)
        assert annotated.last_warned_label == "02/2024"
        assert annotated.last_warned_on == date(2024, 2, 29)

    def test_home_orders_patterns_by_latest_warning(self, client, patterns):
        page = _get(client, reverse("advisories:home"))
        positions = [page.index(name) for name in ("B mới", "A cũ", "C đã thu hồi")]
        assert positions == sorted(positions)

    def test_an_old_pattern_is_not_labelled_happening_now(self, client, patterns):
        page = _get(client, reverse("advisories:home"))
        cards = page.split('<article class="card pattern-card">')[1:]
        labels = {re.search(r'<a href="[^"]+"[^>]*>([^<]+)</a>', c).group(1): c for c in cards}
        assert "Đang xảy ra" in labels["B mới"]
        assert "Đang xảy ra" not in labels["A cũ"]
        assert "Đang xảy ra" not in labels["C đã thu hồi"]
        assert "Các thủ đoạn đang xảy ra" not in page  # no heading labels them all

    def test_how_old_is_old_is_a_setting(self, client, patterns, settings):
        settings.SCAM_PATTERN_CURRENT_DAYS = 10
        page = _get(client, reverse("advisories:pattern_list"))
        assert "Đang xảy ra" not in page
        settings.SCAM_PATTERN_CURRENT_DAYS = 1000
        cache.clear()  # the page rendered under the other setting
        page = _get(client, reverse("advisories:pattern_list"))
        assert page.count("Đang xảy ra") == 2

    def test_the_pattern_page_says_when_it_was_last_warned_about(self, client, patterns):
        old = patterns[0]
        page = _get(client, old.get_absolute_url())
        warned = timezone.localdate() - timedelta(days=500)
        assert f"Cảnh báo gần nhất: {warned:%d/%m/%Y}" in page


def _chains_corpus(chains):
    """`chains` chains of three (a root with an SMS, a forward, a forward of that one to a
    group line of stations), and as many dispatches standing alone; all on one pattern."""
    pattern = ScamPatternFactory()
    station = OrganisationFactory(name="Trạm Y tế đo đếm")
    forward = None
    for _ in range(chains):
        root = DispatchFactory(draft=True)
        WarningMessageFactory(dispatch=root)
        save_draft_parts(dispatch=root, by=None, scam_patterns=[pattern])
        root = publish_dispatch(dispatch=root, track_receipts=False)
        middle = _forward(root, patterns=[pattern])
        draft = DispatchFactory(draft=True)
        ReferenceFactory(citing=draft, target=middle)
        AddresseeFactory(dispatch=draft, position=1, text="Các Trạm Y tế", members=[station])
        forward = publish_dispatch(dispatch=draft, track_receipts=False)
        alone = DispatchFactory(draft=True)
        save_draft_parts(dispatch=alone, by=None, scam_patterns=[pattern])
        publish_dispatch(dispatch=alone, track_receipts=False)
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        reverse("advisories:dispatch_list") + "?trang=2",
        pattern.get_absolute_url(),
        reverse("advisories:pattern_list"),
        station.get_absolute_url(),
        forward.get_absolute_url(),
    ]


def test_query_counts_are_the_same_for_small_and_large_chains(client, settings):
    """The chain-aware lists keep one query count for 4 and 40 chains (and as many singles)."""
    settings.ADVISORIES_PER_PAGE = 3
    counts = []
    for chains in (4, 40):
        measured = []
        for url in _chains_corpus(chains):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 14
