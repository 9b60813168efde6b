"""The invariants the database enforces, and how a dispatch prints its parts."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisories.models import Dispatch
from tests.factories import (
    AddresseeFactory,
    DispatchFactory,
    OrganisationFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


def _violates(**kwargs):
    """The database itself refuses the row: saved raw, past the services' validation."""
    kwargs.setdefault("issuer", OrganisationFactory())
    row = DispatchFactory.build(**kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


class TestNumberSymbolUniqueness:
    def test_same_number_symbol_issuer_and_year_is_refused(self):
        issuer = OrganisationFactory()
        DispatchFactory(issuer=issuer, number=1153, symbol="UBND-KGVX", year=2025)
        _violates(issuer=issuer, number=1153, symbol="UBND-KGVX", year=2025)

    def test_same_number_next_year_or_other_issuer_is_allowed(self):
        issuer = OrganisationFactory()
        DispatchFactory(issuer=issuer, number=1153, symbol="UBND-KGVX", year=2025)
        DispatchFactory(issuer=issuer, number=1153, symbol="UBND-KGVX", year=2026)
        DispatchFactory(number=1153, symbol="UBND-KGVX", year=2025)
        assert Dispatch.objects.filter(number=1153).count() == 3

    def test_blank_numbers_never_collide(self):
        issuer = OrganisationFactory()
        DispatchFactory(issuer=issuer, number=None, symbol="UBND-VHTT", year=2024)
        DispatchFactory(issuer=issuer, number=None, symbol="UBND-VHTT", year=2024)
        assert Dispatch.objects.filter(number__isnull=True).count() == 2

    def test_validate_constraints_words_it_for_a_clerk(self):
        issuer = OrganisationFactory()
        DispatchFactory(issuer=issuer, number=5, symbol="SYT-VP", year=2025)
        duplicate = DispatchFactory.build(issuer=issuer, number=5, symbol="SYT-VP", year=2025)
        with pytest.raises(ValidationError, match="đã có văn bản cùng số và ký hiệu"):
            duplicate.validate_constraints()


class TestDateParts:
    def test_month_out_of_range_is_refused(self):
        _violates(month=13, day=None)

    def test_day_without_month_is_refused(self):
        _violates(month=None, day=5)

    def test_blank_day_with_month_is_allowed(self):
        dispatch = DispatchFactory(year=2024, month=3, day=None, place="Vinh")
        assert dispatch.printed_place_and_date == "Vinh, ngày \xa0\xa0\xa0\xa0 tháng 3 năm 2024"

    def test_31_february_is_explained_by_clean(self):
        dispatch = DispatchFactory.build(year=2025, month=2, day=31)
        with pytest.raises(ValidationError, match="chỉ có 28 ngày"):
            dispatch.clean()

    @pytest.mark.parametrize(
        ("day", "month", "printed"),
        [
            (7, 10, "ngày 07 tháng 10 năm 2025"),
            (6, 2, "ngày 06 tháng 02 năm 2025"),
            (15, 3, "ngày 15 tháng 3 năm 2025"),
        ],
    )
    def test_printed_like_decree_30(self, day, month, printed):
        assert DispatchFactory.build(year=2025, month=month, day=day).printed_date == printed


class TestStatus:
    def test_published_needs_a_published_time(self):
        _violates(status=Dispatch.Status.PUBLISHED, published_at=None)

    def test_unknown_status_is_refused(self):
        _violates(status="archived")

    def test_public_queryset_hides_drafts(self):
        DispatchFactory(draft=True)
        shown = DispatchFactory()
        withdrawn = DispatchFactory(withdrawn=True)
        assert set(Dispatch.objects.public()) == {shown, withdrawn}


class TestLinesAndReferences:
    def test_addressee_line_must_name_someone(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            AddresseeFactory(text="", organisation=None)

    def test_addressee_positions_are_unique_per_dispatch(self):
        line = AddresseeFactory(position=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            AddresseeFactory(dispatch=line.dispatch, position=1)

    def test_reference_to_itself_is_refused(self):
        dispatch = DispatchFactory(draft=True)
        row = ReferenceFactory.build(citing=dispatch, target=dispatch)
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()  # raw, past the services: the database itself refuses it

    def test_reference_outside_the_portal_needs_its_number(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReferenceFactory(target=None, external_number_symbol="")


class TestPrinting:
    def test_number_symbol_with_blank_number(self):
        dispatch = DispatchFactory.build(number=None, symbol="UBND-VHTT")
        assert dispatch.number_symbol == "/UBND-VHTT"
        assert dispatch.printed_number_line.startswith("Số: ")
        assert dispatch.printed_number_line.endswith("/UBND-VHTT")

    def test_signing_lines(self):
        dispatch = DispatchFactory.build(
            signing_authority="KT", authority_title="CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH"
        )
        assert dispatch.signing_lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]

    def test_url_carries_year_and_number_symbol(self):
        dispatch = DispatchFactory(number=2152, symbol="SYT-CNTTTT", year=2025)
        assert dispatch.get_absolute_url().endswith("/2025/2152-SYT-CNTTTT/")

    def test_url_of_a_dispatch_without_number_is_stable(self):
        dispatch = DispatchFactory(number=None, symbol="UBND-VHTT", year=2024)
        assert dispatch.get_absolute_url().endswith(f"/2024/id{dispatch.pk}-UBND-VHTT/")


class TestCitizenNaming:
    """Lists and headings speak to citizens; the printed layout stays as issued."""

    @pytest.mark.parametrize(
        ("subject", "title"),
        [
            ("tuyên truyền phương thức lừa đảo", "Tuyên truyền phương thức lừa đảo"),
            ("V/v tuyên truyền phương thức lừa đảo", "Tuyên truyền phương thức lừa đảo"),
            ("V/V: cảnh báo lừa đảo", "Cảnh báo lừa đảo"),
            ("Về việc cảnh báo lừa đảo", "Cảnh báo lừa đảo"),
            ("VỀ VIỆC cảnh báo lừa đảo", "Cảnh báo lừa đảo"),
            ('"Sổ liên lạc điện tử" giả', '"Sổ liên lạc điện tử" giả'),
            ("vận động người dân", "Vận động người dân"),  # 'v…' alone is not "V/v"
        ],
    )
    def test_citizen_title_drops_the_administrative_opening(self, subject, title):
        assert DispatchFactory.build(subject=subject).citizen_title == title

    def test_the_printed_subject_line_keeps_v_v(self):
        dispatch = DispatchFactory.build(subject="tuyên truyền phương thức lừa đảo")
        assert dispatch.subject_line == "V/v tuyên truyền phương thức lừa đảo"

    def test_reference_label_with_a_number(self):
        dispatch = DispatchFactory.build(number=2152, symbol="SYT-CNTTTT")
        assert dispatch.reference_label == "Công văn số 2152/SYT-CNTTTT"

    def test_a_dispatch_without_a_number_is_named_by_type_and_symbol(self):
        dispatch = DispatchFactory.build(
            number=None, symbol="UBND-VHTT", doc_type=Dispatch.DocType.THONG_BAO
        )
        assert dispatch.reference_label == "Thông báo không số, ký hiệu UBND-VHTT"
        assert "số /" not in dispatch.title

    def test_reference_label_in_english(self):
        from django.utils import translation

        dispatch = DispatchFactory.build(number=None, symbol="UBND-VHTT")
        with translation.override("en"):
            label = dispatch.reference_label
        assert "UBND-VHTT" in label
        assert "không số" not in label and "Công văn" not in label
