"""Public forms: the search filters, read from GET parameters so every search URL is shareable."""

from django import forms

from .models import Dispatch, Organisation, ScamPattern


class SearchForm(forms.Form):
    """q plus the filters; empty fields mean "no filter". Wrong values get a Vietnamese error."""

    q = forms.CharField(label="Từ cần tìm", required=False, max_length=200, strip=True)
    coquan = forms.ModelChoiceField(
        label="Cơ quan (kể cả đơn vị trực thuộc)",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có cơ quan này."},
    )
    tinh = forms.CharField(label="Tỉnh, thành phố", required=False, max_length=80)
    thudoan = forms.ModelChoiceField(
        label="Thủ đoạn lừa đảo",
        queryset=ScamPattern.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có thủ đoạn này."},
    )
    nam = forms.IntegerField(
        label="Năm",
        required=False,
        min_value=1945,
        max_value=2100,
        error_messages={"invalid": "Năm phải là một số, ví dụ 2025."},
    )
    loai = forms.ChoiceField(
        label="Loại văn bản",
        choices=[("", "Tất cả"), *Dispatch.DocType.choices],
        required=False,
        error_messages={"invalid_choice": "Không có loại văn bản này."},
    )
    trangthai = forms.ChoiceField(
        label="Trạng thái",
        choices=[
            ("", "Tất cả"),
            (Dispatch.Status.PUBLISHED, Dispatch.Status.PUBLISHED.label),
            (Dispatch.Status.WITHDRAWN, Dispatch.Status.WITHDRAWN.label),
        ],
        required=False,
        error_messages={"invalid_choice": "Chỉ lọc được văn bản đã ban hành hoặc đã thu hồi."},
    )
