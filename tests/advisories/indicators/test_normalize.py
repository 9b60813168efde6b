"""One stored form for what citizens paste and dispatches print: E.164 numbers, registrable
domains, account digits, folded names."""

import pytest

from advisories.indicators.normalize import (
    account_value,
    domain_value,
    name_value,
    phone_display,
    phone_value,
    readings,
)


@pytest.mark.parametrize(
    "typed",
    ["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "(091) 234-5678"],
)
def test_a_mobile_number_written_any_way_is_one_e164_value(typed):
    assert phone_value(typed) == "+84912345678"


def test_a_landline_and_a_short_service_number():
    assert phone_value("0297 383 0000") == "+842973830000"
    assert phone_value("113") == "113"


@pytest.mark.parametrize("typed", ["12", "abc", "0000", "+84 1", "1234567890123456789012"])
def test_what_is_not_a_number_is_not_read_as_one(typed):
    assert phone_value(typed) is None


def test_a_vietnamese_number_is_shown_as_dialled_at_home():
    assert phone_display("+84912345678") == "0912 345 678"
    assert phone_display("113") == "113"


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("https://SoLienLac-EDU.vn/dang-nhap?x=1", "solienlac-edu.vn"),
        ("www.solienlac-edu.vn", "solienlac-edu.vn"),
        ("dang-nhap.solienlac-edu.com.vn", "solienlac-edu.com.vn"),
        ("https://Tố-Cáo.vn/", "tố-cáo.vn".encode("idna").decode()),  # punycode, lower case
        ("abc.blogspot.com", "abc.blogspot.com"),  # a private suffix: each blog its own site
    ],
)
def test_a_link_is_its_registrable_domain(typed, domain):
    assert domain_value(typed) == domain


@pytest.mark.parametrize("typed", ["http://192.0.2.1/x", "localhost", "hello", "a.b", ""])
def test_what_has_no_public_suffix_is_no_domain(typed):
    assert domain_value(typed) is None


def test_an_account_is_its_digits():
    assert account_value("1903 5555 8888") == "190355558888"
    assert account_value("12345") is None
    assert account_value("+84912345678") is None


def test_a_name_is_folded_and_must_have_letters():
    assert name_value("“Sổ liên lạc điện tử”") == "so lien lac dien tu"
    assert name_value("!!!") is None


def test_a_number_reads_as_a_phone_and_as_an_account_a_link_as_a_domain():
    assert [r.kind for r in readings("0912345678")] == ["phone", "bank_account"]
    assert [r.kind for r in readings("solienlac-edu.vn")] == ["domain"]
    assert [r.kind for r in readings("Sổ liên lạc")] == ["app", "sender"]
