"""Snippets: matches marked whatever the accents, everything else escaped."""

from advisories.search.snippets import highlight, snippet


def test_marks_the_original_accented_words():
    assert highlight("Cảnh báo LỪA ĐẢO mới", ("lua", "dao")) == (
        "Cảnh báo <mark>LỪA</mark> <mark>ĐẢO</mark> mới"
    )


def test_whole_words_only():
    assert highlight("sao số sổ", ("so",)) == "sao <mark>số</mark> <mark>sổ</mark>"


def test_html_in_the_text_is_escaped_and_never_marked_up():
    marked = highlight('<script>alert("x")</script> lừa đảo', ("lua",))
    assert "<script>" not in marked
    assert marked.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>lừa</mark>")


def test_snippet_is_cut_around_the_first_match():
    text = "mở đầu " * 100 + "đọc mã OTP cho người lạ " + "kết thúc " * 100
    cut = snippet(text, ("otp",), width=80)
    assert cut.startswith("…") and cut.endswith("…")
    assert "<mark>OTP</mark>" in cut
    assert len(cut) < 140
