"""Reading a scanned dispatch (image-only PDF, JPEG/PNG/HEIC photo) with Tesseract's Vietnamese
model.

Why pytesseract over OCRmyPDF: OCRmyPDF makes a searchable PDF (a new file, ghostscript and
several passes) when the portal needs the words, their boxes and their confidences; pytesseract
gives those from one Tesseract call per page (`image_to_data`). Both drive the same Tesseract
model. Measured on twelve real documents (bench/evaluate_import.py, OCRmyPDF 14 with
`-l vie --deskew --rotate-pages --force-ocr`, then pdftotext): this pipeline reads 83 % of the
fields of the stamped scans right at 2.5 s a page, OCRmyPDF 71 % at 4.3 s. OCRmyPDF reads the
red "ĐẾN" stamp into the issuer (no red channel) and its text layer runs the header's columns
together; and without word confidences, the wrong fields it gives go unflagged (1 in 35).

A page goes through the image work real scans need, with Pillow alone:

1. the red channel of a colour scan, so a red "ĐẾN" receipt stamp or seal fades out;
2. page orientation from Tesseract's OSD (a page scanned upside down or sideways);
3. deskew: the small angle whose row profile is sharpest (text lines horizontal);
4. binarisation with Otsu's threshold.

Then the words (`image_to_data`, with boxes and confidences) are put back into lines, and the
two-column parts of a Decree-30 page, the header (issuer and number on the left, national
name, motto, place and date on the right) and the signature block ("Nơi nhận" on the left, the
signature on the right), are read one column after the other instead of line by line across.

Without Tesseract installed (`available()` is False), reading a scan raises OcrUnavailable with
a Vietnamese message; nothing else in the portal needs it.

HEIC/HEIF (an iPhone's photos) is opened by pillow-heif (libheif), which Pillow does not read
itself: without it, such a photo is refused with its own Vietnamese message (`HEIF_UNAVAILABLE`).
"""

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import (
    DocumentTooComplex,
    DocumentTooLarge,
    OcrUnavailable,
    UnreadableDocument,
    gettext_noop,
)
from .limits import Limits, vietnamese_number

LANGUAGE = "vie"
# Pages are rasterised to fit in this many pixels on their long side: 200 dpi on A4. Bounded
# whatever size the PDF says its page is.
LONG_SIDE = 2339
# The skew angles tried (degrees), either way.
_MAX_SKEW = 4.0
_SKEW_STEP = 0.25
# Width of the thumbnail the skew is measured on.
_SKEW_WIDTH = 600
# A word read with less confidence than this (Tesseract's 0-100) makes its field uncertain.
# Measured on the generated scans (bench/ocr.py): nine words in ten are read at 90 or more; the
# misreadings that were not flagged at 75 ("tài sẵn" for "tài sản") were read at 75-84.
LOW_CONFIDENCE = 85
# A word holds coloured ink (`mark_ink`) when, over a stretch of columns at least _INK_WIDTH
# times its height (about a character), this share of each column's black pixels is coloured on
# the colour page; a pixel is coloured ink when its HSV saturation and value (0-255) reach these.
INK_SHARE = 0.5
_INK_WIDTH = 0.5
_INK_SATURATION = 80
_INK_VALUE = 40
# Tesseract's own threads: one, on a shared 2-core server (and it is faster so on small pages).
_ENVIRONMENT = {"OMP_THREAD_LIMIT": "1"}

# A "word" of dots and commas alone (a speck of dust or noise read as punctuation), or the rule
# printed under a header name ("___", "———").
_SPECK = re.compile(r"[.,'`:;]+|[_—–~=.]{2,}|-{2,}")

IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
# Brands of an ISO-BMFF `ftyp` box that mark a HEIF image coded in HEVC (HEIC): a still image
# (heic, heix), its sequences and variants (hevc, hevx, heim, heis, hevm, hevs), and the generic
# image and sequence brands (mif1, msf1) phones write as major brand with "heic" beside.
HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
# AVIF shares the container (and mif1) but not the codec: pillow-heif 1.x does not decode it.
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


