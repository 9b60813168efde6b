"""Every admin screen in Vietnamese: the strings Django 6.1's and django-simple-history's own
Vietnamese catalogues lack come from locale/vi (django.po and djangojs.po)."""

import gettext
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import OrganisationFactory

LOCALE_VI = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


@pytest.fixture
def clerk(make_staff):
    return make_staff(OrganisationFactory(), role="clerk")


def test_changelist_filters_are_vietnamese(clerk):
    response = clerk.get("/quan-tri/advisories/dispatch/")
    assert response.status_code == 200
    page = response.content.decode()
    for english in ("Show counts", "Hide counts", "Filter by", "Skip to main content", "Logout"):
        assert english not in page
    assert "Hiện số lượng" in page
    assert "Lọc theo" in page


def test_changelist_with_counts_shown_is_vietnamese(clerk):
    page = clerk.get("/quan-tri/advisories/dispatch/?_facets=True").content.decode()
    assert "Hide counts" not in page
    assert "Ẩn số lượng" in page


def test_javascript_catalogue_of_the_admin_is_vietnamese(clerk):
    response = clerk.get("/quan-tri/jsi18n/")
    assert response.status_code == 200
    catalogue = _js_catalogue(response.content.decode())
    assert catalogue["Choose all %s"] == "Chọn tất cả %s"
    assert catalogue["Remove all %s"] == "Bỏ tất cả %s"
    assert catalogue["Sunday"] == "Chủ nhật"
    # The time-zone note of the date/time widgets.
    assert (
        "Lưu ý"
        in catalogue[
            "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
        ][0]
    )


def _js_catalogue(script):
    match = re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)
    return json.loads(match.group(1))


def test_password_validators_speak_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password("ab1")
    messages = " ".join(error.value.messages)
    assert "This password" not in messages
    assert "Mật khẩu này quá ngắn" in messages


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_vietnamese_catalogue_matches_its_source(domain, tmp_path):
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        [shutil.which("msgfmt"), "--check", "-o", str(compiled), str(LOCALE_VI / f"{domain}.po")],
        check=True,
    )
    with compiled.open("rb") as fresh, (LOCALE_VI / f"{domain}.mo").open("rb") as committed:
        assert gettext.GNUTranslations(fresh)._catalog == (
            gettext.GNUTranslations(committed)._catalog
        ), f"run msgfmt -o locale/vi/LC_MESSAGES/{domain}.mo locale/vi/LC_MESSAGES/{domain}.po"
