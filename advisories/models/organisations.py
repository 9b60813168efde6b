"""Organisations: issuing and receiving bodies, a tree (UBND tỉnh → Sở → Trung tâm → Trạm)."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "province_committee", _("UBND tỉnh")
        LOCAL_COMMITTEE = "local_committee", _("UBND xã, phường, đặc khu, thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        CENTRE = "centre", _("Trung tâm, đơn vị sự nghiệp")
        STATION = "station", _("Trạm, cơ sở")
        POLICE = "police", _("Công an")
        OFFICE = "office", _("Phòng, ban, bộ phận")
        OTHER = "other", _("Khác")

    name = models.CharField("tên đầy đủ", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    abbreviation = models.CharField(
        "chữ viết tắt trong ký hiệu",
        max_length=40,
        blank=True,
        help_text="Phần ký hiệu văn bản của đơn vị, ví dụ SYT trong 2152/SYT-CNTTTT.",
    )
    slug = models.SlugField("đường dẫn", max_length=120, unique=True)
    kind = models.CharField("loại", max_length=32, choices=Kind, default=Kind.OTHER)
    province = models.CharField("tỉnh, thành phố", max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField("thư điện tử liên hệ", blank=True)
    hotline = models.CharField("đường dây nóng", max_length=40, blank=True)
    is_active = models.BooleanField(
        "đang hoạt động",
        default=True,
        help_text="Bỏ chọn khi đơn vị đã sáp nhập hoặc giải thể; văn bản cũ giữ nguyên tên in.",
    )

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["province", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="organisation_not_its_own_parent"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="organisation_name_not_blank"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("advisories:organisation", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name
