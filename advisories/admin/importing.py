""" "Nhập từ văn bản": a pasted text or an uploaded PDF fills the dispatch add form for review.

The import page parses the document and keeps the prefilled data in the session under a random
key; the standard add form (`add/?import=<key>`) then shows it. Nothing is saved until the clerk
presses Save on that form, so the admin's own validation and permissions apply unchanged.

The document is read by advisories.documents: a PDF past IMPORT_MAX_BYTES or PDF_MAX_PAGES is
refused before it is parsed, and the parsing (of a PDF or a pasted text) runs in a child
process cut off at PARSE_TIMEOUT_SECONDS, so a crafted file holds no worker thread.

A scan (an image-only PDF, a PDF whose text layer is garbled, a JPEG/PNG/HEIC photo) is read by OCR
in the task worker (advisories.scans.tasks): the clerk sees a page that follows its progress,
then the prefilled form, where each field to check is highlighted beside the crop of the
region it was read from.
"""

import base64
import datetime
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..documents import ocr_limits, read_dispatch_file, read_dispatch_text
from ..models import ScanImport
from ..parsing import UnreadableDocument, ocr
from ..parsing.errors import NoTextLayer
from ..parsing.limits import size_text, too_large_message
from ..parsing.pdf import looks_like_pdf
from ..parsing.reading import DocumentReading
from ..prefill import FIELD_LABELS, FORM_FIELDS, Prefill, prefill_from
from ..scans.waiting import waits_for_stopped_worker
from ..services import mark_indicators
from ..services.scans import start_scan_import
from .indicators import confirmed_entries, proposed_indicators_field

MAX_TEXT_CHARS = 200_000
# Session slot of the prepared imports; only the last few are kept.
SESSION_KEY = "dispatch_imports"
KEPT_IMPORTS = 5
QUERY_PARAM = "import"
# The add form's checklist of the signs the imported text names.
PROPOSED_FIELD = "proposed_indicators"


class DispatchImportForm(forms.Form):
    """Either the pasted text of a document or its PDF (with a text layer)."""

    text = forms.CharField(
        label=gettext_lazy("Dán nội dung văn bản"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90, "spellcheck": "false"}),
        help_text=gettext_lazy("Toàn bộ văn bản, từ tên cơ quan ban hành đến họ tên người ký."),
    )
    pdf = forms.FileField(
        label=gettext_lazy("hoặc tải lên tệp PDF, bản scan hoặc ảnh chụp"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,application/pdf,.jpg,.jpeg,.png,.heic,.heif,"
                "image/jpeg,image/png,image/heic,image/heif"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = _(
            "Tệp PDF (xuất từ Word, hoặc bản scan), ảnh JPEG/PNG/HEIC; tối đa %(size)s và "
            "%(pages)s trang (bản scan: %(scan_pages)s trang, đọc bằng nhận dạng ký tự)."
        ) % {
            "size": size_text(settings.IMPORT_MAX_BYTES),
            "pages": settings.PDF_MAX_PAGES,
            "scan_pages": settings.OCR_MAX_PAGES,
        }

    def clean_pdf(self):
        """The PDF's bytes, refused by size and header before anything parses them."""
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size, settings.IMPORT_MAX_BYTES))
        data = upload.read()
        if not looks_like_pdf(data) and not ocr.looks_like_image(data):
            raise forms.ValidationError(
                _(
                    "Tệp tải lên không phải PDF hay ảnh JPEG/PNG/HEIC. Hãy chọn tệp .pdf, ảnh "
                    "chụp văn bản, hoặc mở văn bản và dán nội dung."
                )
            )
        return data

    def clean(self):
        cleaned = super().clean()
        text, pdf = cleaned.get("text"), cleaned.get("pdf")
        if self.errors:
            return cleaned
        if text and pdf:
            raise forms.ValidationError(_("Chỉ chọn một cách: dán nội dung hoặc tải tệp PDF."))
        if not text and not pdf:
            raise forms.ValidationError(_("Hãy dán nội dung văn bản hoặc chọn một tệp PDF."))
        try:
            if pdf:
                cleaned["reading"] = read_dispatch_file(pdf, ocr=False)
            else:
                cleaned["reading"] = read_dispatch_text(text)
        except NoTextLayer as exc:
            self._check_scan(pdf, exc.pages)
            cleaned["scan_pages"] = exc.pages
        except UnreadableDocument as exc:
            self.add_error("pdf" if pdf else "text", _(str(exc)))
        return cleaned

    def _check_scan(self, data: bytes, pages: int) -> None:
        """A scan is read in the background: refused now when it is past OCR_MAX_PAGES or
        when OCR is not installed on this server."""
        try:
            ocr_limits(pages)
        except UnreadableDocument as exc:
            self.add_error("pdf", _(str(exc)))
            return
        if not ocr.available(pdf=looks_like_pdf(data)):
            self.add_error("pdf", _(ocr.NOT_INSTALLED))


