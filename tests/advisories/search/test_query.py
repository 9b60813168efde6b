"""Parsing what a citizen types: folded words, quoted phrases, a number/symbol."""

from advisories.search.query import parse_query


def test_words_are_folded_and_punctuation_dropped():
    query = parse_query("  LỪA ĐẢO, qua Zalo!! ")
    assert query.terms == ("lua", "dao", "qua", "zalo")
    assert query.phrases == ()
    assert query.fts5() == '"lua" AND "dao" AND "qua" AND "zalo"'
    assert query.tsquery() == "lua & dao & qua & zalo"


def test_quoted_phrase_and_term():
    query = parse_query('"Sổ liên lạc" OTP')
    assert query.phrases == (("so", "lien", "lac"),)
    assert query.terms == ("otp",)
    assert query.fts5() == '"otp" AND "so lien lac"'
    assert query.tsquery() == "otp & (so <-> lien <-> lac)"


def test_unclosed_quote_is_a_phrase_to_the_end():
    assert parse_query('"dien tu').phrases == (("dien", "tu"),)


def test_sql_and_fts_syntax_is_only_words():
    query = parse_query('x\' OR 1=1; -- "a" NEAR(b) * ^')
    # Quoted single words first, then the rest; each word once.
    assert query.tsquery() == "a & x & or & 1 & near & b"


def test_number_and_symbol():
    assert (parse_query("1153/UBND-KGVX").number, parse_query("1153/UBND-KGVX").symbol) == (
        1153,
        "ubnd-kgvx",
    )
    assert parse_query("Số 1153").number == 1153
    assert parse_query("1153").symbol is None
    assert parse_query("1153 lua dao").number is None


def test_empty():
    assert not parse_query("  ?!  ")