NOT_INSTALLED = gettext_noop(
    "Máy chủ chưa cài đặt phần mềm nhận dạng ký tự (OCR: tesseract-ocr, tesseract-ocr-vie, "
    "poppler-utils) nên chưa đọc được bản scan hoặc ảnh chụp. Hãy gửi bản PDF xuất trực tiếp "
    "từ Word, dán nội dung văn bản, hoặc báo quản trị viên cài đặt OCR."
)


HEIF_UNAVAILABLE = gettext_noop(
    "Máy chủ chưa cài đặt thư viện đọc ảnh HEIC/HEIF (pillow-heif) nên chưa đọc được ảnh chụp "
    "này (ảnh mặc định của iPhone). Hãy chuyển ảnh sang JPEG hoặc PNG (hoặc chụp lại với định "
    "dạng “Tương thích nhất”) rồi tải lên lại, hoặc báo quản trị viên cài đặt pillow-heif."
)


def _brands(data: bytes) -> set[bytes]:
    """The major and compatible brands of the `ftyp` box an ISO-BMFF file starts with."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return set()
    size = int.from_bytes(data[:4], "big")
    end = min(max(size, 16), len(data), 4096)
    brands = {data[8:12]}
    brands.update(data[i : i + 4] for i in range(16, end - 3, 4))
    return brands


def looks_like_heif(data: bytes) -> bool:
    """True for the bytes of a HEIC/HEIF image (its `ftyp` box names a HEIF brand, not AVIF)."""
    brands = _brands(data)
    return bool(brands & HEIF_BRANDS) and not brands & _AVIF_BRANDS


BLANK_SCAN = gettext_noop(
    "Không nhận dạng được chữ trong bản scan (ảnh trắng, quá mờ hoặc không phải văn bản)."
)


def looks_like_image(data: bytes) -> bool:
    """True for the bytes of a JPEG, PNG or HEIC/HEIF file."""
    return data.startswith(IMAGE_MAGIC) or looks_like_heif(data)


def heif_readable() -> bool:
    """True when pillow-heif can be imported, so Pillow opens HEIC/HEIF photos."""
    try:
        import pillow_heif  # noqa: F401
    except ImportError:
        return False
    return True


def require_heif() -> None:
    """Make Pillow open HEIC/HEIF (pillow-heif's opener); UnreadableDocument with a Vietnamese
    message when pillow-heif is not installed."""
    try:
        import pillow_heif
    except ImportError as exc:
        raise UnreadableDocument(HEIF_UNAVAILABLE) from exc
    pillow_heif.register_heif_opener()


def available(*, pdf: bool = False) -> bool:
    """True when Tesseract with its Vietnamese model (and pdftoppm, for a PDF) can be run."""
    if shutil.which("tesseract") is None or (pdf and shutil.which("pdftoppm") is None):
        return False
    try:
        import pytesseract

        return LANGUAGE in pytesseract.get_languages(config="")
    except Exception:
        return False


@dataclass
class Word:
    """A word read on a page: its text, Tesseract's confidence (0-100), the page (from 1), its
    box in the page's pixels as read (left, top, width, height), and whether it is written in
    coloured ink over the print (a number or a day filled in by hand, a stamp: `mark_ink`)."""

    text: str
    conf: float
    page: int
    box: tuple[int, int, int, int]
    ink: bool = False


@dataclass
class OcrText:
    """What OCR read in a file: the text, line by line as a reader takes it, and its words."""

    text: str
    words: list[Word] = field(default_factory=list)
    pages: int = 1

    def to_dict(self) -> dict:
        return {"text": self.text, "words": [asdict(w) for w in self.words], "pages": self.pages}

    @classmethod
    def from_dict(cls, data: dict) -> "OcrText":
        words = [
            Word(w["text"], w["conf"], w["page"], tuple(w["box"]), w.get("ink", False))
            for w in data["words"]
        ]
        return cls(text=data["text"], words=words, pages=data["pages"])


# --- Images ----------------------------------------------------------------------------------


def check_image(data: bytes, limits: Limits):
    """The JPEG/PNG/HEIC image, opened (its header read, nothing decoded) and refused past
    `limits.max_pixels`. A HEIC's size is the one its container gives once turned upright
    (libheif applies its rotation when decoding); the pixel count is the same either way."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # checked here, against the portal's own limit
    heif = looks_like_heif(data)
    if heif:
        require_heif()
    try:
        image = Image.open(io.BytesIO(data), formats=["HEIF"] if heif else None)
    except (UnidentifiedImageError, OSError, ValueError, RuntimeError) as exc:
        raise UnreadableDocument("Tệp ảnh bị hỏng hoặc không phải ảnh JPEG/PNG/HEIC.") from exc
    pixels = image.width * image.height
    if pixels > limits.max_pixels:
        raise DocumentTooLarge(
            f"Ảnh quá lớn ({vietnamese_number(pixels)} điểm ảnh; tối đa "
            f"{vietnamese_number(limits.max_pixels)}). Hãy chụp hoặc quét ở độ phân giải thấp "
            "hơn rồi tải lên lại."
        )
    return image


def _open_image(data: bytes, limits: Limits):
    """The image of a JPEG/PNG/HEIC file, refused past `limits.max_pixels` before it is
    decoded, and turned as its EXIF orientation says. (libheif applies a HEIC's own rotation
    and pillow-heif then sets its EXIF orientation to 1, so it is never turned twice.)"""
    from PIL import ImageOps

    image = check_image(data, limits)
    try:
        image.load()
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, RuntimeError) as exc:
        raise UnreadableDocument("Tệp ảnh bị hỏng, không đọc được.") from exc


