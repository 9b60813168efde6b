"""generate_corpus --indicators: signs marked on the corpus's dispatches, verified reports naming
some, found by /kiem-tra/; --replace removes them with the corpus."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from advisories.models import Indicator, ScamReport
from corpus.indicators import KINDS, hot_signs

pytestmark = pytest.mark.django_db


def _run(**options):
    call_command("generate_corpus", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def test_signs_and_verified_reports_are_marked_on_the_corpus(client):
    _run(dispatches=300, organisations=30, seed=5, indicators=400)

    signs = Indicator.objects.filter(dispatches__issuer__slug__startswith="kho5-").distinct()
    assert signs.count() == 400
    counts = dict(Indicator.objects.values_list("kind").annotate(n=Count("pk")))
    assert counts == {kind: share * 4 for kind, share in KINDS}
    assert ScamReport.objects.filter(verified=True, staff_notes="kho5").count() == 400 // 20
    hot = hot_signs(5)
    assert hot["phone"].dispatches.count() >= 3  # one dispatch in a hundred, and its own
    # The first sign (a phone number) is named by the first verified report too.
    page = client.get(reverse("advisories:check"), {"q": hot["phone"].label}).content.decode()
    assert "Có trong văn bản cảnh báo lừa đảo" in page
    assert "Có trong phản ánh của người dân đã được xác minh" in page
    assert ": 1 phản ánh" in page


def test_replace_removes_the_signs_and_reports_too():
    _run(dispatches=50, organisations=10, seed=6, indicators=100)
    _run(dispatches=50, organisations=10, seed=6, indicators=100, replace=True)

    assert Indicator.objects.count() == 100
    assert ScamReport.objects.filter(staff_notes="kho6").count() == 5
