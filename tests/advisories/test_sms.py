"""How much an SMS warning costs: encoding, segments, and the cheaper unaccented version."""

import pytest

from advisories.sms import SmsStats, is_gsm7, sms_stats, unaccented

# Dispatch 1153's SMS text, verbatim (with its curly quotes).
SEED_SMS = (
    "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến giả mạo nhà trường yêu cầu cung cấp "
    "thông tin, cài đặt ứng dụng “sở liên lạc điện tử”. Đề nghị Nhân dân nâng cao cảnh giác, "
    "không cung cấp tài khoản ngân hàng, mã OTP hoặc cài đặt các ứng dụng lạ, nếu nhận được "
    "cuộc gọi có dấu hiệu bất thường, người dân cần liên hệ ngay với nhà trường, Công an nơi "
    "gần nhất để được hỗ trợ"
)

# Written out by hand: accents dropped letter by letter, đ/Đ -> d/D, “ ” -> ".
SEED_SMS_UNACCENTED = (
    "Hien nay, xuat hien thu doan lua dao truc tuyen gia mao nha truong yeu cau cung cap "
    'thong tin, cai dat ung dung "so lien lac dien tu". De nghi Nhan dan nang cao canh giac, '
    "khong cung cap tai khoan ngan hang, ma OTP hoac cai dat cac ung dung la, neu nhan duoc "
    "cuoc goi co dau hieu bat thuong, nguoi dan can lien he ngay voi nha truong, Cong an noi "
    "gan nhat de duoc ho tro"
)

# GSM 03.38 basic table, row by row as printed in TS 23.038 (0x1B, the escape, left out):
# 16 x 8 = 128 positions - 1 escape = 127 characters.
GSM7_BASIC_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
GSM7_EXTENSION_TABLE = "\f^{}\\[~]|€"


def test_empty_text_costs_nothing():
    assert sms_stats("") == SmsStats(
        length=0, encoding="GSM-7", units=0, segments=0, per_segment=160
    )


def test_plain_ascii_is_gsm7_one_septet_per_character():
    assert sms_stats("Canh giac lua dao") == SmsStats(17, "GSM-7", 17, 1, 160)


@pytest.mark.parametrize(
    ("count", "segments", "per_segment"),
    [
        (160, 1, 160),  # fills one single SMS exactly
        (161, 2, 153),  # one over: concatenated, 153 each -> 2 x 153 = 306 room
        (306, 2, 153),  # 2 x 153 exactly
        (307, 3, 153),  # one over 306
    ],
)
def test_gsm7_segment_boundaries(count, segments, per_segment):
    stats = sms_stats("a" * count)
    assert stats == SmsStats(count, "GSM-7", count, segments, per_segment)


@pytest.mark.parametrize(
    ("count", "segments", "per_segment"),
    [
        (70, 1, 70),  # fills one single UCS-2 SMS exactly
        (71, 2, 67),  # one over: concatenated, 67 each -> 2 x 67 = 134 room
        (134, 2, 67),  # 2 x 67 exactly
        (135, 3, 67),  # one over 134
    ],
)
def test_ucs2_segment_boundaries(count, segments, per_segment):
    stats = sms_stats("ư" * count)
    assert stats == SmsStats(count, "UCS-2", count, segments, per_segment)


def test_full_gsm7_basic_table_is_one_septet_each():
    assert len(GSM7_BASIC_TABLE) == 127
    assert len(set(GSM7_BASIC_TABLE)) == 127
    assert is_gsm7(GSM7_BASIC_TABLE)
    # 127 septets: within 160, so a single segment.
    assert sms_stats(GSM7_BASIC_TABLE) == SmsStats(127, "GSM-7", 127, 1, 160)


@pytest.mark.parametrize("char", list(GSM7_EXTENSION_TABLE))
def test_extension_characters_are_gsm7_but_cost_two_septets(char):
    # ESC + the character: 1 character, 2 septets.
    assert sms_stats(char) == SmsStats(1, "GSM-7", 2, 1, 160)


def test_euro_signs_count_double_at_the_boundary():
    # 80 x 2 = 160 septets: one segment; 81 x 2 = 162 > 160: two segments of 153.
    assert sms_stats("€" * 80) == SmsStats(80, "GSM-7", 160, 1, 160)
    assert sms_stats("€" * 81) == SmsStats(81, "GSM-7", 162, 2, 153)


