"""`{% lang_attr text %}`: ` lang="vi"` where a text is not in the page's language.

Staff-written English may be missing; the Vietnamese original is shown instead
(models.translation), and a screen reader must then switch voice (WCAG 3.1.2)."""

from django import template
from django.utils.html import format_html

from ..models.translation import active_language

register = template.Library()


@register.simple_tag
def lang_attr(text):
    """The attribute to put on the element that holds `text` (a LocalizedText): nothing when
    it is in the page's language or says no language."""
    lang = getattr(text, "lang", None)
    if not lang or lang == active_language():
        return ""
    return format_html(' lang="{}"', lang)