def _stored_imports(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def store_prefill(request, prefill: Prefill) -> str:
    """Keep `prefill` in the session; return the key the add form is opened with."""
    key = secrets.token_urlsafe(12)
    stored = dict(_stored_imports(request))
    stored[key] = prefill.as_dict()
    request.session[SESSION_KEY] = dict(list(stored.items())[-KEPT_IMPORTS:])
    return key


def stored_prefill(request) -> Prefill | None:
    """The prefill named by `?import=` on this request, None when absent, unknown or expired."""
    key = request.GET.get(QUERY_PARAM)
    data = _stored_imports(request).get(key) if key else None
    try:
        return Prefill.from_dict(data) if data else None
    except (KeyError, TypeError, ValueError):
        return None


def _as_form_value(name: str, value):
    """Session values (ISO dates) back into what a form field shows."""
    if name.endswith("date") and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


class DispatchImportMixin:
    """Adds the import page to a dispatch ModelAdmin and fills its add form from an import."""

    import_template = "admin/advisories/dispatch/import.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        scan = self.admin_site.admin_view(self.scan_view)
        crop = self.admin_site.admin_view(self.crop_view)
        return [
            path("import/", view, name=name),
            path("import/scan/<str:key>/", scan, name=f"{name}_scan"),
            path("import/scan/<str:key>/<str:field>.png", crop, name=f"{name}_crop"),
            *super().get_urls(),
        ]

    def _url(self, suffix: str, *args) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{suffix}", args=args)

    def _own_scan(self, request, key: str) -> ScanImport:
        """The clerk's own scan import: anybody else's (or none) is a 404."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        scan = ScanImport.objects.filter(key=key, created_by=request.user).first()
        if scan is None:
            raise Http404(_("Không tìm thấy bản scan đang nhập."))
        return scan

    def _open_prefilled_form(self, request, prefill: Prefill):
        key = store_prefill(request, prefill)
        messages.info(
            request,
            _(
                "Đã đọc văn bản và điền sẵn vào biểu mẫu. Hãy kiểm tra từng phần rồi bấm Lưu; "
                "chưa có gì được lưu."
            ),
        )
        for note in prefill.notes:
            messages.warning(request, note)
        return HttpResponseRedirect(f"{self._url('add')}?{QUERY_PARAM}={key}")

    def scan_view(self, request, key: str):
        """A scan being read: its progress (the page reloads itself), then the prefilled form,
        or the reason it could not be read."""
        scan = self._own_scan(request, key)
        if scan.status == ScanImport.Status.DONE:
            prefill = prefill_from(DocumentReading.from_dict(scan.reading))
            prefill.scan = scan.key
            return self._open_prefilled_form(request, prefill)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Đang đọc bản scan"),
            "opts": self.opts,
            "scan": scan,
            "worker_stopped": waits_for_stopped_worker(scan),
            "import_url": self._url("import"),
        }
        return TemplateResponse(request, "admin/advisories/dispatch/scan_progress.html", context)

    def crop_view(self, request, key: str, field: str):
        """The PNG crop of the region a field to check was read from."""
        crop = self._own_scan(request, key).crops.get(field)
        if not crop:
            raise Http404(_("Không có ảnh cho trường này."))
        response = HttpResponse(base64.b64decode(crop), content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    def import_checks(self, request) -> list[dict]:
        """The fields of a prefilled add form to check: label, form fields, crop URL."""
        prefill = stored_prefill(request) if QUERY_PARAM in request.GET else None
        if prefill is None:
            return []
        return [
            {
                "key": key,
                "label": str(FIELD_LABELS.get(key, key)),
                "fields": FORM_FIELDS.get(key, ()),
                "crop": self._url("import_crop", prefill.scan, key) if prefill.scan else "",
            }
            for key in prefill.uncertain
        ]

    def import_view(self, request):
        """The import form; on success, a redirect to the prefilled add form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DispatchImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            if "scan_pages" in form.cleaned_data:
                scan = start_scan_import(
                    by=request.user,
                    data=form.cleaned_data["pdf"],
                    pages=form.cleaned_data["scan_pages"],
                )
                return HttpResponseRedirect(self._url("import_scan", scan.key))
            return self._open_prefilled_form(request, prefill_from(form.cleaned_data["reading"]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập văn bản từ nội dung hoặc tệp PDF"),
            "opts": self.opts,
            "form": form,
            "max_pdf_size": size_text(settings.IMPORT_MAX_BYTES),
            "max_pdf_pages": settings.PDF_MAX_PAGES,
        }
        return TemplateResponse(request, self.import_template, context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if QUERY_PARAM not in request.GET:
            return initial
        initial.pop(QUERY_PARAM, None)
        prefill = stored_prefill(request)
        if prefill is None:
            messages.warning(
                request,
                _("Không tìm thấy dữ liệu đã nhập (đã hết hạn hoặc đã lưu). Hãy nhập lại văn bản."),
            )
            return initial
        return initial | {k: v for k, v in prefill.main.items() if v not in (None, "")}

    def _import_rows(self, request, obj, model) -> list[dict]:
        """Initial rows for an inline of `model`, only while showing a prefilled add form (whose
        formsets get the unsaved instance, or None)."""
        if (obj is not None and obj.pk is not None) or request.method != "GET":
            return []  # never on POST: initial data would make unchanged rows count as empty
        prefill = stored_prefill(request)
        if prefill is None:
            return []
        rows = prefill.rows.get(model._meta.model_name, [])
        return [
            {name: _as_form_value(name, v) for name, v in row.items() if v not in (None, "")}
            for row in rows
        ]

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            rows = self._import_rows(request, obj, inline.model)
            if rows:
                # The factory made this class for this request: widen it to show every row.
                formset.extra = max(formset.extra, len(rows))
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = self._import_rows(request, obj, inline.model)
        if rows:
            kwargs["initial"] = rows
        return kwargs

    # --- Signs of a scam the text names: proposed unticked, saved only when ticked -----------

    def _import_proposals(self, request, obj) -> list[dict]:
        """The proposed signs while adding from an import (on the form and on its POST)."""
        if obj is not None and obj.pk is not None:
            return []
        prefill = stored_prefill(request)
        return prefill.indicators if prefill else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._import_proposals(request, obj):
            return fieldsets
        return [
            *fieldsets,
            (
                _("Dấu hiệu lừa đảo tìm thấy trong văn bản"),
                {
                    "fields": [PROPOSED_FIELD],
                    "description": _(
                        "Người dân dán số, đường link vào ô “Kiểm tra” sẽ thấy văn bản nêu dấu "
                        "hiệu đó khi văn bản được ban hành."
                    ),
                },
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        proposals = self._import_proposals(request, obj)
        if proposals:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                base.__name__, (base,), {PROPOSED_FIELD: proposed_indicators_field(proposals)}
            )
        return super().get_form(request, obj, change, **kwargs)

    def save_import_indicators(self, request, form):
        """Mark the ticked signs on the dispatch just saved, through the one service (called
        by save_related, inside the add form's transaction)."""
        keys = form.cleaned_data.get(PROPOSED_FIELD) or []
        entries = confirmed_entries(self._import_proposals(request, None), keys)
        if entries:
            mark_indicators(dispatch=form.instance, by=request.user, add=entries)

    def response_add(self, request, obj, post_url_continue=None):
        key = request.GET.get(QUERY_PARAM)
        stored = _stored_imports(request)
        if key and key in stored:
            request.session[SESSION_KEY] = {k: v for k, v in stored.items() if k != key}
        return super().response_add(request, obj, post_url_continue)
