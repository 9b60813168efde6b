"""The history page of a dispatch also lists the changes to its parts (django-simple-history
keeps one history table per model): who, when, and which fields.

Values are shown as a reader says them: a choice by its label ("Đã thu hồi", not "withdrawn"),
an empty value as "—", times in TIME_ZONE as dd/mm/yyyy HH:MM, yes/no in words.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import (
    Addressee,
    Attachment,
    Directive,
    DistributionLine,
    Reference,
    WarningMessage,
)

PART_HISTORY_LIMIT = 100
_PARTS = [
    (Addressee, "dispatch_id"),
    (DistributionLine, "dispatch_id"),
    (Directive, "dispatch_id"),
    (WarningMessage, "dispatch_id"),
    (Reference, "citing_id"),
    (Attachment, "dispatch_id"),
]


EMPTY = "—"
DATETIME_FORMAT = "d/m/Y H:i"
DATE_FORMAT = "d/m/Y"


def display_value(field, value):
    """`value` of the model field `field` in words, as the history page shows it."""
    if value is None:
        return EMPTY
    if field is not None and field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return date_format(value, DATE_FORMAT)
    if value == "":
        return EMPTY
    return value


class HistoryValues(HistoricalRecordContextHelper):
    """The "Changes" column of a history page with values in words (see display_value)."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            values = super().prepare_delta_change_value(change, value)
            return [str(item) for item in values] if values else EMPTY
        return display_value(field, value)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a property or an admin method, not a field
        return None


def part_history(dispatch_id):
    """The newest changes to the parts of a dispatch, each with its list of changed fields."""
    records = []
    for model, key in _PARTS:
        history = model.history.filter(**{key: dispatch_id}).select_related("history_user")
        records += history.order_by("-history_date")[:PART_HISTORY_LIMIT]
    records.sort(key=lambda r: r.history_date, reverse=True)
    rows = []
    for record in records[:PART_HISTORY_LIMIT]:
        changed = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            changed = [
                str(model_field.verbose_name)
                for change in delta.changes
                if (model_field := record.instance_type._meta.get_field(change.field))
            ]
        rows.append(
            {
                "part": record.instance_type._meta.verbose_name,
                "text": str(record.instance),
                "date": record.history_date,
                "user": record.history_user,
                "type": record.get_history_type_display(),
                "fields": changed,
            }
        )
    return rows


class HistoryInWordsMixin:
    """For a SimpleHistoryAdmin: column headers by the fields' names, values in words."""

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryValues(self.model, historical_record)

    def render_history_view(self, request, template, context, **kwargs):
        if "page_obj" in context:  # the list of versions (the same method shows one version)
            self._add_values_in_words(context)
        return super().render_history_view(request, template, context, **kwargs)

    def _add_values_in_words(self, context):
        columns = list(context.get("history_list_display") or [])
        fields = [_model_field(self.model, name) for name in columns]
        context["history_columns"] = [
            capfirst(field.verbose_name) if field is not None else name
            for name, field in zip(columns, fields, strict=True)
        ]
        for record in context["page_obj"].object_list:
            record.history_values = [
                display_value(field, getattr(record, name, None))
                for name, field in zip(columns, fields, strict=True)
            ]


class PartHistoryMixin(HistoryInWordsMixin):
    object_history_template = "admin/advisories/dispatch/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        # A callable: evaluated by the template, after the permission checks of history_view.
        rows = {"part_history": lambda: part_history(int(object_id))}
        extra_context = {**(extra_context or {}), **rows}
        return super().history_view(request, object_id, extra_context)
