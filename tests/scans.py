"""Dispatches made for the OCR and PDF tests: a Decree-30 page laid out as offices print it (the
two header columns, the body, the signature block), rendered to a born-digital PDF by Debian's
chromium in "Times New Roman" (Liberation Serif here, the usual substitute), then to a scan with
pdftoppm and Pillow (a little rotation, noise, a red "ĐẾN" stamp across the header).

A titled document (`kind`: "QUYẾT ĐỊNH", "THÔNG BÁO"…) prints its subject under the title
instead of under the number; a number or a day left blank (`number=""`, `day=None`) prints
blank, as a document signed electronically does; `ink="blue"` writes the number and the day by
hand in blue ink (a script font), as a clerk fills them in after signing.

Nothing large is committed: every file is made when a test or bench/ocr.py asks for it, once per
process (functools.cache).
"""

import functools
import html
import io
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parents[1] / "advisories" / "assets" / "fonts"
# Ballpoint inks a clerk writes a number or a day in with.
INKS = {"blue": "#1f3fb0", "black": "#202020"}


@dataclass(frozen=True)
class Dispatch:
    """The printed parts of one test dispatch."""

    parent: str = "UBND TỈNH AN GIANG"
    issuer: str = "SỞ Y TẾ"
    number: str = "2152"
    symbol: str = "SYT-CNTTTT"
    place: str = "An Giang"
    day: int | None = 7
    month: int | None = 10
    year: int = 2025
    subject: str = "V/v tuyên truyền phương thức lừa đảo qua tin nhắn giả mạo ngân hàng"
    addressee: str = "Thủ trưởng các cơ quan, đơn vị trực thuộc Sở Y tế"
    body: tuple[str, ...] = (
        "Thực hiện Công văn số 1153/UBND-KGVX ngày 06/10/2025 của UBND tỉnh An Giang về việc "
        "tuyên truyền phòng, chống lừa đảo trên không gian mạng;",
        "Sở Y tế đề nghị Thủ trưởng các đơn vị triển khai các nội dung sau:",
        "1. Phổ biến đến toàn thể viên chức, người lao động phương thức lừa đảo qua tin nhắn "
        "giả mạo ngân hàng.",
        "2. Không cung cấp mã OTP, mật khẩu cho bất kỳ ai qua điện thoại.",
        "Nhận được Công văn này, đề nghị Thủ trưởng các đơn vị triển khai thực hiện./.",
    )
    distribution: tuple[str, ...] = ("- Như trên;", "- Lưu: VT, CNTTTT.")
    authority: str = "KT. GIÁM ĐỐC"
    title: str = "PHÓ GIÁM ĐỐC"
    signer: str = "Đoàn Thanh Hùng"
    pages: int = 1
    signed: bool = True
    # The document's title ("QUYẾT ĐỊNH"…) for a titled document, "" for a công văn.
    kind: str = ""
    # "" for a number and a day printed with the rest, "blue" for ones written in by hand.
    ink: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def expected(self) -> dict:
        """The fields a reader must find (keys of `ParsedDispatch.to_dict()`)."""
        subject = self.subject.removeprefix("V/v ")
        complete = None not in (self.day, self.month, self.year)
        return {
            "parent_issuer": self.parent or None,
            "issuer": self.issuer,
            "number": self.number or None,
            "symbol": self.symbol,
            "place": self.place,
            "date": f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if complete else None,
            "subject": subject,
            "signing_authority": self.authority if self.signed else None,
            "signer_title": self.title if self.signed else None,
            "signer_name": self.signer if self.signed else None,
        }


def _e(text: str) -> str:
    return html.escape(text)


def _written(markup: str, doc: Dispatch) -> str:
    """A number or day (HTML) as the document prints it: typed, or written in by hand in
    `doc.ink`."""
    if not doc.ink:
        return markup
    return f'<span style="color:{INKS[doc.ink]}; font-family:Z003; font-size:17pt">{markup}</span>'


def _part(value: int | None, blank: str = "&nbsp;" * 6) -> str:
    return f"{value:02d}" if value is not None else blank


def _authority_lines(authority: str) -> str:
    """'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH' on two lines, as it is signed."""
    return "<br>".join(
        _e(part) for part in re.split(r" (?=(?:KT|TL|TM|TUQ)\. )", authority) if part
    )


