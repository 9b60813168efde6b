"""`{% kept_include %}`: a part of every page rendered once per process and language.

The footer and the main navigation print nothing but translated words and fixed addresses
(and, for the navigation, which section the page is in): rendering them again on each of
thousands of requests a second is most of the cost of the page's frame. They are rendered the
first time and kept in this process, per template, language and the values given.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_kept: dict[tuple, str] = {}


@register.simple_tag
def kept_include(template_name, **values):
    """`template_name` rendered with `values` alone (no request, no other context): it must
    print nothing else. Kept while DEBUG is off (a template edited under runserver shows)."""
    key = (template_name, get_language(), *sorted(values.items()))
    html = _kept.get(key)
    if html is None:
        html = render_to_string(template_name, values)
        if not settings.DEBUG:
            _kept[key] = html
    return mark_safe(html)  # noqa: S308 (rendered from our template)