def test_one_extension_character_pushes_159_letters_over_the_limit():
    # "{" = 2 septets + 159 x 1 = 161 septets for only 160 characters.
    assert sms_stats("{" + "a" * 159) == SmsStats(160, "GSM-7", 161, 2, 153)


@pytest.mark.parametrize(
    "char",
    list("éèùìòàÉÇØøÅåÄÖÑÜäöñüÆæßΔΦΓΛΩΠΨΣΘΞ"),
)
def test_some_accented_and_greek_letters_are_in_the_gsm7_basic_set(char):
    assert is_gsm7(char)
    assert sms_stats(char).units == 1


@pytest.mark.parametrize(
    "char",
    ["ầ", "ư", "ơ", "đ", "Đ", "á", "ê", "ô", "`", "\t", "“", "’", "–", "…", "\u00a0", "🚨"],
)
def test_vietnamese_letters_and_typography_are_not_gsm7(char):
    assert not is_gsm7(char)
    assert sms_stats(char).encoding == "UCS-2"


def test_one_vietnamese_letter_turns_the_whole_text_into_ucs2():
    # 159 + 1 = 160 UTF-16 units; 160 > 134 = 2 x 67, so 3 segments (3 x 67 = 201).
    assert sms_stats("a" * 159 + "ư") == SmsStats(160, "UCS-2", 160, 3, 67)


def test_emoji_counts_two_utf16_units():
    # 🚨 is outside the BMP: 1 character, a surrogate pair of 2 code units.
    assert sms_stats("🚨") == SmsStats(1, "UCS-2", 2, 1, 70)
    # 35 x 2 = 70 units: one segment; 36 x 2 = 72 > 70: two segments of 67.
    assert sms_stats("🚨" * 35) == SmsStats(35, "UCS-2", 70, 1, 70)
    assert sms_stats("🚨" * 36) == SmsStats(36, "UCS-2", 72, 2, 67)


def test_unaccented_removes_vietnamese_diacritics_keeping_case():
    assert unaccented("Lừa Đảo đa cấp ƯỚC") == "Lua Dao da cap UOC"


def test_unaccented_straightens_typography():
    text = "“Cảnh báo” – ‘khẩn’ — chờ…\u00a0ngay"
    assert unaccented(text) == "\"Canh bao\" - 'khan' - cho... ngay"


def test_unaccented_keeps_what_it_cannot_convert():
    assert unaccented("Cảnh báo 🚨") == "Canh bao 🚨"
    assert not is_gsm7(unaccented("Cảnh báo 🚨"))


def test_seed_sms_is_ucs2_in_six_segments():
    # Counted clause by clause (words + spaces), with ", " / ". " separators:
    #   "Hiện nay"                                                 8
    #   "xuất hiện ... thông tin"  18 words, 66 letters + 17 spaces 83
    #   "cài đặt ứng dụng “sở liên lạc điện tử”"  30 + 8 spaces     38
    #   "Đề nghị ... cảnh giác"    28 + 7                           35
    #   "không cung cấp ... hàng"  28 + 6                           34
    #   "mã OTP ... ứng dụng lạ"   27 + 8                           35
    #   "nếu nhận ... bất thường"  36 + 9                           45
    #   "người dân ... nhà trường" 33 + 8                           41
    #   "Công an ... hỗ trợ"       27 + 8                           35
    #   sum 354, plus 8 separators x 2 = 370 characters.
    # Every letter is one precomposed BMP code point, so 370 UTF-16 units;
    # 5 x 67 = 335 < 370 <= 402 = 6 x 67 -> 6 segments.
    assert sms_stats(SEED_SMS) == SmsStats(370, "UCS-2", 370, 6, 67)


def test_seed_sms_unaccented_is_gsm7_in_three_segments():
    converted = unaccented(SEED_SMS)
    assert converted == SEED_SMS_UNACCENTED
    # Same 370 characters (one letter for one letter, one quote for one quote), all basic set:
    # 370 septets; 2 x 153 = 306 < 370 <= 459 = 3 x 153 -> 3 segments, half the cost.
    assert sms_stats(converted) == SmsStats(370, "GSM-7", 370, 3, 153)
