"""A parsed document turned into the initial data of the dispatch form, for a clerk to review.

Reads only: the issuer and the organisations named in the document are matched by their folded
names, the documents it cites are matched to public dispatches by number, symbol and year.
Everything is kept JSON-ready (ids, ISO dates) so that it can wait in the session.
"""

import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .indicators.extract import propose_indicators
from .models import Dispatch, Organisation, Reference
from .parsing import ParsedDispatch
from .parsing.reading import DocumentReading, read_dispatch
from .text import fold

# Abbreviations printed in names, spelled out so that "UBND TP Vinh" meets its full name.
_EXPANSIONS = {
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "ttyt": "trung tam y te",
    "tyt": "tram y te",
    "syt": "so y te",
    "kh&cn": "khoa hoc va cong nghe",
    "gd&dt": "giao duc va dao tao",
}
# Where the locality starts in a body's name: "UBND TỈNH AN GIANG" → "tinh an giang".
_LOCALITY = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|dac khu)\b.*$")
# "KT. CHỦ TỊCH" → KT + CHỦ TỊCH.
_AUTHORITY = re.compile(r"^(?P<mark>KT|TL|TM|TUQ)\s*\.?\s*(?P<title>.*)$", re.I)
# The verbs of a citation mapped onto the kinds a Reference has.
_REFERENCE_KINDS = {
    "can_cu": Reference.Kind.CAN_CU,
    "theo": Reference.Kind.CAN_CU,
    "tiep_theo": Reference.Kind.CAN_CU,
    "thuc_hien": Reference.Kind.THUC_HIEN,
    "trien_khai": Reference.Kind.THUC_HIEN,
    "sao_gui": Reference.Kind.SAO_GUI,
    "kem_theo": Reference.Kind.DINH_KEM,
}
# Paragraphs of a text field, a blank line apart to read well in the form's text box.
PARAGRAPH_BREAK = "\n\n"
_DOC_TYPES = {label: value for value, label in Dispatch.DocType.choices}


def name_key(text: str) -> str:
    """A name folded for comparison, abbreviations spelled out, brackets and punctuation gone:
    'Sở KH&CN (để b/c)' → 'so khoa hoc va cong nghe'."""
    text = re.sub(r"\([^)]*\)", " ", fold(text))
    return " ".join(_EXPANSIONS.get(word, word) for word in re.findall(r"[\w&]+", text))


class OrganisationIndex:
    """Every organisation by the key of its name and short name; one query, built once."""

    def __init__(self):
        self._by_key: dict[str, set[int]] = {}
        for pk, name, short_name in Organisation.objects.values_list("pk", "name", "short_name"):
            for text in (name, short_name):
                if text:
                    self._by_key.setdefault(name_key(text), set()).add(pk)

    def find(self, *candidates: str) -> int | None:
        """The id of the one organisation the first matching candidate names, else None."""
        for candidate in candidates:
            pks = self._by_key.get(name_key(candidate), set()) if candidate else set()
            if len(pks) == 1:
                return next(iter(pks))
            if pks:
                return None  # two organisations of that name: the clerk chooses
        return None


@dataclass
class Prefill:
    """What the add form shows: main fields, the inline rows by model name, notes for the clerk,
    and the signs of a scam its text names (proposed, saved only when the clerk ticks them)."""

    main: dict = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    # Keys of the reading's fields the clerk must check, and the key of the scan (ScanImport)
    # whose crops show them ("" for a text or a born-digital PDF).
    uncertain: list[str] = field(default_factory=list)
    scan: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Prefill":
        return cls(
            main=dict(data["main"]),
            rows=dict(data["rows"]),
            notes=list(data["notes"]),
            # an import prepared before signs were proposed has none
            indicators=list(data.get("indicators", [])),
            uncertain=list(data.get("uncertain", [])),
            scan=data.get("scan", ""),
        )


def _issuer_candidates(parsed: ParsedDispatch) -> list[str]:
    """The printed issuer, then the issuer with the parent body's locality ("SỞ Y TẾ" under
    "UBND TỈNH AN GIANG" → "so y te tinh an giang")."""
    if not parsed.issuer:
        return []
    candidates = [parsed.issuer]
    locality = _LOCALITY.search(name_key(parsed.parent_issuer or ""))
    if locality:
        candidates.append(f"{name_key(parsed.issuer)} {locality.group()}")
    return candidates


