"""Thống kê: charts drawn on the server as SVG (no script), the same numbers in tables, and a
CSV download; cached, and fresh after whatever changes the numbers: a publish (or an edit of
the directory), a confirmation, a verified report (advisories.cache_tags)."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render

from ..cache_tags import DIRECTORY, LISTS, RECEIPTS, REPORTS
from ..caching import public_page
from ..statistics import all_tables

SHOWN = (LISTS, DIRECTORY, RECEIPTS, REPORTS)

BAR_HEIGHT = 28
LABEL_WIDTH = 260
CHART_WIDTH = 640


def _chart(table):
    """Geometry of a horizontal bar chart: one row per bar, widths scaled to the largest."""
    span = CHART_WIDTH - LABEL_WIDTH - 60
    rows = []
    for n, bar in enumerate(table.bars):
        share = bar.rate if table.is_rate else (bar.value / table.maximum if table.maximum else 0)
        rows.append(
            {
                "bar": bar,
                "y": n * BAR_HEIGHT,
                "width": round((share or 0) * span, 1),
                "text": f"{round(bar.rate * 100)} %" if table.is_rate and bar.total else bar.value,
            }
        )
    return {
        "rows": rows,
        "height": max(1, len(rows)) * BAR_HEIGHT,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 8,
    }


@public_page(tags=SHOWN)
def statistics(request):
    tables = all_tables()
    return render(
        request,
        "advisories/statistics.html",
        {"charts": [(table, _chart(table)) for table in tables]},
    )


@public_page(tags=SHOWN)
def statistics_csv(request):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["bang", "nhan", "gia_tri", "tong"])
    for table in all_tables():
        for bar in table.bars:
            writer.writerow([table.key, bar.label, bar.value, bar.total or ""])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thong-ke.csv"'
    return response
