"""A small hand-made corpus whose search results are written out by hand in the tests."""

import datetime as dt
from dataclasses import dataclass

import pytest

from advisories.models import Dispatch
from advisories.services import refresh_search_text
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

SUBJECT = "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”"


@dataclass
class Corpus:
    province: object
    health: object
    centre: object
    vinh: object
    school: object
    tax: object
    a: Dispatch  # 1153/UBND-KGVX, the root
    b: Dispatch  # 2152/SYT-CNTTTT forwards it
    c: Dispatch  # 29/TTYT-DS: "Số" instead of "Sổ"
    d: Dispatch  # Vinh, no number, 2024: tax officers
    e: Dispatch  # withdrawn plan, 2152/UBND-KGVX: words apart, OTP
    draft: Dispatch


def _dispatch(pattern=None, **values):
    values.setdefault("published_at", dt.datetime(2025, 10, 1, tzinfo=dt.UTC))
    dispatch = DispatchFactory(**values)
    if pattern:
        dispatch.scam_patterns.add(pattern)
    refresh_search_text(dispatch=dispatch)
    return dispatch


@pytest.fixture
def corpus(db):
    province = OrganisationFactory(
        name="Ủy ban nhân dân tỉnh An Giang", short_name="UBND tỉnh An Giang", slug="ubnd-ag"
    )
    health = OrganisationFactory(name="Sở Y tế", short_name="Sở Y tế", slug="syt", parent=province)
    centre = OrganisationFactory(
        name="Trung tâm Y tế Kiên Hải", short_name="TTYT Kiên Hải", slug="ttyt", parent=health
    )
    vinh = OrganisationFactory(
        name="Ủy ban nhân dân thành phố Vinh",
        short_name="UBND TP Vinh",
        slug="vinh",
        province="Nghệ An",
    )
    school = ScamPatternFactory(name="Giả danh nhà trường", slug="nha-truong", summary="Gọi điện.")
    tax = ScamPatternFactory(name="Giả danh cán bộ thuế", slug="can-bo-thue", summary="Gọi điện.")
    a = _dispatch(
        school,
        issuer=province,
        number=1153,
        symbol="UBND-KGVX",
        month=10,
        day=6,
        subject=SUBJECT,
        body="Đối tượng giả danh giáo viên chủ nhiệm gọi điện cho phụ huynh.",
    )
    b = _dispatch(
        school,
        issuer=health,
        number=2152,
        symbol="SYT-CNTTTT",
        month=10,
        day=7,
        subject=SUBJECT,
        body="Thực hiện Công văn số 1153/UBND-KGVX ngày 06/10/2025 của UBND tỉnh.",
    )
    c = _dispatch(
        school,
        issuer=centre,
        number=29,
        symbol="TTYT-DS",
        month=10,
        day=8,
        subject=SUBJECT.replace("Sổ", "Số"),
        body="Căn cứ Công văn số 2152/SYT-CNTTTT của Sở Y tế.",
    )
    d = _dispatch(
        tax,
        issuer=vinh,
        number=None,
        symbol="UBND-VHTT",
        year=2024,
        month=3,
        day=None,
        doc_type=Dispatch.DocType.THONG_BAO,
        subject="cảnh báo giả danh cán bộ thuế sau đăng ký kinh doanh",
        body="Kẻ gian lừa đảo chiếm đoạt tài sản của hộ kinh doanh mới.",
    )
    e = _dispatch(
        issuer=province,
        number=2152,
        symbol="UBND-KGVX",
        month=11,
        day=1,
        doc_type=Dispatch.DocType.KE_HOACH,
        withdrawn=True,
        subject="kế hoạch phòng chống tội phạm năm 2026",
        body="Không cung cấp mã OTP. Liên lạc với nhà trường qua dịch vụ điện tử chính thức.",
    )
    draft = _dispatch(
        issuer=province, draft=True, subject="lừa đảo chưa ban hành", body="Sổ liên lạc điện tử"
    )
    return Corpus(province, health, centre, vinh, school, tax, a, b, c, d, e, draft)
