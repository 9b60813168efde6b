"""Titles and descriptions written for the citizen who receives a shared link."""

import pytest

from advisories.sharing.meta import citizen_title, shorten


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("tuyên truyền phương thức lừa đảo", "Tuyên truyền phương thức lừa đảo"),
        ("V/v tuyên truyền phương thức lừa đảo", "Tuyên truyền phương thức lừa đảo"),
        ("v/v: cảnh giác  với\ncuộc gọi lạ", "Cảnh giác với cuộc gọi lạ"),
        ("V/V. đăng ký dịch vụ công", "Đăng ký dịch vụ công"),
        ("Về việc V/v trong câu", "Về việc V/v trong câu"),
    ],
)
def test_citizen_title(subject, title):
    assert citizen_title(subject) == title


def test_shorten_keeps_a_short_text():
    assert shorten("Kẻ gian gọi điện.\n Giả danh công an.") == "Kẻ gian gọi điện. Giả danh công an."


def test_shorten_cuts_between_words():
    text = "một hai ba bốn năm sáu bảy tám chín mười " * 10
    short = shorten(text, 50)
    assert len(short) <= 50
    assert short.endswith("…")
    assert text.startswith(short[:-1] + " ")
