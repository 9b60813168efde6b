""" "Nhập từ văn bản": a pasted text or an uploaded PDF fills the dispatch add form for review.

The import page parses the document and keeps the prefilled data in the session under a random
key; the standard add form (`add/?import=<key>`) then shows it. Nothing is saved until the clerk
presses Save on that form, so the admin's own validation and permissions apply unchanged.

The document is read by advisories.documents: a PDF past IMPORT_MAX_BYTES or PDF_MAX_PAGES is
refused before it is parsed, and the parsing (of a PDF or a pasted text) runs in a child
process cut off at PARSE_TIMEOUT_SECONDS, so a crafted file holds no worker thread.
"""

import datetime
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..documents import read_dispatch_file, read_dispatch_text
from ..parsing import UnreadableDocument
from ..parsing.limits import size_text, too_large_message
from ..parsing.pdf import looks_like_pdf
from ..prefill import Prefill, prefill_from
from ..services import mark_indicators
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
        label="Dán nội dung văn bản",
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90, "spellcheck": "false"}),
        help_text="Toàn bộ văn bản, từ tên cơ quan ban hành đến họ tên người ký.",
    )
    pdf = forms.FileField(
        label="hoặc tải lên tệp PDF",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].help_text = (
            f"Tệp PDF xuất từ Word hoặc có lớp chữ, tối đa {size_text(settings.IMPORT_MAX_BYTES)}"
            f" và {settings.PDF_MAX_PAGES} trang. Bản scan không đọc được."
        )

    def clean_pdf(self):
        """The PDF's bytes, refused by size and header before anything parses them."""
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size, settings.IMPORT_MAX_BYTES))
        data = upload.read()
        if not looks_like_pdf(data):
            raise forms.ValidationError(
                "Tệp tải lên không phải PDF. Hãy chọn tệp .pdf, hoặc mở văn bản và dán nội dung."
            )
        return data

    def clean(self):
        cleaned = super().clean()
        text, pdf = cleaned.get("text"), cleaned.get("pdf")
        if self.errors:
            return cleaned
        if text and pdf:
            raise forms.ValidationError("Chỉ chọn một cách: dán nội dung hoặc tải tệp PDF.")
        if not text and not pdf:
            raise forms.ValidationError("Hãy dán nội dung văn bản hoặc chọn một tệp PDF.")
        try:
            cleaned["reading"] = read_dispatch_file(pdf) if pdf else read_dispatch_text(text)
        except UnreadableDocument as exc:
            self.add_error("pdf" if pdf else "text", str(exc))
        return cleaned


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
        return [path("import/", view, name=name), *super().get_urls()]

    def import_view(self, request):
        """The import form; on success, a redirect to the prefilled add form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DispatchImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            prefill = prefill_from(form.cleaned_data["reading"])
            key = store_prefill(request, prefill)
            messages.info(
                request,
                "Đã đọc văn bản và điền sẵn vào biểu mẫu. Hãy kiểm tra từng phần rồi bấm Lưu; "
                "chưa có gì được lưu.",
            )
            for note in prefill.notes:
                messages.warning(request, note)
            add_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add")
            return HttpResponseRedirect(f"{add_url}?{QUERY_PARAM}={key}")
        context = {
            **self.admin_site.each_context(request),
            "title": "Nhập văn bản từ nội dung hoặc tệp PDF",
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
                "Không tìm thấy dữ liệu đã nhập (đã hết hạn hoặc đã lưu). Hãy nhập lại văn bản.",
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
                "Dấu hiệu lừa đảo tìm thấy trong văn bản",
                {
                    "fields": [PROPOSED_FIELD],
                    "description": "Người dân dán số, đường link vào ô “Kiểm tra” sẽ thấy "
                    "văn bản nêu dấu hiệu đó khi văn bản được ban hành.",
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