def dispatch_html(doc: Dispatch) -> str:
    """The page as HTML: the header in a two-column table, as Word prints it."""
    paragraphs = "".join(f"<p class=body>{_e(p)}</p>" for p in doc.body)
    # A long document: the body again on further pages (the signature on the last).
    for _ in range(1, doc.pages):
        paragraphs += "<div class=break></div>" + "".join(
            f"<p class=body>{_e(p)}</p>" for p in doc.body[2:4]
        )
    closing = ""
    if doc.signed:
        closing = f"""
<table class=closing><tr>
<td class=left><b><i>Nơi nhận:</i></b><br>{"<br>".join(_e(d) for d in doc.distribution)}</td>
<td class=sign><b>{_authority_lines(doc.authority)}<br>{_e(doc.title)}</b><br><br><br><br>
<b>{_e(doc.signer)}</b></td></tr></table>"""
    subject = f"<br><span class=subject>{_e(doc.subject)}</span>" if not doc.kind else ""
    title = (
        f'<p style="text-align:center; margin: 14pt 0 6pt 0"><b>{_e(doc.kind)}</b><br>'
        f"<b>{_e(doc.subject)}</b></p>"
        if doc.kind
        else ""
    )
    addressee = (
        f'<p style="text-align:center; margin: 14pt 0">Kính gửi: {_e(doc.addressee)}</p>'
        if doc.addressee
        else ""
    )
    year = doc.year if doc.year is not None else "&nbsp;" * 8
    return f"""<!doctype html><html lang=vi><head><meta charset=utf-8><style>
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: "Times New Roman"; font-size: 13pt; line-height: 1.3; }}
table {{ width: 100%; border-collapse: collapse; }}
td {{ vertical-align: top; text-align: center; padding: 0; }}
td.left {{ width: 40%; }}
.motto {{ font-weight: bold; }}
.subject {{ font-size: 12pt; }}
.date {{ font-style: italic; }}
p.body {{ text-indent: 1cm; text-align: justify; margin: 0 0 6pt 0; }}
.break {{ page-break-after: always; }}
table.closing td.left {{ text-align: left; font-size: 11pt; width: 50%; }}
table.closing td.sign {{ width: 50%; }}
</style></head><body>
<table><tr>
<td class=left>{_e(doc.parent)}<br><b>{_e(doc.issuer)}</b><br>———<br>
Số: {_written(_e(doc.number), doc)}/{_e(doc.symbol)}{subject}</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><span class=motto>Độc lập - Tự do - Hạnh phúc
</span><br>———<br><span class=date>{_e(doc.place)}, ngày {_written(_part(doc.day), doc)} tháng
{_part(doc.month)} năm {year}</span></td></tr></table>
{title}{addressee}
{paragraphs}{closing}
</body></html>"""


def chromium() -> str:
    path = shutil.which("chromium")
    assert path, "Debian's chromium is not installed (apt-get install chromium)"
    return path


@functools.cache
def born_digital_pdf(doc: Dispatch = Dispatch()) -> bytes:
    """The page printed to PDF by chromium: a text layer in Liberation Serif."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "doc.html", Path(folder) / "doc.pdf"
        source.write_text(dispatch_html(doc), encoding="utf-8")
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return target.read_bytes()


def pages_as_images(pdf: bytes, dpi: int = 200, *, colour: bool = False) -> list[Image.Image]:
    """The pages of a PDF as grey images (pdftoppm), or colour ones (for ink in colour)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                shutil.which("pdftoppm") or "pdftoppm",
                "-r",
                str(dpi),
                *([] if colour else ["-gray"]),
                "-png",
                str(source),
                f"{folder}/page",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return [Image.open(path).copy() for path in sorted(Path(folder).glob("page*.png"))]


def _stamp(page: Image.Image, dpi: int) -> Image.Image:
    """A red "ĐẾN" receipt stamp over the right of the header, as an office stamps on arrival."""
    page = page.convert("RGB")
    layer = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    scale = dpi / 200
    box = (int(900 * scale), int(80 * scale), int(1330 * scale), int(300 * scale))
    red = (200, 30, 40, 150)
    draw.rectangle(box, outline=red, width=max(2, int(5 * scale)))
    font = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), int(48 * scale))
    draw.text((box[0] + 20 * scale, box[1] + 10 * scale), "ĐẾN", fill=red, font=font)
    small = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), int(30 * scale))
    draw.text(
        (box[0] + 20 * scale, box[1] + 90 * scale), "Số: 815  Ngày 9/10", fill=red, font=small
    )
    return Image.alpha_composite(page.convert("RGBA"), layer).convert("RGB")


def scanned(page: Image.Image, *, dpi: int = 200, angle: float = 1.2, seed: int = 1) -> Image.Image:
    """A page as it comes out of an office scanner: tilted by `angle` degrees, a receipt stamp,
    a little blur and speckle noise."""
    rng = random.Random(seed)
    page = _stamp(page, dpi)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    pixels = page.load()
    width, height = page.size
    for _ in range(width * height // 400):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = (90, 90, 90)
    return page


@functools.cache
def scanned_pdf_of(doc: Dispatch = Dispatch(), dpi: int = 200, angle: float = 1.2) -> bytes:
    """The dispatch printed, scanned and saved as an image-only PDF (what units receive)."""
    pages = [
        scanned(page, dpi=dpi, angle=angle)
        for page in pages_as_images(born_digital_pdf(doc), dpi, colour=bool(doc.ink))
    ]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


@functools.cache
def photo_of(
    doc: Dispatch = Dispatch(), dpi: int = 200, angle: float = 1.2, kind: str = "JPEG"
) -> bytes:
    """The first page as a phone photo or a scanner's image file (JPEG or PNG)."""
    first = pages_as_images(born_digital_pdf(doc), dpi, colour=bool(doc.ink))[0]
    page = scanned(first, dpi=dpi, angle=angle)
    buffer = io.BytesIO()
    page.save(buffer, kind, **({"quality": 85} if kind == "JPEG" else {}))
    return buffer.getvalue()


@functools.cache
def heic_of(photo: bytes, *, sideways: bool = False) -> bytes:
    """A JPEG/PNG photo saved again as HEIC by pillow-heif's writer, as an iPhone keeps it;
    `sideways`: the pixels stored turned a quarter (the phone held upright, its sensor read
    across) with EXIF orientation 6, which a reader must apply to see the page upright."""
    import pillow_heif

    image = Image.open(io.BytesIO(photo)).convert("RGB")
    exif = Image.Exif()
    if sideways:
        image = image.rotate(90, expand=True)
        exif[0x0112] = 6  # Orientation: turn 90° clockwise to display
    buffer = io.BytesIO()
    pillow_heif.from_pillow(image).save(buffer, quality=90, exif=exif.tobytes())
    return buffer.getvalue()
