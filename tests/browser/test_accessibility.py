"""axe-core on every public page, in both languages, on a 360 px phone and on a desktop screen.

One browser, one context per width, one tab reused for every address. axe-core (Deque's engine;
axe-playwright-python ships it, pinned in requirements-dev.txt) is handed to the context once as
an init script, so every page loads it without it crossing the wire again, and runs after each
load with all of its rules except the experimental ones: WCAG 2.0–2.2 A and AA, and best
practices such as heading order. A failure lists every violation as width, address, rule and
the elements that break it.
"""

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.urls import reverse
from django.utils import timezone

from advisories.models import Delivery, Dispatch, Organisation, ScamPattern
from advisories.services import (
    correct_dispatch,
    issue_token,
    save_scam_pattern,
    withdraw_dispatch,
)
from tests.conftest import seed_receipts

pytestmark = [pytest.mark.browser]

WIDTHS = {"360px": {"width": 360, "height": 740}, "1280px": {"width": 1280, "height": 900}}


def _public_paths():
    """Every kind of public page, from the seed: a withdrawn, a corrected and an unnumbered
    dispatch among them, a pattern text with no English (the Vietnamese shown, marked), the
    receipt link page before and after confirming, and the errors."""
    withdrawn = Dispatch.objects.get(number=2152)
    withdraw_dispatch(dispatch=withdrawn, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    corrected = Dispatch.objects.get(number=1153)
    correct_dispatch(
        dispatch=corrected,
        by=None,
        changes={"signer_title": f"{corrected.signer_title} (đính chính)"},
        reason="Sai chức vụ người ký",
    )
    untranslated = ScamPattern.objects.get(slug="gia-danh-can-bo-thue-cong-an-dich-vu-cong")
    untranslated.what_to_do_en = ""
    save_scam_pattern(pattern=untranslated)
    confirmed = seed_receipts()
    pending = Delivery.objects.pending().filter(dispatch=confirmed.dispatch).first()
    search = reverse("advisories:search")
    pattern = ScamPattern.objects.order_by("pk").first()
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        *(d.get_absolute_url() for d in Dispatch.objects.select_related("issuer")),
        reverse("advisories:pattern_list"),
        pattern.get_absolute_url(),
        reverse("advisories:organisation_list"),
        Organisation.objects.get(slug="ttyt-kien-hai").get_absolute_url(),
        reverse("advisories:if_scammed"),
        search,
        f"{search}?q=gia+danh",  # results, facets and the patterns it names
        f"{search}?q=khong+co+gi+khop+zzz",  # nothing found
        f"{search}?q=lua&nam=abc",  # a wrong filter: the 400 page
        reverse("advisories:receipt_confirm", args=[issue_token(delivery=pending)]),
        reverse("advisories:receipt_confirm", args=[issue_token(delivery=confirmed)]),
        reverse("advisories:receipt_confirm", args=["lien-ket-khong-hop-le"]),
        reverse("advisories:check") + "?q=so+lien+lac+dien+tu",  # found in advisories
        reverse("advisories:check") + "?q=113",  # an official number
        reverse("advisories:check") + "?q=%21%21%21",  # unreadable: the 400 page
        reverse("advisories:report"),
        reverse("advisories:report_lookup"),
        reverse("advisories:statistics"),
        reverse("advisories:open_data"),
        "/api/v1/docs/",
        "/khong-co-trang-nay/",
    ]


RUN_AXE = "axe.run(document, {resultTypes: ['violations']}).then(results => results.violations)"


def _violations(page):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in page.evaluate(RUN_AXE)
    ]


def test_no_axe_violation_on_any_public_page_in_either_language_at_either_width(
    browser, live_server, seeded_live
):
    paths = _public_paths()
    paths += ["/en" + path for path in paths]
    found = []
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.add_init_script(script=AXE_SCRIPT)
        page = context.new_page()
        for path in paths:
            response = page.goto(path)
            assert response.status < 500, path
            found += [f"{width} {path}: {v}" for v in _violations(page)]
        context.close()
    assert not found, "\n".join(found)
