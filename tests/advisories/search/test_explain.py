"""Every result says why it matched: its words marked in the snippet, or the part named."""

import re

import pytest
from django.urls import reverse

from advisories.search.explain import Parts, explain
from advisories.services import publish_dispatch, save_draft_parts
from tests.factories import (
    DirectiveFactory,
    DispatchFactory,
    OrganisationFactory,
    ScamPatternFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")
_ROW = re.compile(r'<li class="dispatch-row.*?</li>\s*(?=<li class="dispatch-row|</ol>)', re.S)


def rows(client, q):
    page = client.get(URL, {"q": q}).content.decode()
    return _ROW.findall(page)


def _draft(issuer=None, **values):
    values = {"subject": "kế hoạch công tác tháng mười", "body": "Nội dung chung."} | values
    return DispatchFactory(issuer=issuer or OrganisationFactory(), draft=True, **values)


@pytest.mark.parametrize(
    "q",
    ["lua dao", "otp", "nha truong", "so lien lac", "2152", "kien hai", "giao vien", "ke hoach"],
)
def test_every_result_marks_a_word_or_names_where_it_matched(client, corpus, q):
    found = rows(client, q)
    assert found, q
    for row in found:
        assert "<mark>" in row or "Khớp:" in row, row


def test_a_match_in_a_scam_pattern_names_the_pattern(client, db):
    dispatch = _draft()
    pattern = ScamPatternFactory(name="Giả danh nhân viên điện lực", summary="Dọa cắt điện.")
    save_draft_parts(dispatch=dispatch, by=None, scam_patterns=[pattern])
    publish_dispatch(dispatch=dispatch, track_receipts=False)
    [row] = rows(client, "dien luc")
    assert "Khớp: thủ đoạn" in row
    assert "“Giả danh nhân viên <mark>điện</mark> <mark>lực</mark>”" in row


def test_a_match_in_the_issuer_names_the_issuer(client, db):
    issuer = OrganisationFactory(name="Trung tâm Y tế Kiên Hải", short_name="TTYT Kiên Hải")
    publish_dispatch(dispatch=_draft(issuer=issuer), track_receipts=False)
    [row] = rows(client, "kien hai")
    assert "Khớp: cơ quan ban hành" in row
    assert "<mark>Kiên</mark> <mark>Hải</mark>" in row


def test_a_match_in_the_warning_text_shows_it_as_the_snippet(client, db):
    dispatch = _draft()
    WarningMessageFactory(dispatch=dispatch, text="Không cung cấp mã OTP cho bất kỳ ai.")
    publish_dispatch(dispatch=dispatch, track_receipts=False)
    [row] = rows(client, "otp")
    assert "Khớp: nội dung tuyên truyền:" in row
    assert "Không cung cấp mã <mark>OTP</mark>" in row


def test_a_match_in_a_directive_or_the_signer(client, db):
    dispatch = _draft(signer_name="Lê Trung Hồi")
    DirectiveFactory(
        dispatch=dispatch,
        position=1,
        text="Giao Sở Khoa học và Công nghệ.",
        assignees=[dispatch.issuer],
    )
    publish_dispatch(dispatch=dispatch, track_receipts=False)
    [row] = rows(client, "khoa hoc hoi")
    assert "Khớp: nhiệm vụ" in row and "<mark>Khoa</mark> <mark>học</mark>" in row
    assert "Khớp: người ký" in row and "Lê Trung <mark>Hồi</mark>" in row


def test_the_body_snippet_is_cut_around_a_word_the_title_does_not_show(corpus):
    """Title words are marked in the title: the snippet goes to the others."""
    corpus.a.body = "Lừa đảo " + "mở đầu " * 80 + "đọc mã OTP cho người lạ " + "kết thúc " * 80
    explanation = explain(corpus.a, Parts(), ("lua", "dao", "otp"))
    assert "<mark>OTP</mark>" in explanation.snippet
    assert explanation.matches == []


def test_words_apart_in_the_body_and_together_elsewhere_name_that_place(client, corpus):
    # 1153's body says "giả danh giáo viên"; "nhà" and "trường" are its pattern's name only
    # together ("Giả danh nhà trường"), and the snippet shows the body.
    corpus.a.body = "Nhà cung cấp dịch vụ; trường học; giả danh giáo viên."
    explanation = explain(
        corpus.a, Parts(patterns=[("Giả danh nhà trường", "Gọi điện.")]), ("nha", "truong")
    )
    assert "<mark>Nhà</mark>" in explanation.snippet
    [match] = explanation.matches
    assert match.text == "“Giả danh <mark>nhà</mark> <mark>trường</mark>”"
