"""Addressee lines (Kính gửi) and distribution lines (Nơi nhận), kept in printed order.

A line names one organisation, or is a group label ("Các Trạm Y tế") that may list the
organisations it covers, so that later work can reach every unit a group stands for.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class RecipientLine(models.Model):
    position = models.PositiveSmallIntegerField("thứ tự")
    text = models.CharField(
        "dòng như in", max_length=500, blank=True, help_text="Để trống để dùng tên đơn vị."
    )
    organisation = models.ForeignKey(
        "advisories.Organisation",
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        "advisories.Organisation",
        verbose_name="các đơn vị thuộc nhóm",
        related_name="+",
        blank=True,
        help_text="Với dòng là một nhóm (ví dụ Các Trạm Y tế): những đơn vị nhóm đó gồm.",
    )

    class Meta:
        abstract = True
        ordering = ["dispatch_id", "position"]

    def __str__(self):
        return self.display_text

    @property
    def display_text(self):
        return self.text or (self.organisation.name if self.organisation_id else "")


class Addressee(RecipientLine):
    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="addressees",
    )

    history = HistoricalRecords(m2m_fields=["members"])

    class Meta(RecipientLine.Meta):
        verbose_name = "nơi gửi (kính gửi)"
        verbose_name_plural = "kính gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "position"], name="addressee_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(text=""),
                name="addressee_names_someone",
            ),
        ]


class DistributionLine(RecipientLine):
    dispatch = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản",
        on_delete=models.CASCADE,
        related_name="distribution",
    )

    history = HistoricalRecords(m2m_fields=["members"])

    class Meta(RecipientLine.Meta):
        verbose_name = "nơi nhận"
        verbose_name_plural = "nơi nhận"
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "position"], name="distribution_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(text=""),
                name="distribution_names_someone",
            ),
        ]
