"""Forms of the confirm page and the inbox: who confirms, and a directive's progress."""

from django import forms
from django.utils import timezone

from ..models import DirectiveReport


class ConfirmReceiptForm(forms.Form):
    name = forms.CharField(label="Họ và tên người xác nhận", max_length=120)
    position = forms.CharField(
        label="Chức vụ", max_length=120, help_text="Ví dụ: Văn thư, Trưởng trạm."
    )
    note = forms.CharField(
        label="Ghi chú (không bắt buộc)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["position"].widget.attrs["autocomplete"] = "organization-title"


class DirectiveReportForm(forms.Form):
    directive = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Tình hình thực hiện",
        choices=DirectiveReport.Status.choices,
        widget=forms.RadioSelect,
    )
    reported_on = forms.DateField(
        label="Ngày",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    by_name = forms.CharField(label="Người báo cáo", max_length=120)
    note = forms.CharField(
        label="Ghi chú (kết quả, khó khăn)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, prefix_for=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if prefix_for is not None:
            # Distinct ids per directive on one page (labels must point at their own field).
            self.auto_id = f"id_d{prefix_for}_%s"
