"""The public report form (no account) and the reference-code form."""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import ScamReport
from .images import clean_screenshot

# The 34 provinces and cities after the 2025 reorganisation; staff's own province names
# (Organisation.province) are added when the form is built.
PROVINCES = [
    "An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Điện Biên",
    "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Nội", "Hà Tĩnh", "Hải Phòng", "Hồ Chí Minh", "Huế",
    "Hưng Yên", "Khánh Hòa", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Nghệ An",
    "Ninh Bình", "Phú Thọ", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sơn La", "Tây Ninh",
    "Thái Nguyên", "Thanh Hóa", "Tuyên Quang", "Vĩnh Long",
]  # fmt: skip


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImagesField(forms.FileField):
    """Several files in one field (Django's documented pattern for `multiple`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.REPORT_SCREENSHOTS_MAX:
            raise ValidationError(_("Tối đa %(n)s ảnh.") % {"n": settings.REPORT_SCREENSHOTS_MAX})
        return [clean_screenshot(super(MultipleImagesField, self).clean(f, initial)) for f in files]


class ReportForm(forms.Form):
    what_happened = forms.CharField(
        label=_("Chuyện gì đã xảy ra?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kẻ gian xưng là ai, yêu cầu gì, bạn đã làm gì. Không ghi mật khẩu, mã OTP."),
    )
    channel = forms.ChoiceField(
        label=_("Kẻ gian liên lạc qua"),
        choices=ScamReport.Channel.choices,
        widget=forms.RadioSelect,
    )
    used = forms.CharField(
        label=_("Số điện thoại, đường link hoặc số tài khoản kẻ gian dùng"),
        max_length=255,
        required=False,
    )
    amount_lost = forms.IntegerField(
        label=_("Số tiền đã mất (đồng)"),
        min_value=0,
        max_value=10**13,
        required=False,
        help_text=_("Để trống nếu chưa mất tiền."),
    )
    province = forms.ChoiceField(label=_("Tỉnh, thành phố nơi bạn ở"))
    contact = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử để cán bộ liên hệ (không bắt buộc)"),
        max_length=255,
        required=False,
    )
    screenshots = MultipleImagesField(
        label=_("Ảnh chụp màn hình (không bắt buộc)"),
        required=False,
        help_text=_(
            "Tối đa 3 ảnh, mỗi ảnh 5 MB. Vị trí và thông tin máy chụp trong ảnh sẽ bị xóa."
        ),
    )
    consent = forms.BooleanField(label=_("Tôi đồng ý với nội dung trên"), required=True)
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)
    # A random key per form shown: the same form sent twice stores one report (see
    # services.reports.submit_report). A missing or malformed key only loses that protection.
    submission = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission"] = secrets.token_urlsafe(24)
        names = sorted(set(PROVINCES) | {p for p in provinces if p})
        self.fields["province"].choices = [("", _("— Chọn tỉnh, thành phố —"))] + [
            (name, name) for name in names
        ]
        self.fields["consent"].error_messages["required"] = _(
            "Cần bạn đồng ý thì cổng mới nhận được phản ánh."
        )

    def clean_submission(self):
        key = self.cleaned_data["submission"]
        return key if _SUBMISSION_KEY.fullmatch(key) else ""


_SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class ReferenceCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        help_text=_("Mã nhận được khi gửi phản ánh, ví dụ ABCD-EFGH-JKMN-PQRS."),
    )
