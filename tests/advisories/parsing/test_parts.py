"""The body cut into opening paragraphs, numbered tasks and closing (`parse_body_parts`), on the
real seeds and on synthetic documents. Expected values written by hand from the documents."""

from advisories.parsing import parse_body_parts, split_documents

from .test_text import seed_text


def seed_documents():
    """29, 2152, 1153 (seed 000) and the Vinh notice (seed 004), in that order."""
    return [*split_documents(seed_text("000")), seed_text("004")]


def test_1153_has_three_opening_paragraphs_four_tasks_and_one_closing():
    parts = parse_body_parts(seed_documents()[2])

    assert [p[:30] for p in parts.body] == [
        "Hiện nay, nhiều trường học đã ",
        "Thời gian gần đây, ghi nhận nh",
        "Từ tình hình trên, Chủ tịch Ủy",
    ]
    assert parts.body[2].endswith("một số mặt công tác trọng tâm sau:")
    assert [d.label for d in parts.directives] == ["1.", "2.", "3.", "4."]
    assert [d.heading for d in parts.directives] == ["", "", "", ""]
    assert parts.directives[0].paragraphs == (
        "Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo của Chủ tịch UBND tỉnh liên quan "
        "đến công tác phòng ngừa, xử lý hoạt động lừa đảo chiếm đoạt tài sản sử dụng công nghệ "
        "cao, trên không gian mạng.",
    )
    assert parts.directives[3].text.startswith("Giao Sở Khoa học và Công nghệ chỉ đạo")
    assert parts.directives[3].text.endswith("Công an nơi gần nhất để được hỗ trợ”.")
    assert len(parts.closing) == 1
    assert parts.closing[0].startswith("Nhận được Công văn này, yêu cầu các sở")
    assert parts.closing[0].endswith("xử lý theo quy định của pháp luật./.")


def test_vinh_tasks_keep_their_unit_headings_and_bullet_paragraphs():
    parts = parse_body_parts(seed_documents()[3])

    assert len(parts.body) == 2
    assert parts.body[1] == (
        "Nhằm kịp thời ngăn chặn, phòng tránh tình trạng lừa đảo xảy ra trên địa bàn, "
        "UBND thành phố Vinh giao:"
    )
    assert [(d.label, d.heading) for d in parts.directives] == [
        ("1.", "Trung tâm Văn hóa - Thể thao và Truyền thông Thành phố"),
        (
            "2.",
            "Các phòng, ban, ngành, đơn vị Thành phố, Bộ phận tiếp nhận và trả kết quả UBND "
            "Thành phố và Bộ phận 1 cửa phường, xã",
        ),
        ("3.", "Công an Thành phố"),
    ]
    second = parts.directives[1].paragraphs
    assert len(second) == 3
    assert second[0].startswith("- Tăng cường tuyên truyền, thông tin rộng rãi")
    assert second[2].startswith("- Tổ chức rà soát, kiểm tra đột xuất")
    assert parts.directives[2].paragraphs == (
        "Chủ động phát hiện, xác minh, xử lý nghiêm các đối tượng lợi dụng khai thác dữ liệu "
        "cá nhân trên các hệ thống thông tin của tỉnh để thực hiện các hoạt động lừa đảo nhằm "
        "kịp thời răn đe, ngăn chặn.",
    )
    assert parts.closing == (
        "Kính đề nghị các phòng, đơn vị, UBND các phường, xã quan tâm phối hợp triển khai "
        "thực hiện./.",
    )


def test_2152_without_numbered_tasks_closes_at_nhan_duoc_and_drops_extraction_debris():
    parts = parse_body_parts(seed_documents()[1])

    assert parts.directives == ()
    assert [p[:25] for p in parts.body] == [
        "Thực hiện Công văn số 115",
        "Sở Y tế yêu cầu Thủ trưởn",
    ]
    # Printed "thực hiện./.—/": the "—/" after the end mark is debris of the extraction.
    assert parts.closing == (
        "Nhận được Công văn yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc chỉ đạo "
        "thực hiện./.",
    )


def test_29_body_and_closing():
    parts = parse_body_parts(seed_documents()[0])

    assert [p[:20] for p in parts.body] == [
        "Căn cứ Công văn số 2",
        "Nhằm tăng cường công",
        "Trung tâm Y tế Kiên ",
    ]
    assert len(parts.closing) == 1
    assert parts.closing[0].startswith("Nhận được công văn này Trung tâm Y tế yêu cầu")


SYNTHETIC = """ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: 15/UBND-VP
V/v phòng chống lừa đảo qua mạng

Kính gửi: Các thôn, ấp.

Mở đầu thứ nhất.

Mở đầu thứ hai:

1) Giao Công an xã theo dõi.

Một đoạn chen giữa, không thuộc mục nào.

2) Các thôn, ấp

Tuyên truyền đến từng hộ gia đình.

- Họp dân.

Yêu cầu các đơn vị thực hiện nghiêm túc./.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
Nguyễn Văn A
"""


def test_a_paragraph_between_two_tasks_stays_with_the_task_before_it():
    parts = parse_body_parts(SYNTHETIC)

    assert parts.body == ("Mở đầu thứ nhất.", "Mở đầu thứ hai:")
    assert parts.directives[0].label == "1)"
    assert parts.directives[0].paragraphs == (
        "Giao Công an xã theo dõi.",
        "Một đoạn chen giữa, không thuộc mục nào.",
    )
    assert parts.directives[1].heading == "Các thôn, ấp"
    assert parts.directives[1].paragraphs == ("Tuyên truyền đến từng hộ gia đình.", "- Họp dân.")
    assert parts.closing == ("Yêu cầu các đơn vị thực hiện nghiêm túc./.",)


def test_no_text_gives_empty_parts():
    parts = parse_body_parts("")
    assert (parts.body, parts.directives, parts.closing) == ((), (), ())
