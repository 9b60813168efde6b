""" "Kiểm tra" at /kiem-tra/: a citizen pastes a number, a link, an account or a name and learns
whether published advisories name it or whether it is a state body's number; always told that
no record does not mean safe."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisories.indicators.check import clean_query
from advisories.indicators.normalize import readings
from advisories.models import Dispatch, ScamPattern
from advisories.services import (
    IndicatorInput,
    mark_indicators,
    publish_dispatch,
    save_draft_parts,
    save_organisation,
    withdraw_dispatch,
)
from advisories.services.reports import submit_report, triage_report
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

URL = reverse("advisories:check")
NOT_SAFE = "Không có trong cảnh báo không có nghĩa là an toàn"


def check(client, query, status=200):
    response = client.get(URL, {"q": query})
    assert response.status_code == status, response.content.decode()[:300]
    return response.content.decode()


def test_the_seed_app_name_leads_to_the_advisories_that_name_it(client, seeded):
    page = check(client, "so lien lac dien tu")
    assert "Có trong văn bản cảnh báo lừa đảo" in page
    for number in (1153, 2152):
        dispatch = Dispatch.objects.get(number=number)
        assert dispatch.get_absolute_url() in page
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    assert pattern.get_absolute_url() in page  # and the scam pattern they describe
    assert NOT_SAFE in page


def test_113_is_an_official_number_of_the_police(client, seeded):
    page = check(client, "113")
    assert "Đây là số của cơ quan nhà nước" in page
    assert "Công an tỉnh An Giang" in page
    assert "Có trong văn bản cảnh báo" not in page


def test_a_number_written_another_way_finds_the_same_sign(client, db):
    dispatch = DispatchFactory()
    mark_indicators(
        dispatch=dispatch, by=None, add=[IndicatorInput(kind="phone", text="0912.345.678")]
    )
    for typed in ("+84 912 345 678", "0912345678", "84-912-345-678"):
        assert dispatch.get_absolute_url() in check(client, typed), typed


def test_a_link_finds_the_advisory_naming_its_domain(client, db):
    dispatch = DispatchFactory()
    mark_indicators(
        dispatch=dispatch,
        by=None,
        add=[IndicatorInput(kind="domain", text="https://solienlac-edu.vn/dang-nhap")],
    )
    page = check(client, "http://WWW.SoLienLac-Edu.vn/khac?ref=zalo")
    assert dispatch.get_absolute_url() in page


def test_nothing_on_record_says_so_and_that_it_is_not_safe(client, seeded):
    page = check(client, "0987 654 321")
    assert "Chưa có trong văn bản cảnh báo nào" in page
    assert NOT_SAFE in page
    assert reverse("advisories:if_scammed") in page


def test_drafts_and_withdrawn_advisories_are_not_shown(client, db):
    draft = DispatchFactory(draft=True)
    withdrawn = DispatchFactory()
    for dispatch in (draft, withdrawn):
        mark_indicators(
            dispatch=dispatch, by=None, add=[IndicatorInput(kind="phone", text="0912345678")]
        )
    withdraw_dispatch(dispatch=withdrawn, by=None, reason="Ban hành nhầm.", on=timezone.localdate())
    page = check(client, "0912345678")
    assert draft.get_absolute_url() not in page
    assert withdrawn.get_absolute_url() not in page
    assert "Chưa có trong văn bản cảnh báo nào" in page


def test_a_sign_marked_on_a_published_advisory_shows_at_the_next_request(client, db):
    dispatch = DispatchFactory()
    assert "Chưa có trong văn bản" in check(client, "0912345678")  # now cached
    mark_indicators(
        dispatch=dispatch, by=None, add=[IndicatorInput(kind="phone", text="0912345678")]
    )
    assert dispatch.get_absolute_url() in check(client, "0912345678")


def test_an_unreadable_query_is_a_vietnamese_400(client, db):
    page = check(client, "!!!", status=400)
    assert "Không đọc được" in page
    page = check(client, "0" * 500, status=400)
    assert "quá dài" in page


def test_the_empty_box_is_the_form(client, db):
    page = check(client, "")
    assert 'name="q"' in page
    assert NOT_SAFE in page


def test_the_page_is_linked_from_home_and_every_pattern_page(client, seeded):
    assert URL in client.get(reverse("advisories:home")).content.decode()
    for pattern in ScamPattern.objects.all():
        assert URL in client.get(pattern.get_absolute_url()).content.decode()


def test_changing_a_hotline_moves_the_official_number(client, db):
    organisation = OrganisationFactory(name="Công an xã Thử", hotline="0297 111 2222")
    save_organisation(organisation=organisation)
    assert "Công an xã Thử" in check(client, "02971112222")
    organisation.hotline = "0297 333 4444"
    save_organisation(organisation=organisation)
    assert "Công an xã Thử" not in check(client, "02971112222")
    assert "Công an xã Thử" in check(client, "0297 333 4444")


def _signs(size):
    pattern = ScamPatternFactory()
    for n in range(size):
        dispatch = DispatchFactory(draft=True)
        save_draft_parts(dispatch=dispatch, by=None, scam_patterns=[pattern])
        mark_indicators(
            dispatch=dispatch,
            by=None,
            add=[
                IndicatorInput(kind="phone", text="0912345678"),
                IndicatorInput(kind="app", text=f"Ứng dụng giả {n}"),
            ],
        )
        publish_dispatch(dispatch=dispatch, track_receipts=False)
        report, _ = submit_report(channel="call", province="An Giang", consent_text="Đồng ý.")
        triage_report(
            report=report,
            by=None,
            status="forwarded",
            verified=True,
            add_indicators=[IndicatorInput(kind="phone", text="0912345678")],
        )
    save_organisation(organisation=OrganisationFactory(hotline="0297 111 2222"))


# What one look-up reads: the signs (with their verified reports counted), the advisories that
# name them (newest 10 each), those advisories' patterns (none to read for an official number
# no advisory names), the state bodies whose number it is; a sign on no record: the signs only.
CHECK_QUERIES = {"0912345678": 4, "ung dung gia": 4, "solienlac.vn": 1, "0297 111 2222": 3}


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_signs(client, settings):
    """The same queries with 2 and with 20 advisories and verified reports naming the signs,
    and one state body owning a number, then two."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    for size in (2, 20):
        _signs(size)
        counts = {}
        for query in CHECK_QUERIES:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(URL, {"q": query}).status_code == 200
            counts[query] = len(ctx)
        assert counts == CHECK_QUERIES, size


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=st.text(max_size=400))
@pytest.mark.django_db
def test_any_text_in_the_box_is_answered_or_refused_in_vietnamese(client, query):
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        query = query.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    response = client.get(URL, {"q": query})
    assert response.status_code == expected_status(query)
    if response.status_code == 400 and "\x00" not in query:
        assert 'class="form-errors" role="alert"' in response.content.decode()


def expected_status(query: str) -> int:
    """What the box answers `query`: a NUL byte is refused before any view (portal middleware);
    an empty box is the form; otherwise 200 when the text reads as at least one sign (a phone
    number, a domain, an account, a name: indicators.normalize, tested on its own in
    test_normalize.py), else a 400 saying it could not be read."""
    if "\x00" in query:
        return 400
    if not query.strip():
        return 200
    cleaned = clean_query(query)
    return 200 if cleaned and readings(cleaned) else 400


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 200), ("   ", 200), ("0912 345 678", 200), ("solienlac.vn", 200), ("!!!", 400)],
)
def test_the_expected_status_reads_as_the_page_should(query, status):
    assert expected_status(query) == status
