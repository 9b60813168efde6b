"""English beside the Vietnamese: the text of the page's language, else the Vietnamese original,
each text saying which language it is in (models.translation, ScamPattern.translated)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from advisories.models import ScamPattern
from advisories.models.translation import LocalizedText


def _pattern(**values):
    return ScamPattern(
        name="Giả danh nhà trường",
        summary="Kẻ gian gọi điện cho phụ huynh.",
        red_flags="Số lạ\nĐòi mã OTP",
        **values,
    )


def test_english_text_under_english_and_the_original_under_vietnamese():
    pattern = _pattern(name_en="Posing as the school")
    with translation.override("en"):
        name = pattern.translated("name")
    assert (name, name.lang) == ("Posing as the school", "en")
    with translation.override("vi"):
        name = pattern.translated("name")
    assert (name, name.lang) == ("Giả danh nhà trường", "vi")


@pytest.mark.parametrize("blank", ["", "   \n "])
def test_a_blank_english_field_falls_back_to_the_vietnamese_marked_vi(blank):
    pattern = _pattern(summary_en=blank)
    with translation.override("en"):
        summary = pattern.translated("summary")
    assert (summary, summary.lang) == ("Kẻ gian gọi điện cho phụ huynh.", "vi")


def test_a_language_may_be_asked_for_whatever_the_active_one():
    pattern = _pattern(name_en="Posing as the school")
    with translation.override("vi"):
        assert pattern.translated("name", "en") == "Posing as the school"


def test_one_per_line_fields_split_in_their_language():
    pattern = _pattern(red_flags_en="- Unknown number\n\n• Asks for the OTP code")
    with translation.override("en"):
        assert pattern.local.red_flags.lines == ["Unknown number", "Asks for the OTP code"]
        assert pattern.local.red_flags.lang == "en"
    with translation.override("vi"):
        assert pattern.local.red_flags.lines == ["Số lạ", "Đòi mã OTP"]


def test_templates_reach_only_the_translated_fields():
    pattern = _pattern()
    with pytest.raises(AttributeError):
        pattern.local.slug  # noqa: B018 - not a translated text
    assert Template("[{{ pattern.local.slug }}]").render(Context({"pattern": pattern})) == "[]"


@pytest.mark.parametrize(
    ("page", "text", "attribute"),
    [
        ("en", LocalizedText("Giả danh", "vi"), ' lang="vi"'),  # a fallback inside English
        ("en", LocalizedText("Posing", "en"), ""),
        ("vi", LocalizedText("Giả danh", "vi"), ""),
        ("en", "2025", ""),  # a plain value says no language
    ],
)
def test_lang_attr_marks_a_text_not_in_the_page_language(page, text, attribute):
    template = Template("{% load languages %}<p{% lang_attr text %}>")
    with translation.override(page):
        assert template.render(Context({"text": text})) == f"<p{attribute}>"


def test_the_pattern_is_searched_by_its_words_in_both_languages_whole():
    pattern = _pattern(name_en="Fake school app", impersonates="Giáo viên", targets="Phụ huynh")
    text = pattern.build_search_text()
    assert text.startswith(" ") and text.endswith(" ")
    for words in ("gia danh nha truong", "fake school app", "giao vien", "phu huynh", "otp"):
        assert f" {words} " in text
    assert " ap " not in text
