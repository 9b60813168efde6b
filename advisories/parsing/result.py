"""What the parser returns: `ParsedDispatch`, its `DateParts` and its cited `Reference`s."""

import datetime
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class DateParts:
    """The printed day, month and year; each None when left blank."""

    day: int | None = None
    month: int | None = None
    year: int | None = None

    def to_date(self) -> datetime.date | None:
        """The date when day, month and year are all present and valid, else None."""
        if self.day is None or self.month is None or self.year is None:
            return None
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class Reference:
    """A document cited in the body: "Công văn số 2152/SYT-CNTTTT ngày 07/10/2025 …"."""

    doc_type: str
    number: str | None
    symbol: str
    date: datetime.date | None = None
    kind: str | None = None
    issuer: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready form: the date as ISO text."""
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "date": self.date.isoformat() if self.date else None,
            "kind": self.kind,
            "issuer": self.issuer,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Reference":
        """Back from `to_dict()`."""
        date = data.get("date")
        return cls(**(data | {"date": datetime.date.fromisoformat(date) if date else None}))


@dataclass
class ParsedDispatch:
    """The parts of one administrative document, as printed (see the module docstring)."""

    parent_issuer: str | None = None
    issuer: str | None = None
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date_parts: DateParts = field(default_factory=DateParts)
    subject: str | None = None
    addressees: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    signing_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None

    @property
    def date(self) -> datetime.date | None:
        """The date of issue when it is complete, else None."""
        return self.date_parts.to_date()

    def to_dict(self) -> dict:
        """JSON-ready form: ISO date (or None), `date_parts` as a dict, references as dicts."""
        return {
            "parent_issuer": self.parent_issuer,
            "issuer": self.issuer,
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "date_parts": asdict(self.date_parts),
            "subject": self.subject,
            "addressees": list(self.addressees),
            "references": [reference.to_dict() for reference in self.references],
            "directives": list(self.directives),
            "distribution": list(self.distribution),
            "signing_authority": self.signing_authority,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ParsedDispatch":
        """Back from `to_dict()` (how a reading made in the sandbox comes back)."""
        fields = {key: value for key, value in data.items() if key != "date"}
        fields["date_parts"] = DateParts(**data["date_parts"])
        fields["references"] = [Reference.from_dict(r) for r in data["references"]]
        return cls(**fields)