def _line_candidates(text: str, province: str) -> list[str]:
    """A recipient line as printed, then completed with the issuer's province."""
    return [text, f"{text} {province}"] if province else [text]


def _split_authority(printed: str | None) -> tuple[str, str]:
    """'KT. GIÁM ĐỐC' → ('KT', 'GIÁM ĐỐC'); a title without a mark is kept whole."""
    if not printed:
        return "", ""
    match = _AUTHORITY.match(printed.strip())
    if not match:
        return "", printed.strip()
    return match.group("mark").upper(), match.group("title").strip()


def _number(printed: str | None) -> int | None:
    """The printed number as the model keeps it (a positive integer), else None."""
    if printed and printed.isdigit() and 0 < int(printed) < 2**31:
        return int(printed)
    return None


def _references(parsed: ParsedDispatch) -> tuple[list[dict], list[str]]:
    """Reference rows: linked to a public dispatch when one matches, else kept as printed."""
    rows, notes = [], []
    for position, cited in enumerate(parsed.references, start=1):
        number = _number(cited.number)
        matches = Dispatch.objects.public().filter(number=number, symbol__iexact=cited.symbol)
        if cited.date:
            matches = matches.filter(year=cited.date.year)
        found = list(matches.values_list("pk", flat=True)[:2]) if number else []
        row = {
            "position": position,
            "kind": _REFERENCE_KINDS.get(cited.kind or "", Reference.Kind.THUC_HIEN).value,
        }
        printed = f"{cited.number}/{cited.symbol}"
        if len(found) == 1:
            row["target"] = found[0]
            notes.append(
                _("Văn bản dẫn chiếu %(printed)s đã có trên cổng: đã liên kết.")
                % {"printed": printed}
            )
        else:
            row |= {
                "external_doc_type": cited.doc_type,
                "external_number_symbol": printed,
                "external_date": cited.date.isoformat() if cited.date else None,
                "external_issuer": cited.issuer or "",
            }
        rows.append(row)
    return rows, notes


def reading_text(reading: DocumentReading) -> str:
    """The words of a reading in which signs are looked for: what the dispatch form keeps of
    them (subject, body, tasks, closing, SMS texts), as the "Dấu hiệu lừa đảo" page reads a
    saved dispatch (admin.indicators.dispatch_text)."""
    parts = [reading.parsed.subject or "", *reading.parts.body]
    parts += [paragraph for item in reading.parts.directives for paragraph in item.paragraphs]
    parts += [*reading.parts.closing, *reading.warnings]
    return "\n".join(part for part in parts if part)


def indicator_proposals(reading: DocumentReading) -> list[dict]:
    """The signs the text names (phone numbers, links, accounts, app and sender names), JSON-
    ready as indicators.extract.Proposal; the clerk confirms them on the add form."""
    return [asdict(proposal) for proposal in propose_indicators(reading_text(reading))]


# The form's names of the fields `DocumentReading.uncertain` lists.
FIELD_LABELS = {
    "parent_issuer": gettext_lazy("cơ quan chủ quản"),
    "issuer": gettext_lazy("cơ quan ban hành"),
    "number": gettext_lazy("số"),
    "symbol": gettext_lazy("ký hiệu"),
    "place": gettext_lazy("địa danh"),
    "date": gettext_lazy("ngày ban hành"),
    "subject": gettext_lazy("trích yếu"),
    "signing_authority": gettext_lazy("thẩm quyền ký"),
    "signer_title": gettext_lazy("chức vụ người ký"),
    "signer_name": gettext_lazy("người ký"),
}


# The add form's fields that show each field of a reading.
FORM_FIELDS = {
    "parent_issuer": ("parent_body_line",),
    "issuer": ("issuer", "issuer_line"),
    "number": ("number",),
    "symbol": ("symbol",),
    "place": ("place",),
    "date": ("day", "month", "year"),
    "subject": ("subject",),
    "signing_authority": ("signing_authority", "authority_title"),
    "signer_title": ("signer_title",),
    "signer_name": ("signer_name",),
}


