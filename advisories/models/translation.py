"""Staff-written English beside the Vietnamese original, one field beside the other.

A translated field `summary` has a sibling `summary_en`, blank until staff write it. The public
pages ask `localized(obj, "summary")` (or `obj.local.summary` in a template) for the text of the
page's language, which falls back to the Vietnamese original. The text returned knows its own
language (`.lang`), so a template can mark a Vietnamese fallback `lang="vi"` inside an English
page (WCAG 3.1.2: screen readers then read it with a Vietnamese voice).
"""

from django.utils.translation import get_language

ORIGINAL = "vi"


def text_lines(text: str) -> list[str]:
    """The items of a one-per-line field, bullets and blank lines dropped."""
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class LocalizedText(str):
    """A text and the language it is written in."""

    lang: str

    def __new__(cls, text: str, lang: str):
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    @property
    def lines(self) -> list[str]:
        return text_lines(self)


def active_language() -> str:
    """The request's language as a bare code ('en', 'vi')."""
    return (get_language() or ORIGINAL).split("-")[0]


def localized(instance, field: str, language: str | None = None) -> LocalizedText:
    """`field` of `instance` in `language` (the active one by default): its `<field>_<language>`
    sibling when staff filled it in, else the Vietnamese original."""
    language = language or active_language()
    if language != ORIGINAL:
        text = getattr(instance, f"{field}_{language}", "") or ""
        if text.strip():
            return LocalizedText(text, language)
    return LocalizedText(getattr(instance, field), ORIGINAL)


class LocalizedFields:
    """Attribute access for templates: `pattern.local.summary` is localized(pattern, "summary");
    only the model's translated fields are offered."""

    def __init__(self, instance, fields: tuple[str, ...]):
        self._instance = instance
        self._fields = fields

    def __getattr__(self, name):
        if name.startswith("_") or name not in self._fields:
            raise AttributeError(name)
        return localized(self._instance, name)