def rasterise(pdf: bytes, pages: int, limits: Limits, first: int = 1) -> list:
    """The pages of a PDF as images (pdftoppm), each fitting in LONG_SIDE pixels; in colour, so
    that a red stamp can be faded (see `_grey`)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run(  # noqa: S603 - poppler, on a file we wrote
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-f",
                    str(first),
                    "-l",
                    str(pages),
                    "-scale-to",
                    str(LONG_SIDE),
                    "-png",
                    str(source),
                    f"{folder}/page",
                ],
                check=True,
                capture_output=True,
                timeout=limits.wall_seconds,
            )
        except subprocess.TimeoutExpired as exc:
            raise DocumentTooComplex(
                "Tệp PDF quá phức tạp để chuyển thành ảnh trong thời gian cho phép."
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise UnreadableDocument("Tệp PDF bị hỏng, không chuyển được thành ảnh.") from exc
        images = []
        for path in sorted(Path(folder).glob("page*.png")):
            with Image.open(path) as image:
                images.append(image.copy())
    return images


def _grey(image):
    """A grey image; a colour one by its red channel, in which red stamps and seals fade."""
    if image.mode in ("RGB", "RGBA", "P", "CMYK"):
        return image.convert("RGB").getchannel("R")
    return image.convert("L")


def _fit(image):
    """The image scaled down to LONG_SIDE pixels on its long side (a 12-megapixel photo read at
    full size costs four times as long and reads no better)."""
    from PIL import Image

    long_side = max(image.size)
    if long_side <= LONG_SIDE * 1.1:
        return image
    ratio = LONG_SIDE / long_side
    size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _orientation(image, timeout: float) -> int:
    """Degrees to rotate the page counter-clockwise so that its text stands upright (OSD)."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(
            image,
            config="--psm 0 -c min_characters_to_try=10",
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except pytesseract.TesseractError:
        return 0  # too little text to tell: read as it is
    if osd.get("orientation_conf", 0) < 2:
        return 0
    return int(osd.get("rotate", 0)) % 360


def _otsu(histogram: list[int]) -> int:
    """Otsu's threshold of a 256-bin histogram."""
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    background = background_sum = 0
    best, threshold = -1.0, 128
    for level, count in enumerate(histogram):
        background += count
        if not background:
            continue
        foreground = total - background
        if not foreground:
            break
        background_sum += level * count
        mean_b = background_sum / background
        mean_f = (weighted - background_sum) / foreground
        between = background * foreground * (mean_b - mean_f) ** 2
        if between > best:
            best, threshold = between, level
    return threshold


def binarise(image):
    """Black text on white, by Otsu's threshold."""
    threshold = _otsu(image.histogram()[:256])
    return image.point(lambda value: 255 if value > threshold else 0, mode="L")


