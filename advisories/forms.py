"""Public forms: the search filters, read from GET parameters so every search URL is shareable."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Dispatch, Organisation, ScamPattern


class SearchForm(forms.Form):
    """q plus the filters; empty fields mean "no filter". Wrong values get a clear error (in the
    page's language)."""

    q = forms.CharField(label=_("Từ cần tìm"), required=False, max_length=200, strip=True)
    # Set by the "Tìm chính xác" link: show what the words as typed find, never a suggestion's.
    chinhxac = forms.BooleanField(label=_("Tìm chính xác từ đã gõ"), required=False)
    coquan = forms.ModelChoiceField(
        label=_("Cơ quan (kể cả đơn vị trực thuộc)"),
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Không có cơ quan này.")},
    )
    tinh = forms.CharField(label=_("Tỉnh, thành phố"), required=False, max_length=80)
    thudoan = forms.ModelChoiceField(
        label=_("Thủ đoạn lừa đảo"),
        queryset=ScamPattern.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Không có thủ đoạn này.")},
    )
    nam = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=1945,
        max_value=2100,
        error_messages={"invalid": _("Năm phải là một số, ví dụ 2025.")},
    )
    loai = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[("", _("Tất cả")), *Dispatch.DocType.choices],
        required=False,
        error_messages={"invalid_choice": _("Không có loại văn bản này.")},
    )
    trangthai = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[
            ("", _("Tất cả")),
            (Dispatch.Status.PUBLISHED, Dispatch.Status.PUBLISHED.label),
            (Dispatch.Status.WITHDRAWN, Dispatch.Status.WITHDRAWN.label),
        ],
        required=False,
        error_messages={"invalid_choice": _("Chỉ lọc được văn bản đã ban hành hoặc đã thu hồi.")},
    )

    def filters(self):
        """The search filters of a valid form (search.engine.Filters): the page, its feed and the
        API read the same parameters the same way. An organisation includes its units."""
        from .search.engine import Filters
        from .selectors import organisation_subtree_ids

        data = self.cleaned_data
        issuer = data["coquan"]
        return Filters(
            issuer=issuer,
            issuer_ids=organisation_subtree_ids(issuer) if issuer else None,
            province=data["tinh"],
            pattern=data["thudoan"],
            year=data["nam"],
            doc_type=data["loai"],
            status=data["trangthai"],
        )
