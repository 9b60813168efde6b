"""/thong-ke/: advisories per month, pattern and province, confirmation rates by level, verified
reports per pattern and channel; SVG charts, the same numbers in tables and a CSV; constant
number of queries."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisories.models import Dispatch
from advisories.services.reports import submit_report, triage_report
from tests.conftest import seed_receipts
from tests.factories import DispatchFactory, OrganisationFactory

URL = reverse("advisories:statistics")


def _csv(client):
    response = client.get(reverse("advisories:statistics_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_seed_counts_per_province_and_pattern(client, seeded):
    rows = _csv(client)
    by_province = {r["nhan"]: int(r["gia_tri"]) for r in rows if r["bang"] == "tinh"}
    expected = {}
    for dispatch in Dispatch.objects.public().select_related("issuer"):
        expected[dispatch.issuer.province] = expected.get(dispatch.issuer.province, 0) + 1
    assert by_province == expected
    by_pattern = {r["nhan"]: int(r["gia_tri"]) for r in rows if r["bang"] == "thu-doan"}
    school = Dispatch.objects.get(number=1153).scam_patterns.get()
    assert by_pattern[school.name] == school.dispatches.public().count()


def test_confirmation_rate_by_level_counts_the_confirmed_units(client, seeded):
    delivery = seed_receipts()  # one unit of 29's recipients confirmed
    rows = [r for r in _csv(client) if r["bang"] == "xac-nhan"]
    level = next(r for r in rows if r["nhan"] == delivery.organisation.get_kind_display())
    assert int(level["gia_tri"]) == 1
    assert (
        int(level["tong"])
        == delivery.dispatch.deliveries.filter(
            organisation__kind=delivery.organisation.kind
        ).count()
    )


def test_only_verified_reports_are_counted(client, seeded):
    verified, _ = submit_report(channel="sms", province="An Giang", consent_text="Đồng ý")
    submit_report(channel="sms", province="An Giang", consent_text="Đồng ý")  # not verified
    triage_report(report=verified, by=None, status="forwarded", verified=True)
    rows = [r for r in _csv(client) if r["bang"] == "phan-anh-kenh"]
    assert [(r["nhan"], r["gia_tri"]) for r in rows] == [("Tin nhắn SMS", "1")]


def test_the_page_draws_each_table_and_lists_its_numbers(client, seeded):
    page = client.get(URL).content.decode()
    assert page.count('<svg class="chart" role="img"') >= 3
    assert "<table>" in page
    assert reverse("advisories:statistics_csv") in page
    # SVG lengths in the C locale, whatever the page's language ("106,7" is no length)
    assert not re.search(r'width="\d+,\d', page)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_data(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    counts = []
    for size in (3, 30):
        issuer = OrganisationFactory(province=f"Tỉnh {size}")
        for _ in range(size):
            DispatchFactory(issuer=issuer)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
