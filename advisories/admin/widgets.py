"""Autocomplete widgets that label the values a row already holds without a query.

Django's AutocompleteSelect looks up the labels of its selected values with one query per
widget: on a draft's page that is a query per addressee, distribution line, directive and
reference row. The inline's rows arrive with those objects loaded (DraftPartInline's
select_related/prefetch_related), so each widget is handed them (`known`) and queries only for a
value it was not given (a re-rendered POST, say)."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple


class _KnownLabelsMixin:
    known: dict | None = None  # str(pk) → the object, set per form by DraftPartInline

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = self.known or {}
        if not all(v in known for v in selected):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in selected:
            label = self.choices.field.label_from_instance(known[pk])
            default[1].append(self.create_option(name, pk, label, True, len(default[1])))
        return [default]


class KnownLabelsAutocompleteSelect(_KnownLabelsMixin, AutocompleteSelect):
    pass


class KnownLabelsAutocompleteSelectMultiple(_KnownLabelsMixin, AutocompleteSelectMultiple):
    pass


def label_known_values(form) -> None:
    """Hand each autocomplete widget of `form` the objects its instance already holds."""
    instance = form.instance
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
        if not isinstance(widget, _KnownLabelsMixin):
            continue
        if instance.pk is None:
            widget.known = {}
        elif widget.allow_multiple_selected:
            widget.known = {str(o.pk): o for o in getattr(instance, name).all()}
        else:
            related = getattr(instance, name, None)
            widget.known = {str(related.pk): related} if related is not None else {}