def _row_sharpness(image) -> float:
    """How sharply the rows alternate between text and blank: the variance of row darkness."""
    from PIL import Image

    column = image.resize((1, image.height), Image.Resampling.BOX)
    rows = list(column.get_flattened_data())
    mean = sum(rows) / len(rows)
    return sum((r - mean) ** 2 for r in rows) / len(rows)


def skew_angle(image) -> float:
    """The angle (degrees, counter-clockwise) that levels the text lines of a grey page."""
    from PIL import Image

    ratio = _SKEW_WIDTH / image.width
    small = image.resize((_SKEW_WIDTH, max(1, round(image.height * ratio))))
    small = binarise(small)
    best_angle, best = 0.0, -1.0
    steps = int(_MAX_SKEW / _SKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * _SKEW_STEP
        turned = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        sharpness = _row_sharpness(turned)
        if sharpness > best:
            best_angle, best = angle, sharpness
    return best_angle


def prepare(image, timeout: float):
    """A page ready for Tesseract: grey (red stamps faded), upright, level, black and white."""
    return prepare_with_ink(image, timeout)[0]


def prepare_with_ink(image, timeout: float):
    """The page ready for Tesseract (`prepare`) and, for a colour page, the mask of its
    coloured ink turned and levelled the same way (None for a grey page): where a number or a
    day was written in by hand or stamped (see `mark_ink`)."""
    from PIL import Image

    page = _fit(_grey(image))
    mask = ink_mask(image)
    if mask is not None:
        mask = mask.resize(page.size, Image.Resampling.NEAREST)
    rotate = _orientation(page, timeout)
    if rotate:
        page = page.rotate(-rotate, expand=True, fillcolor=255)
        mask = mask.rotate(-rotate, expand=True, fillcolor=0) if mask else None
    angle = skew_angle(page)
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        if mask is not None:
            mask = mask.rotate(angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=0)
    return binarise(page), mask


def ink_mask(image):
    """255 where a colour page holds coloured ink (saturated and not pale: blue or violet
    ballpoint, a numbering stamp), 0 elsewhere; None for a grey page or one without any."""
    from PIL import ImageChops

    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    _, saturation, value = image.convert("RGB").convert("HSV").split()
    mask = ImageChops.multiply(
        saturation.point(lambda level: 255 if level >= _INK_SATURATION else 0),
        value.point(lambda level: 255 if level >= _INK_VALUE else 0),
    )
    return mask if mask.getbbox() else None


def mark_ink(words: list[Word], page, mask) -> None:
    """Mark the words that hold a stretch of coloured ink at least a character wide: written in
    by hand or stamped over the print, not printed with it (a printer prints a dispatch in
    black). Looked at column by column, because Tesseract often reads a number written in and
    its printed symbol as one word ("815/SYT-CNTTTT"). A red stamp over printed words marks
    them far less: red fades out of the page before binarisation, so only the stamp's pixels
    that fall on black strokes count."""
    from PIL import Image, ImageChops

    for word in words:
        left, top, width, height = word.box
        if width < 2 or height < 2:
            continue
        box = (left, top, left + width, top + height)
        black = ImageChops.invert(page.crop(box))
        coloured = ImageChops.multiply(black, mask.crop(box))
        # Column averages: the dark and the coloured share of each column of the word.
        dark = black.resize((width, 1), Image.Resampling.BOX).get_flattened_data()
        ink = coloured.resize((width, 1), Image.Resampling.BOX).get_flattened_data()
        # Two columns in a row with two black pixels or more that are mostly not ink break a
        # stretch; a blank column, a speck of scanner noise or one column of a stroke's pale
        # edge (blur and JPEG take the colour out of it) does not.
        speck = 2 * 255 / height
        run = longest = 0
        broken = False
        for dark_level, ink_level in zip(dark, ink, strict=True):
            if ink_level < INK_SHARE * dark_level and dark_level - ink_level >= speck:
                if broken:
                    run = 0
                broken = True
                continue
            broken = False
            run += 1 if ink_level else 0
            longest = max(longest, run)
        word.ink = longest >= _INK_WIDTH * height


# --- Words into lines ------------------------------------------------------------------------


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3] / 2, w.box[0])):
        middle = word.box[1] + word.box[3] / 2
        if lines:
            last = lines[-1]
            top = min(w.box[1] for w in last)
            bottom = max(w.box[1] + w.box[3] for w in last)
            if top <= middle <= bottom:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def _gutter(rows: list[list[Word]]) -> float | None:
    """The x of the widest blank band that runs down all `rows` in the middle three fifths of
    their width (the space between two columns), or None when there is none."""
    words = [w for row in rows for w in row]
    left = min(w.box[0] for w in words)
    right = max(w.box[0] + w.box[2] for w in words)
    width = right - left
    if width <= 0:
        return None
    covered = bytearray(width + 1)
    for w in words:
        covered[w.box[0] - left : w.box[0] + w.box[2] - left + 1] = b"\x01" * (w.box[2] + 1)
    best_start, best_length, run_start = 0, 0, None
    low, high = int(width * 0.2), int(width * 0.8)
    for x in range(low, high + 1):
        if not covered[x] and x < high:
            run_start = x if run_start is None else run_start
        elif run_start is not None:
            if x - run_start > best_length:
                best_start, best_length = run_start, x - run_start
            run_start = None
    if best_length < max(5, width * 0.005):
        return None
    return left + best_start + best_length / 2


