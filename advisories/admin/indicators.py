"""Dấu hiệu lừa đảo of a dispatch in the admin: the signs found in its text are proposed, the
clerk ticks those that are signs of the scam (none is marked unticked), may add others line by
line and remove marked ones. One service call writes it all (services.mark_indicators)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path

from ..indicators.extract import propose_indicators
from ..indicators.normalize import readings
from ..models import Dispatch, Indicator
from ..services import IndicatorInput, mark_indicators
from ..services.indicators import may_mark_indicators
from .scoped import ReadOnlyMixin

# "loại: giá trị" on a line of the free box; the words a clerk uses for each kind.
_PREFIXES = {
    "số điện thoại": Indicator.Kind.PHONE,
    "điện thoại": Indicator.Kind.PHONE,
    "sđt": Indicator.Kind.PHONE,
    "đường link": Indicator.Kind.DOMAIN,
    "link": Indicator.Kind.DOMAIN,
    "trang web": Indicator.Kind.DOMAIN,
    "tên miền": Indicator.Kind.DOMAIN,
    "số tài khoản": Indicator.Kind.BANK_ACCOUNT,
    "tài khoản": Indicator.Kind.BANK_ACCOUNT,
    "stk": Indicator.Kind.BANK_ACCOUNT,
    "ứng dụng": Indicator.Kind.APP,
    "app": Indicator.Kind.APP,
    "người gửi": Indicator.Kind.SENDER,
    "tên người gửi": Indicator.Kind.SENDER,
}


def dispatch_text(dispatch: Dispatch) -> str:
    """The printed words of a dispatch in which signs are looked for."""
    parts = [dispatch.subject, dispatch.body, dispatch.closing]
    parts += [d.text for d in dispatch.directives.all()]
    parts += [w.text for w in dispatch.warnings.all()]
    return "\n".join(p for p in parts if p)


def parse_line(line: str) -> IndicatorInput | None:
    """'Tài khoản: 0123 456 789 Vietcombank' → an account at Vietcombank; a line without a
    kind is read as what it looks like (a number is a phone number, a link a domain, the rest
    an app name)."""
    line = line.strip()
    if not line:
        return None
    head, sep, rest = line.partition(":")
    kind = _PREFIXES.get(head.strip().lower()) if sep else None
    if kind is None:
        found = readings(line)
        kind, rest = (found[0].kind if found else Indicator.Kind.APP), line
    rest = rest.strip()
    if kind == Indicator.Kind.BANK_ACCOUNT:
        digits, _, bank = rest.partition(" ") if not rest[:1].isdigit() else _split_bank(rest)
        return IndicatorInput(kind=kind, text=digits, bank=bank)
    return IndicatorInput(kind=kind, text=rest)


def _split_bank(text: str) -> tuple[str, str, str]:
    index = next((i for i, c in enumerate(text) if c.isalpha()), len(text))
    return text[:index].strip(), "", text[index:].strip()


def proposal_key(kind: str, value: str, bank: str) -> str:
    """The value of a proposed sign's checkbox: what makes an Indicator one."""
    return f"{kind}|{value}|{bank}"


def proposal_choice_label(kind: str, label: str, context: str) -> str:
    """'Ứng dụng: sở liên lạc điện tử — …cài đặt ứng dụng “sở liên lạc điện tử”…'"""
    return f"{Indicator.Kind(kind).label}: {label} — {context}"


def proposed_indicators_field(proposals: list[dict]) -> forms.MultipleChoiceField:
    """The checklist of the signs an imported text names (prefill.indicator_proposals), all
    unticked: the clerk ticks those that are signs of the scam, the rest are never saved."""
    return forms.MultipleChoiceField(
        label="Tìm thấy trong văn bản",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (
                proposal_key(p["kind"], p["value"], p["bank"]),
                proposal_choice_label(p["kind"], p["label"], p["context"]),
            )
            for p in proposals
        ],
        help_text="Chọn những dấu hiệu của kẻ gian; bỏ qua số, trang của cơ quan nhà nước. "
        "Dấu hiệu được lưu cùng văn bản khi bấm Lưu.",
    )


