"""Corrections (đính chính) of a published dispatch: what changed, from what to what, by whom,
why and when. A published text is never edited in place; each correction is one row."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Correction(models.Model):
    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    changes = models.JSONField(
        "nội dung thay đổi", help_text='{"trường": {"old": giá trị cũ, "new": giá trị mới}}'
    )
    reason = models.TextField("lý do đính chính")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đính chính",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField("thời điểm đính chính", default=timezone.now)

    class Meta:
        verbose_name = "đính chính"
        verbose_name_plural = "đính chính"
        ordering = ["dispatch_id", "corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self):
        return f"Đính chính {self.corrected_at:%d/%m/%Y}: {', '.join(self.changes)}"

    @property
    def changed_fields(self):
        """[(label, old, new)] in the order of the dispatch's fields, for pages and the admin."""
        from .dispatches import Dispatch

        rows = []
        for field in Dispatch._meta.concrete_fields:
            if field.name in self.changes:
                change = self.changes[field.name]
                label = str(field.verbose_name)
                rows.append((label[:1].upper() + label[1:], change["old"], change["new"]))
        return rows
