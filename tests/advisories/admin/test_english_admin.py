"""Staff write the English beside the Vietnamese in the admin: a pattern's English texts through
save_scam_pattern, a draft's English summary through the draft services. Either shows under /en/
and is found by English search at the next request (cached pages refreshed)."""

import pytest
from django.urls import reverse

from advisories.models import Dispatch, ScamPattern
from tests.admin_forms import change_form_data
from tests.factories import DirectiveFactory, DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _post(client, url, **changes):
    page = client.get(url)
    response = client.post(url, change_form_data(page) | changes)
    assert response.status_code == 302, response.context and response.context["errors"]
    return page


def test_each_english_field_sits_beside_its_vietnamese(admin_client_logged_in, seeded):
    pattern = ScamPattern.objects.first()
    url = reverse("admin:advisories_scampattern_change", args=[pattern.pk])
    html = admin_client_logged_in.get(url).content.decode()
    for name in ScamPattern.TRANSLATED:
        assert f"form-row flex-container form-multiline field-{name} field-{name}_en" in html


def test_english_written_in_the_admin_shows_under_en_and_is_found(
    admin_client_logged_in, seeded, client
):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    dispatch = Dispatch.objects.get(number=1153)
    english_page = "/en" + pattern.get_absolute_url()
    english_dispatch = "/en" + dispatch.get_absolute_url()
    for page in (english_page, english_dispatch):
        client.get(page)  # cached with the seed's English
    search = "/en" + reverse("advisories:search")
    assert "1153/UBND-KGVX" not in client.get(search, {"q": "homework portal"}).content.decode()

    url = reverse("admin:advisories_scampattern_change", args=[pattern.pk])
    _post(
        admin_client_logged_in,
        url,
        name_en="The fake homework portal",
        red_flags_en="A stranger sends a homework portal link",
    )

    page = client.get(english_page).content.decode()
    assert "<h1>The fake homework portal</h1>" in page
    assert "<li>A stranger sends a homework portal link</li>" in page
    assert "The fake homework portal</a></h2>" in client.get(english_dispatch).content.decode()
    found = client.get(search, {"q": "homework portal"}).content.decode()
    assert "1153/UBND-KGVX" in found  # the tagged dispatches were re-indexed by the service
    assert "The fake homework portal" in found  # and the pattern itself is listed
    pattern.refresh_from_db()
    assert " fake homework portal " in pattern.search_text
    # The Vietnamese page is untouched.
    assert "<h1>Giả danh nhà trường" in client.get(pattern.get_absolute_url()).content.decode()


def test_an_english_field_emptied_in_the_admin_falls_back_to_the_vietnamese(
    admin_client_logged_in, seeded, client
):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    url = reverse("admin:advisories_scampattern_change", args=[pattern.pk])
    _post(admin_client_logged_in, url, summary_en="")
    page = client.get("/en" + pattern.get_absolute_url()).content.decode()
    assert f'<p class="lead" lang="vi">{pattern.summary}</p>' in page


def test_a_clerk_writes_the_english_summary_of_a_draft(make_staff):
    issuer = OrganisationFactory()
    draft = DispatchFactory(draft=True, issuer=issuer)
    DirectiveFactory(dispatch=draft, assignees=[issuer])
    clerk = make_staff(issuer, "clerk")
    url = reverse("admin:advisories_dispatch_change", args=[draft.pk])
    page = _post(
        clerk, url, summary_en="Callers posing as hospital staff ask patients for OTP codes."
    )
    assert 'name="summary_en"' in page.content.decode()
    draft.refresh_from_db()
    assert draft.summary_en.startswith("Callers posing as hospital staff")
    assert "posing as hospital staff" in draft.search_text  # save_draft_parts re-indexed it
    assert draft.history.latest().history_user == clerk.user


def test_the_english_summary_of_a_published_dispatch_is_read_only(admin_client_logged_in, seeded):
    dispatch = Dispatch.objects.get(number=1153)
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    page = admin_client_logged_in.get(url).content.decode()
    assert 'name="summary_en"' not in page
    assert dispatch.summary_en.split()[0] in page  # shown, not editable
