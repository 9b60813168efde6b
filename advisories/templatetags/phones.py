"""Phone numbers in free text become `tel:` links, so a reader on a phone calls with one tap.

Only what is a Vietnamese phone number is linked: the emergency numbers 111–115, 1800/1900
numbers, and numbers starting 0 or +84 with 9 to 12 digits; a year ("năm 2025") or a document
number ("30/2020") is left as text.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_PHONE = re.compile(
    r"(?<![\w/.])"
    r"(?:11[1-5]|1[89]00(?:[ .]?\d{2,4}){1,2}|(?:\+84[ .]?|0)\d{1,3}(?:[ .]?\d{2,4}){2,3})"
    r"(?![\w/])"
)


@register.filter(is_safe=True)
def call_links(text):
    """'Đường dây nóng Công an: 113' → '… <a href="tel:113">113</a>', the rest escaped."""
    escaped = str(conditional_escape(text))

    def link(match):
        number = match.group(0)
        return format_html('<a href="tel:{}">{}</a>', re.sub(r"[ .]", "", number), number)

    return mark_safe(_PHONE.sub(link, escaped))  # noqa: S308 - built from escaped text
