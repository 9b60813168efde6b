"""The building blocks of synthetic dispatches: Vietnamese names, phrases and sentences.

COMMON_TERM appears in about 30 % of the dispatches and RARE_TERM in about 0.2 %, so the
benchmark has a broad and a narrow query whose sizes are known in advance.
"""

COMMON_TERM = "otp"
COMMON_SHARE = 0.30
RARE_TERM = "bitcoin"
RARE_SHARE = 0.002

PROVINCES = [
    "An Giang",
    "Bắc Ninh",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Phòng",
    "Huế",
    "Hưng Yên",
    "Khánh Hòa",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Nghệ An",
    "Ninh Bình",
    "Phú Thọ",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sơn La",
    "Tây Ninh",
    "Thái Nguyên",
    "Thanh Hóa",
    "TP. Hồ Chí Minh",
    "Tuyên Quang",
    "Vĩnh Long",
]
# (name pattern, short name, abbreviation, kind); {p} is the province.
DEPARTMENTS = [
    ("Sở Y tế tỉnh {p}", "Sở Y tế", "SYT", "department"),
    ("Sở Giáo dục và Đào tạo tỉnh {p}", "Sở GD&ĐT", "SGDĐT", "department"),
    ("Sở Khoa học và Công nghệ tỉnh {p}", "Sở KH&CN", "SKHCN", "department"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh {p}", "Sở VHTTDL", "SVHTTDL", "department"),
    ("Sở Tài chính tỉnh {p}", "Sở Tài chính", "STC", "department"),
    ("Công an tỉnh {p}", "Công an tỉnh", "CAT", "police"),
]
UNIT_PREFIXES = {
    "SYT": ("Trung tâm Y tế", "TTYT", "centre"),
    "SGDĐT": ("Trường THPT", "THPT", "centre"),
    "SKHCN": ("Trung tâm Chuyển đổi số", "TTCĐS", "centre"),
    "SVHTTDL": ("Trung tâm Văn hóa", "TTVH", "centre"),
    "STC": ("Phòng Tài chính", "PTC", "office"),
    "CAT": ("Công an xã", "CAX", "police"),
}
PLACE_NAMES = [
    "Hòn Tre",
    "Long Xuyên",
    "Châu Đốc",
    "Tân Hiệp",
    "Phú Quốc",
    "Kiên Hải",
    "Hà Tiên",
    "Tri Tôn",
    "Thoại Sơn",
    "Mỹ Hòa Hưng",
    "Vĩnh Thạnh",
    "Bình Minh",
    "Hòa Bình",
    "Tân Phú",
    "An Phú",
    "Phước Long",
    "Hưng Lợi",
    "Thạnh Mỹ",
    "Đông Hòa",
    "Ninh Kiều",
    "Cái Răng",
    "Hồng Bàng",
    "Lê Chân",
    "Cửa Lò",
    "Nghi Lộc",
    "Diễn Châu",
    "Quỳnh Lưu",
    "Đô Lương",
]
SCAMS = [
    (
        "Giả danh nhà trường, cài ứng dụng Sổ liên lạc điện tử",
        "phụ huynh học sinh",
        "nhà trường, giáo viên chủ nhiệm",
    ),
    ("Giả danh cán bộ thuế sau khi đăng ký kinh doanh", "hộ kinh doanh mới", "cán bộ thuế"),
    (
        "Giả danh công an yêu cầu cập nhật định danh điện tử VNeID",
        "người dân",
        "công an xã, phường",
    ),
    (
        "Giả danh nhân viên ngân hàng hỗ trợ nâng hạn mức thẻ",
        "chủ thẻ tín dụng",
        "nhân viên ngân hàng",
    ),
    (
        "Tuyển cộng tác viên làm nhiệm vụ online",
        "học sinh, sinh viên, người nội trợ",
        "sàn thương mại điện tử",
    ),
    ("Giả danh bệnh viện báo người thân cấp cứu", "người cao tuổi", "bác sĩ, bệnh viện"),
    ("Giả danh nhân viên điện lực dọa cắt điện", "hộ gia đình", "nhân viên điện lực"),
    (
        "Lừa đảo đầu tư tài chính, sàn giao dịch ảo",
        "người có tiền nhàn rỗi",
        "chuyên gia tài chính",
    ),
    ("Giả danh bảo hiểm xã hội hoàn tiền", "người lao động", "cán bộ bảo hiểm xã hội"),
    (
        "Bán hàng giả trên mạng xã hội, yêu cầu đặt cọc",
        "người mua hàng trực tuyến",
        "cửa hàng trực tuyến",
    ),
]
SUBJECTS = [
    "tuyên truyền phương thức lừa đảo “{scam}”",
    "cảnh báo thủ đoạn {scam_lower}",
    "tăng cường phòng ngừa tội phạm lừa đảo chiếm đoạt tài sản trên không gian mạng",
    "triển khai tuyên truyền cảnh báo lừa đảo qua điện thoại đến {target}",
    "phối hợp cảnh báo {scam_lower}",
    "thông tin về thủ đoạn lừa đảo mới nhắm vào {target}",
]
OPENINGS = [
    "Thời gian gần đây, trên địa bàn tỉnh {p} xuất hiện tình trạng các đối tượng giả danh {who} "
    "gọi điện cho {target}.",
    "Qua công tác nắm tình hình, lực lượng Công an phát hiện thủ đoạn mới: đối tượng giả danh "
    "{who}, gửi đường link lạ và yêu cầu cài đặt ứng dụng không rõ nguồn gốc.",
    "Theo thông tin từ Công an tỉnh {p}, nhiều người dân tại {place} đã bị chiếm đoạt tài sản "
    "sau khi làm theo hướng dẫn của đối tượng tự xưng là {who}.",
    "Trong tháng qua, tình hình lừa đảo trực tuyến tiếp tục diễn biến phức tạp, các đối tượng "
    "lợi dụng {pretext} để chiếm đoạt tài sản của {target}.",
]
DETAILS = [
    "Đối tượng yêu cầu cung cấp thông tin cá nhân, số tài khoản ngân hàng để “xác minh hồ sơ”.",
    "Sau khi nạn nhân làm theo, tiền trong tài khoản bị chuyển đi chỉ trong vài phút.",
    "Đối tượng thường tạo tình huống khẩn cấp, gây áp lực để nạn nhân không kịp suy nghĩ.",
    "Thông tin cá nhân bị lợi dụng để mở tài khoản, vay tiền qua ứng dụng.",
    "Các đường link giả mạo có giao diện giống trang chính thức của cơ quan nhà nước.",
    "Đối tượng sử dụng số điện thoại lạ, xưng danh và đọc đúng họ tên của người nhận cuộc gọi.",
]
COMMON_SENTENCE = (
    "Đối tượng đề nghị đọc mã OTP gửi về điện thoại để “hoàn tất thủ tục”; tuyệt đối không "
    "cung cấp mã OTP cho bất kỳ ai."
)
RARE_SENTENCE = (
    "Một số đối tượng còn yêu cầu nạn nhân mua Bitcoin và chuyển vào ví điện tử do chúng cung cấp."
)
PRETEXTS = [
    "việc bổ sung hồ sơ học sinh",
    "thủ tục hoàn thuế",
    "việc cập nhật dữ liệu dân cư",
    "chương trình khuyến mãi",
    "việc nâng cấp tài khoản ngân hàng",
    "đợt tuyển dụng việc làm",
]
DIRECTIVES = [
    "Tổ chức tuyên truyền sâu rộng đến cán bộ, công chức, viên chức và người dân về thủ đoạn "
    "lừa đảo nêu trên.",
    "Chỉ đạo các đơn vị trực thuộc đăng tải nội dung cảnh báo trên trang thông tin điện tử, "
    "mạng xã hội và hệ thống truyền thanh cơ sở.",
    "Phối hợp với Công an cùng cấp kịp thời tiếp nhận, xử lý tin báo về tội phạm lừa đảo.",
    "Hướng dẫn người dân khi phát hiện dấu hiệu lừa đảo báo ngay cho Công an xã, phường nơi "
    "gần nhất hoặc qua ứng dụng VNeID.",
    "Báo cáo kết quả thực hiện về cơ quan chủ trì trước ngày 30 hằng tháng.",
]
WARNINGS = [
    "CANH BAO: Ke gian gia danh {who} goi dien yeu cau cai ung dung la. Khong bam link la, "
    "khong cung cap tai khoan ngan hang. Lien he Cong an gan nhat.",
    "Cảnh báo: giả danh {who} lừa đảo chiếm đoạt tài sản. Không chuyển tiền, không cài ứng "
    "dụng lạ. Báo ngay Công an xã, phường.",
]
CLOSINGS = [
    "Đề nghị các cơ quan, đơn vị quan tâm phối hợp thực hiện./.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, báo cáo về Văn phòng để tổng hợp./.",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Thanh", "Minh", "Hoàng", "Ngọc", "Quốc", "Thu", "Đức", "Hữu"]
GIVEN = ["Hùng", "Lan", "Hồi", "Giang", "Dũng", "Hoa", "Tuấn", "Mai", "Phong", "Hạnh", "Sơn"]
