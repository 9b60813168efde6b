"""References between documents ("Thực hiện", "Căn cứ", "sao gửi", "đính kèm").

A reference to a dispatch in the portal links the two, and these links form the chain a warning
travels down. A reference to a document outside the portal is kept as text.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Reference(models.Model):
    class Kind(models.TextChoices):
        THUC_HIEN = "thuc_hien", _("Thực hiện")
        CAN_CU = "can_cu", _("Căn cứ")
        SAO_GUI = "sao_gui", _("Sao gửi")
        DINH_KEM = "dinh_kem", _("Đính kèm")

    citing = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản dẫn chiếu",
        on_delete=models.CASCADE,
        related_name="references",
    )
    kind = models.CharField("hình thức", max_length=12, choices=Kind, default=Kind.THUC_HIEN)
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    target = models.ForeignKey(
        "advisories.Dispatch",
        verbose_name="văn bản được dẫn (trên cổng)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_by",
    )
    is_attached = models.BooleanField("có đính kèm", default=False)
    # A document that is not in the portal is kept as printed.
    external_doc_type = models.CharField("loại văn bản (ngoài cổng)", max_length=60, blank=True)
    external_number_symbol = models.CharField("số/ký hiệu (ngoài cổng)", max_length=80, blank=True)
    external_date = models.DateField("ngày (ngoài cổng)", null=True, blank=True)
    external_issuer = models.CharField("cơ quan ban hành (ngoài cổng)", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "văn bản dẫn chiếu"
        verbose_name_plural = "văn bản dẫn chiếu"
        ordering = ["citing_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(external_number_symbol=""),
                name="reference_names_a_document",
            ),
            models.CheckConstraint(
                condition=~Q(target=F("citing")), name="reference_not_to_itself"
            ),
            models.UniqueConstraint(
                fields=["citing", "target"],
                condition=Q(target__isnull=False),
                name="reference_once_per_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number_symbol}"

    @property
    def number_symbol(self):
        return self.target.number_symbol if self.target_id else self.external_number_symbol
