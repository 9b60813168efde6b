"""Staff accounts: each belongs to one organisation and acts only for it (and, for a leader given
that scope, for the units under it)."""

from django.conf import settings
from django.db import models


class StaffMembership(models.Model):
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
    includes_child_units = models.BooleanField(
        "phạm vi gồm các đơn vị trực thuộc",
        default=False,
        help_text="Cho lãnh đạo: được xem và xử lý cả văn bản của các đơn vị cấp dưới.",
    )

    class Meta:
        verbose_name = "đơn vị công tác"
        verbose_name_plural = "đơn vị công tác"
        ordering = ["organisation", "user"]

    def __str__(self):
        return f"{self.user} — {self.organisation}"