def confirmed_entries(proposals: list[dict], keys: list[str]) -> list[IndicatorInput]:
    """The ticked proposals as the service takes them."""
    by_key = {proposal_key(p["kind"], p["value"], p["bank"]): p for p in proposals}
    return [
        IndicatorInput(kind=by_key[k]["kind"], text=by_key[k]["label"], bank=by_key[k]["bank"])
        for k in keys
        if k in by_key
    ]


class IndicatorsForm(forms.Form):
    proposed = forms.MultipleChoiceField(
        label="Tìm thấy trong văn bản",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Chọn những dấu hiệu của kẻ gian; bỏ qua số, trang của cơ quan nhà nước.",
    )
    remove = forms.ModelMultipleChoiceField(
        label="Bỏ dấu hiệu đã đánh dấu",
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    extra = forms.CharField(
        label="Thêm dấu hiệu khác",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Mỗi dòng một dấu hiệu, có thể ghi loại ở đầu: “Số điện thoại: 0912 345 678”, "
            "“Link: solienlac-edu.vn”, “Tài khoản: 0123456789 Vietcombank”, "
            "“Ứng dụng: Sổ liên lạc điện tử”, “Người gửi: BO CONG AN”."
        ),
    )

    def __init__(self, *args, dispatch: Dispatch, **kwargs):
        super().__init__(*args, **kwargs)
        marked = list(dispatch.indicators.all())
        taken = {(i.kind, i.value, i.bank) for i in marked}
        self.proposals = {
            proposal_key(p.kind, p.value, p.bank): p
            for p in propose_indicators(dispatch_text(dispatch))
            if (p.kind, p.value, p.bank) not in taken
        }
        self.fields["proposed"].choices = [
            (key, proposal_choice_label(p.kind, p.label, p.context))
            for key, p in self.proposals.items()
        ]
        self.fields["remove"].queryset = dispatch.indicators.all()
        if not marked:
            del self.fields["remove"]
        if not self.proposals:
            del self.fields["proposed"]

    def entries(self) -> list[IndicatorInput]:
        chosen = [self.proposals[key] for key in self.cleaned_data.get("proposed", [])]
        entries = [IndicatorInput(kind=p.kind, text=p.label, bank=p.bank) for p in chosen]
        for line in self.cleaned_data.get("extra", "").splitlines():
            if entry := parse_line(line):
                entries.append(entry)
        return entries


class DispatchIndicatorsMixin:
    """The "Dấu hiệu lừa đảo" page of DispatchAdmin (its URL is added by get_urls)."""

    def indicator_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/dau-hieu/",
                view(self.indicators_view),
                name="advisories_dispatch_indicators",
            )
        ]

    def get_urls(self):
        return self.indicator_urls() + super().get_urls()

    def indicators_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if dispatch is None or not may_mark_indicators(request.user, dispatch):
            raise PermissionDenied
        form = IndicatorsForm(request.POST or None, dispatch=dispatch)
        return self._run_step(
            request,
            dispatch=dispatch,
            form=form,
            write=lambda form: mark_indicators(
                dispatch=dispatch,
                by=request.user,
                add=form.entries(),
                remove=form.cleaned_data.get("remove", []),
            ),
            done=f"Đã lưu dấu hiệu lừa đảo của {dispatch.number_symbol}.",
            title=f"Dấu hiệu lừa đảo của {dispatch.number_symbol}",
            submit_label="Lưu dấu hiệu",
            intro=(
                "Số điện thoại, đường link, tài khoản, ứng dụng, tên người gửi mà văn bản nêu: "
                "người dân dán vào ô “Kiểm tra” sẽ thấy văn bản này."
            ),
        )


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every sign on record, for the portal's administrators: marked from a dispatch's page
    ("Dấu hiệu lừa đảo") or kept from an organisation's hotline, never edited here."""

    list_display = ["label", "kind", "value", "bank", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "label", "bank"]
    fields = ["kind", "label", "value", "bank", "dispatches", "official_for", "created_at"]
    readonly_fields = fields
