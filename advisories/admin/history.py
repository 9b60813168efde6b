"""The history page of a dispatch also lists the changes to its parts (django-simple-history
keeps one history table per model): who, when, and which fields."""

from django.http import Http404

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


class PartHistoryMixin:
    object_history_template = "admin/advisories/dispatch/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        # A callable: evaluated by the template, after the permission checks of history_view.
        rows = {"part_history": lambda: part_history(int(object_id))}
        extra_context = {**(extra_context or {}), **rows}
        return super().history_view(request, object_id, extra_context)
