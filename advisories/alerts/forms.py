"""The subscription form: an address, a frequency, the consent box, and (hidden) what the
alerts are about, as the page that shows the form set it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AlertSubscription, Organisation, ScamPattern
from .consent import CONSENT_VERSION


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Địa chỉ thư điện tử"),
        max_length=254,
        error_messages={
            "required": _("Hãy nhập địa chỉ thư điện tử."),
            "invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."),
            "max_length": _("Địa chỉ thư điện tử quá dài."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Nhận thư"),
        choices=AlertSubscription.Frequency.choices,
        initial=AlertSubscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn nhận ngay hay tóm tắt hằng ngày."),
            "invalid_choice": _("Hãy chọn nhận ngay hay tóm tắt hằng ngày."),
        },
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Hãy đánh dấu đồng ý để chúng tôi được gửi thư cho bạn.")},
    )
    consent_version = forms.CharField(widget=forms.HiddenInput, max_length=16)
    target_kind = forms.ChoiceField(
        choices=AlertSubscription.Target.choices,
        widget=forms.HiddenInput,
        initial=AlertSubscription.Target.ALL,
        error_messages={"invalid_choice": _("Không rõ bạn muốn nhận cảnh báo về điều gì.")},
    )
    target = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)

    def clean_consent_version(self):
        version = self.cleaned_data["consent_version"]
        if version != CONSENT_VERSION:
            raise forms.ValidationError(
                _("Nội dung đồng ý vừa được cập nhật. Xin đọc lại và gửi lại."),
                code="stale_consent",
            )
        return version

    def clean(self):
        """Turn the hidden target into the object it names (a slug, or a province)."""
        data = super().clean()
        kind, value = data.get("target_kind"), (data.get("target") or "").strip()
        Target = AlertSubscription.Target
        data["pattern"] = data["organisation"] = None
        data["province"] = ""
        if kind == Target.PATTERN:
            data["pattern"] = ScamPattern.objects.filter(slug=value).first()
            if data["pattern"] is None:
                self.add_error(None, _("Không có thủ đoạn này."))
        elif kind == Target.ORGANISATION:
            data["organisation"] = Organisation.objects.filter(slug=value).first()
            if data["organisation"] is None:
                self.add_error(None, _("Không có cơ quan này."))
        elif kind == Target.PROVINCE:
            if not value or not Organisation.objects.filter(province=value).exists():
                self.add_error(None, _("Không có cơ quan nào ở tỉnh, thành phố này."))
            data["province"] = value
        return data