def _straddles(row: list[Word], gutter: float) -> bool:
    return any(w.box[0] < gutter < w.box[0] + w.box[2] for w in row)


def _columns(rows: list[list[Word]], start: int, end: int) -> tuple[list[str], int]:
    """Rows `start`..`end` read as two columns, left one first, while no word straddles the
    blank band between them: their lines, and the row where the columns stop. One line when
    there are no columns."""
    gutter = _gutter(rows[start:end])
    if gutter is None or _straddles(rows[start], gutter):
        return [" ".join(w.text for w in rows[start])], start + 1
    left: list[str] = []
    right: list[str] = []
    index = start
    while index < end and not _straddles(rows[index], gutter):
        row = rows[index]
        left_words = [w.text for w in row if w.box[0] + w.box[2] / 2 < gutter]
        right_words = [w.text for w in row if w.box[0] + w.box[2] / 2 >= gutter]
        left += [" ".join(left_words)] if left_words else []
        right += [" ".join(right_words)] if right_words else []
        index += 1
    return left + right, index


_HEADER_ENDS = ("kính gửi", "kinh gui")
_CLOSING_STARTS = ("nơi nhận", "noi nhan")
# Rows looked at for the header's columns, at most.
_HEADER_ROWS = 12


def _starts(row: list[Word], prefixes: tuple[str, ...]) -> bool:
    return " ".join(w.text for w in row[:2]).lower().startswith(prefixes)


# Tesseract's usual slips on the marks of a Decree-30 header: "V/" or "V/V" for "V/v", and
# specks between "ngày", "tháng", "năm" and their numbers ("tháng:'08").
_SUBJECT_MARK = re.compile(r"^[VY]\s*/\s*[vVyY]?(?=\s+\w)")
_DATE_SPECKS = re.compile(r"\b(ngày|tháng|năm)\s*[:;'`\",.]+\s*(?=\d)", re.I)


def tidy(line: str) -> str:
    """A line read by OCR with the slips Tesseract makes on header marks set right."""
    line = _SUBJECT_MARK.sub("V/v", line)
    return _DATE_SPECKS.sub(r"\1 ", line)


def page_text(words: list[Word], *, first: bool, last: bool) -> str:
    """The lines of one page; the header (first page, above "Kính gửi") and the signature block
    (last page, from "Nơi nhận") read one column after the other."""
    rows = _lines(words)
    out: list[str] = []
    index = 0
    if first:
        end = next(
            (i for i, row in enumerate(rows[:_HEADER_ROWS]) if _starts(row, _HEADER_ENDS)),
            min(len(rows), _HEADER_ROWS),
        )
        if end:
            out, index = _columns(rows, 0, end)
    while index < len(rows):
        if last and _starts(rows[index], _CLOSING_STARTS):
            lines, index = _columns(rows, index, len(rows))
            out += lines
            continue
        out.append(" ".join(w.text for w in rows[index]))
        index += 1
    return "\n".join(tidy(line) for line in out)


