"""Text typed by staff never runs as markup: XSS payloads in every text field come out escaped.

No field is rendered as HTML (no `|safe`, no mark_safe of user text), so Django's autoescape is
the whole defence; these tests prove it holds on the public pages and in the admin.
"""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from advisories.models import (
    Addressee,
    Directive,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    ScamPattern,
    WarningMessage,
)
from advisories.services import publish_dispatch, save_draft_parts
from tests.factories import (
    AddresseeFactory,
    DirectiveFactory,
    DispatchFactory,
    DistributionLineFactory,
    OrganisationFactory,
    ReferenceFactory,
    ScamPatternFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
PAYLOAD = f"{SCRIPT}{IMG} {JS_URL}"  # 70 characters
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
UNSAFE_FRAGMENTS = [SCRIPT, "<img src=x", 'href="javascript:', 'src="javascript:']


def _text_fields(model):
    """Every free-text field an editor types into (no choices, slugs, e-mails or numbers)."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField | models.EmailField)
        and not field.choices
        and field.editable
        and field.name != "search_text"
    ]


def _poisoned(model):
    """Keyword arguments putting the payload into every text field long enough to hold it."""
    values = {}
    for field in _text_fields(model):
        limit = field.max_length or 10_000
        values[field.name] = PAYLOAD if limit >= len(PAYLOAD) else SCRIPT[:limit]
    return values


@pytest.fixture
def poisoned_dispatch():
    issuer = OrganisationFactory(**_poisoned(Organisation))
    pattern = ScamPatternFactory(**_poisoned(ScamPattern))
    dispatch = DispatchFactory(
        issuer=issuer, draft=True, **_poisoned(Dispatch) | {"symbol": "UBND-VP"}
    )
    save_draft_parts(dispatch=dispatch, by=None, scam_patterns=[pattern])
    AddresseeFactory(dispatch=dispatch, **_poisoned(Addressee))
    DistributionLineFactory(dispatch=dispatch, **_poisoned(DistributionLine))
    DirectiveFactory(dispatch=dispatch, assignees=[issuer], **_poisoned(Directive))
    WarningMessageFactory(dispatch=dispatch, **_poisoned(WarningMessage))
    ReferenceFactory(citing=dispatch, target=None, **_poisoned(Reference))
    return publish_dispatch(dispatch=dispatch, track_receipts=False)


def assert_escaped(html, *, must_show=True):
    for fragment in UNSAFE_FRAGMENTS:
        assert fragment not in html, fragment
    if must_show:
        assert ESCAPED_SCRIPT in html
        assert ESCAPED_IMG in html


def test_every_text_field_of_the_models_is_poisoned():
    """Guards the test itself: a new text field is covered without being listed by hand."""
    assert {f.name for f in _text_fields(Dispatch)} >= {"subject", "body", "closing", "signer_name"}
    assert {f.name for f in _text_fields(Organisation)} >= {"name", "short_name"}
    assert {f.name for f in _text_fields(WarningMessage)} == {"text"}
    assert {f.name for f in _text_fields(Addressee)} == {"text"}


def test_public_dispatch_page_escapes_every_field(client, poisoned_dispatch):
    html = client.get(poisoned_dispatch.get_absolute_url()).content.decode()
    assert_escaped(html)
    # the payload of each part is there, escaped (subject, body, warning, addressee, directive)
    assert html.count(ESCAPED_SCRIPT) >= 8


@pytest.mark.parametrize(
    "url",
    [
        lambda d: reverse("advisories:home"),
        lambda d: reverse("advisories:dispatch_list"),
        lambda d: reverse("advisories:pattern_list"),
        lambda d: d.scam_patterns.get().get_absolute_url(),
        lambda d: reverse("advisories:organisation_list"),
        lambda d: d.issuer.get_absolute_url(),
        lambda d: reverse("advisories:if_scammed"),
        lambda d: reverse("advisories:search") + "?q=script",
    ],
    ids=["home", "list", "patterns", "pattern", "organisations", "organisation", "scammed", "q"],
)
def test_other_public_pages_escape_every_field(client, poisoned_dispatch, url):
    response = client.get(url(poisoned_dispatch))
    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_search_query_is_echoed_escaped(client, db):
    html = client.get(reverse("advisories:search"), {"q": PAYLOAD}).content.decode()
    assert_escaped(html, must_show=False)
    assert "&lt;script&gt;" in html


POISONED_MODELS = [
    Dispatch,
    Organisation,
    ScamPattern,
    Addressee,
    DistributionLine,
    Directive,
    WarningMessage,
    Reference,
]


@pytest.mark.parametrize("model", POISONED_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_escape_every_field(admin_client_logged_in, poisoned_dispatch, model):
    assert model in admin.site._registry
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    obj = model.objects.order_by("-pk").first()
    for url in (reverse(f"{base}_changelist"), reverse(f"{base}_change", args=[obj.pk])):
        response = admin_client_logged_in.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), must_show=False)
