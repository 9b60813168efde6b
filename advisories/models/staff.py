"""Which organisation a staff account works for (one each)."""

from django.conf import settings
from django.db import models


class StaffMembership(models.Model):
    """Links an account to its organisation: its inbox and what it may follow up."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="staff_membership",
    )
    organisation = models.ForeignKey(
        "advisories.Organisation",
        verbose_name="cơ quan, đơn vị",
        on_delete=models.PROTECT,
        related_name="staff_memberships",
    )

    class Meta:
        verbose_name = "cán bộ của đơn vị"
        verbose_name_plural = "cán bộ của đơn vị"
        ordering = ["organisation__name", "user__username"]

    def __str__(self):
        return f"{self.user} — {self.organisation}"