def read_page(image, number: int, timeout: float) -> list[Word]:
    """The words of one prepared page."""
    import pytesseract

    data = pytesseract.image_to_data(
        image,
        lang=LANGUAGE,
        config="--psm 3",
        output_type=pytesseract.Output.DICT,
        timeout=timeout,
    )
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < 0 or _SPECK.fullmatch(text):
            continue
        box = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        words.append(Word(text, conf, number, box))
    return words


def read_images(images: list, limits: Limits) -> OcrText:
    """The text of scanned pages (PIL images), in order."""
    import os

    os.environ.update(_ENVIRONMENT)
    if not available():
        raise OcrUnavailable(NOT_INSTALLED)
    import pytesseract

    timeout = max(5.0, limits.wall_seconds)
    words: list[Word] = []
    texts: list[str] = []
    for number, image in enumerate(images, start=1):
        try:
            page, mask = prepare_with_ink(image, timeout)
            page_words = read_page(page, number, timeout)
            if mask is not None:
                mark_ink(page_words, page, mask)
        except RuntimeError as exc:  # pytesseract's timeout
            raise DocumentTooComplex(
                f"Nhận dạng ký tự trang {number} vượt quá thời gian cho phép."
            ) from exc
        except pytesseract.TesseractError as exc:
            raise UnreadableDocument(f"Không nhận dạng được trang {number}: {exc}") from exc
        words += page_words
        if page_words:
            texts.append(page_text(page_words, first=number == 1, last=number == len(images)))
    text = "\n".join(texts)
    if sum(c.isalpha() for c in text) < 20:
        raise UnreadableDocument(BLANK_SCAN)
    return OcrText(text=text, words=words, pages=len(images))


def read_scanned_pdf(data: bytes, pages: int, limits: Limits) -> OcrText:
    """OCR of every page of an image-only PDF (its page count checked before)."""
    if not available(pdf=True):
        raise OcrUnavailable(NOT_INSTALLED)
    return read_images(rasterise(data, pages, limits), limits)


def read_image_file(data: bytes, limits: Limits) -> OcrText:
    """OCR of a JPEG, PNG or HEIC (a photo or a scanner's image of one page)."""
    if not available():
        raise OcrUnavailable(NOT_INSTALLED)
    return read_images([_open_image(data, limits)], limits)


def read_one_page(data: bytes, number: int, limits: Limits) -> dict:
    """Page `number` of a scan (PDF or image): its words (as dicts) and the prepared page as a
    black-and-white PNG in base64 (the crops of uncertain fields are cut from it)."""
    import base64

    from .pdf import inspect_pdf, looks_like_pdf

    if looks_like_image(data):
        if not available():
            raise OcrUnavailable(NOT_INSTALLED)
        image = _open_image(data, limits)
    elif looks_like_pdf(data):
        if not available(pdf=True):
            raise OcrUnavailable(NOT_INSTALLED)
        pages = inspect_pdf(data, limits)
        if not 1 <= number <= pages:
            raise UnreadableDocument(f"Tệp không có trang {number}.")
        image = rasterise(data, number, limits, first=number)[0]
    else:
        raise UnreadableDocument("Tệp không phải bản scan PDF hay ảnh JPEG/PNG/HEIC.")
    import os

    os.environ.update(_ENVIRONMENT)
    timeout = max(5.0, limits.wall_seconds)
    page = prepare(image, timeout)
    words = read_page(page, number, timeout)
    buffer = io.BytesIO()
    page.convert("1").save(buffer, "PNG", optimize=True)
    return {
        "words": [asdict(w) for w in words],
        "image": base64.b64encode(buffer.getvalue()).decode("ascii"),
    }


def join_pages(pages: list[list[Word]]) -> OcrText:
    """The text of a scan read page by page (`read_one_page`), as `read_images` makes it."""
    texts = [
        page_text(words, first=number == 1, last=number == len(pages))
        for number, words in enumerate(pages, start=1)
        if words
    ]
    return OcrText(text="\n".join(texts), words=[w for p in pages for w in p], pages=len(pages))
