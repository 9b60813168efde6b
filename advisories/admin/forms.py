"""Forms of the admin: the directive formset check; the withdraw, correct, forward steps."""

from django import forms
from django.utils import timezone

from ..models import Dispatch
from ..services.forwarding import FORWARD_KINDS
from ..services.publishing import CORRECTABLE_FIELDS


class DirectiveFormSet(forms.BaseInlineFormSet):
    """Every directive names at least one unit: a task given to no one is done by no one."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.cleaned_data and not form.cleaned_data.get("assignees"):
                form.add_error(
                    "assignees",
                    "Nhiệm vụ này chưa giao cho đơn vị nào: hãy chọn ít nhất một đơn vị được giao.",
                )


class WithdrawForm(forms.Form):
    on = forms.DateField(
        label="Ngày thu hồi",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label="Lý do thu hồi",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Người dân sẽ đọc lý do này trên trang văn bản.",
    )


class CorrectionForm(forms.ModelForm):
    """The printed parts, prefilled; only the fields changed here are corrected."""

    reason = forms.CharField(
        label="Lý do đính chính",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ghi rõ sai ở đâu; trang công khai hiển thị ngày và nội dung đính chính.",
    )

    class Meta:
        model = Dispatch
        fields = CORRECTABLE_FIELDS

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "reason"}


class ForwardForm(forms.Form):
    kind = forms.ChoiceField(
        label="Hình thức",
        choices=FORWARD_KINDS,
        initial=FORWARD_KINDS[0][0],
        widget=forms.RadioSelect,
        help_text="Văn bản mới sẽ dẫn chiếu văn bản này theo hình thức đã chọn.",
    )
    again = forms.BooleanField(
        label="Vẫn tạo thêm một bản chuyển tiếp mới",
        required=False,
        help_text="Đơn vị đã có văn bản chuyển tiếp văn bản này (xem ở trên).",
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(existing)
        if not self.existing:
            del self.fields["again"]

    def clean(self):
        cleaned = super().clean()
        if self.existing and not cleaned.get("again"):
            self.add_error(
                "again",
                "Đơn vị đã có văn bản chuyển tiếp văn bản này: mở văn bản đó, hoặc đánh dấu ô "
                "này nếu thật sự cần thêm một bản mới.",
            )
        return cleaned
