"""The public statistics (/thong-ke/): a fixed number of grouped queries whatever the data, the
same numbers drawn as charts, listed in tables and downloaded as CSV."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import Delivery, Dispatch, Organisation, ScamPattern, ScamReport

MONTHS_SHOWN = 24


@dataclass
class Bar:
    label: str
    value: int
    total: int | None = None  # for a rate: value of total

    @property
    def rate(self) -> float | None:
        return None if not self.total else self.value / self.total


@dataclass
class Table:
    key: str
    title: str
    unit: str
    bars: list[Bar] = field(default_factory=list)
    is_rate: bool = False

    @property
    def maximum(self) -> int:
        return max((b.value for b in self.bars), default=0)


def advisories_per_month() -> Table:
    rows = (
        Dispatch.objects.public()
        .exclude(month__isnull=True)
        .values("year", "month")
        .annotate(n=Count("pk"))
        .order_by("-year", "-month")[:MONTHS_SHOWN]
    )
    bars = [Bar(f"{r['month']:02d}/{r['year']}", r["n"]) for r in reversed(list(rows))]
    return Table("thang", _("Văn bản cảnh báo theo tháng"), _("văn bản"), bars)


def advisories_per_pattern() -> Table:
    rows = (
        ScamPattern.objects.annotate(
            n=Count("dispatches", filter=Q(dispatches__status__in=_PUBLIC), distinct=True)
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "n")
    )
    return Table("thu-doan", _("Văn bản cảnh báo theo thủ đoạn"), _("văn bản"), _bars(rows))


def advisories_per_province() -> Table:
    rows = (
        Dispatch.objects.public()
        .values_list("issuer__province")
        .annotate(n=Count("pk"))
        .order_by("-n", "issuer__province")
    )
    bars = [Bar(province or _("Cơ quan trung ương"), n) for province, n in rows]
    return Table("tinh", _("Văn bản cảnh báo theo tỉnh, thành phố"), _("văn bản"), bars)


def confirmation_by_level() -> Table:
    """How many units confirmed receipt, by the level of the receiving unit in the chain
    (UBND tỉnh, Sở, Trung tâm, Trạm…, in the order of Organisation.Kind)."""
    kinds = list(Organisation.Kind)
    rows = (
        Delivery.objects.values_list("organisation__kind")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)))
        .order_by()
    )
    rows = sorted(rows, key=lambda row: kinds.index(row[0]) if row[0] in kinds else len(kinds))
    bars = [
        Bar(str(Organisation.Kind(kind).label) if kind in kinds else kind, confirmed, total)
        for kind, total, confirmed in rows
    ]
    return Table(
        "xac-nhan", _("Tỉ lệ đơn vị đã xác nhận đã nhận, theo cấp"), _("đơn vị"), bars, True
    )


def reports_per_pattern() -> Table:
    rows = (
        ScamReport.objects.filter(verified=True)
        .values_list("pattern__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    bars = [Bar(name or _("Chưa xếp thủ đoạn"), n) for name, n in rows]
    return Table("phan-anh-thu-doan", _("Phản ánh đã xác minh theo thủ đoạn"), _("phản ánh"), bars)


def reports_per_channel() -> Table:
    labels = dict(ScamReport.Channel.choices)
    rows = (
        ScamReport.objects.filter(verified=True)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    bars = [Bar(str(labels.get(channel, channel)), n) for channel, n in rows]
    return Table("phan-anh-kenh", _("Phản ánh đã xác minh theo kênh"), _("phản ánh"), bars)


_PUBLIC = (Dispatch.Status.PUBLISHED, Dispatch.Status.WITHDRAWN)


def _bars(rows) -> list[Bar]:
    return [Bar(label, n) for label, n in rows]


def all_tables() -> list[Table]:
    return [
        advisories_per_month(),
        advisories_per_pattern(),
        advisories_per_province(),
        confirmation_by_level(),
        reports_per_pattern(),
        reports_per_channel(),
    ]