def build_prefill(text: str) -> Prefill:
    """The form data for the first document of `text`, parsed in this process (the import
    form parses in the sandbox, advisories.documents, then calls `prefill_from`)."""
    return prefill_from(read_dispatch(text))


def prefill_from(reading: DocumentReading) -> Prefill:
    """The form data for a document's reading, with notes on what needs a look."""
    parsed, parts = reading.parsed, reading.parts
    organisations = OrganisationIndex()
    notes: list[str] = []
    if reading.documents > 1:
        notes.append(
            _(
                "Nội dung có %(count)s văn bản; chỉ văn bản đầu tiên được nhập. Muốn nhập văn "
                "bản khác, hãy dán riêng nội dung của văn bản đó."
            )
            % {"count": reading.documents}
        )

    # The parser's notices are written in Vietnamese and marked for the catalogue.
    notes += [_(notice) for notice in reading.notices]
    if reading.uncertain:
        labels = ", ".join(str(FIELD_LABELS.get(key, key)) for key in reading.uncertain)
        notes.append(_("Cần đối chiếu với bản gốc: %(labels)s.") % {"labels": labels})

    issuer = organisations.find(*_issuer_candidates(parsed))
    province = ""
    if issuer is None:
        printed = parsed.issuer or _("(không có dòng tên cơ quan)")
        notes.append(
            _("Chưa nhận ra cơ quan ban hành %(printed)s: hãy chọn trong danh sách.")
            % {"printed": printed}
        )
    else:
        province = Organisation.objects.values_list("province", flat=True).get(pk=issuer)

    doc_type = _DOC_TYPES.get(parsed.doc_type or "")
    if doc_type is None:
        doc_type = Dispatch.DocType.CONG_VAN.value
        if parsed.doc_type:
            notes.append(
                _("Loại văn bản “%(doc_type)s” chưa có trong danh mục: hãy chọn.")
                % {"doc_type": parsed.doc_type}
            )
    authority, authority_title = _split_authority(parsed.signing_authority)
    date = parsed.date_parts
    main = {
        "issuer": issuer,
        "parent_body_line": parsed.parent_issuer or "",
        "issuer_line": parsed.issuer or "",
        "doc_type": doc_type,
        "number": _number(parsed.number),
        "symbol": parsed.symbol or "",
        "place": parsed.place or "",
        "day": date.day,
        "month": date.month,
        "year": date.year,
        "subject": parsed.subject or "",
        "body": PARAGRAPH_BREAK.join(parts.body),
        "closing": PARAGRAPH_BREAK.join(parts.closing),
        "signing_authority": authority,
        "authority_title": authority_title,
        "signer_title": parsed.signer_title or "",
        "signer_name": parsed.signer_name or "",
    }

    def recipient_rows(lines: list[str]) -> list[dict]:
        return [
            {
                "position": position,
                "text": line,
                "organisation": organisations.find(*_line_candidates(line, province)),
            }
            for position, line in enumerate(lines, start=1)
        ]

    directives = []
    for position, item in enumerate(parts.directives, start=1):
        unit = None
        if item.heading:
            unit = organisations.find(*_line_candidates(item.heading, province))
        directives.append(
            {
                "position": position,
                "label": item.label,
                "heading": item.heading,
                "text": PARAGRAPH_BREAK.join(item.paragraphs),
                "assignees": [unit] if unit else [],
            }
        )
    references, reference_notes = _references(parsed)
    warnings = [
        {"position": position, "channel": "sms", "text": warning}
        for position, warning in enumerate(reading.warnings, start=1)
    ]
    return Prefill(
        main=main,
        rows={
            "addressee": recipient_rows(parsed.addressees),
            "reference": references,
            "directive": directives,
            "warningmessage": warnings,
            "distributionline": recipient_rows(parsed.distribution),
        },
        notes=notes + reference_notes,
        indicators=indicator_proposals(reading),
        uncertain=list(reading.uncertain),
    )
