"""Attachments of public dispatches, sent as PDF downloads (never served inline from MEDIA)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..models import Attachment, Dispatch


def attachment_download(request, pk):
    """The PDF of a public dispatch, as a download with its type stated and sniffing off."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("dispatch"),
        pk=pk,
        dispatch__in=Dispatch.objects.public(),
    )
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Tệp đính kèm không còn trên máy chủ.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
