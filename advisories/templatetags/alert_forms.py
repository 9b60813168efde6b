"""`{% alert_form kind target label %}`: the small subscription form a public page shows.

It makes no query and carries no per-visitor value (no CSRF token: see
advisories.views.alerts), so the pages that show it stay cached whole.

    {% load alert_forms %}
    {% alert_form "pattern" pattern.slug pattern.name %}
"""

from django import template

from ..views.alerts import form_context

register = template.Library()


@register.inclusion_tag("advisories/alerts/_subscribe_form.html")
def alert_form(kind="all", target="", label=""):
    return form_context(kind=kind, target=target, label=label)
