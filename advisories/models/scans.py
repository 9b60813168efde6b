"""A scanned dispatch being read by OCR in the background ("Nhập từ văn bản" with a scan)."""

from django.conf import settings
from django.db import models


class ScanImport(models.Model):
    """One uploaded scan (image-only PDF, JPEG/PNG/HEIC) the task worker reads page by page; the
    clerk who uploaded it follows its progress by its random `key`, then gets the prefilled
    form with the crops of the fields to check. Only that clerk sees it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "đang chờ"
        RUNNING = "running", "đang đọc"
        DONE = "done", "đã đọc xong"
        FAILED = "failed", "không đọc được"

    key = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.BinaryField()
    pages = models.PositiveIntegerField(default=1)
    pages_done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    # `DocumentReading.to_dict()` without its OCR words, once read.
    reading = models.JSONField(null=True, blank=True)
    # Field key → the PNG crop (base64) of the region its value was read from.
    crops = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "bản scan đang nhập"
        verbose_name_plural = "bản scan đang nhập"

    def __str__(self):
        return f"Bản scan {self.key} ({self.get_status_display()})"
