"""Open data: the page listing the daily files, and the files as downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..caching import public_page
from ..opendata import FILES, LICENCE, current_file

_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@public_page(tags=())  # the files change daily; the page naming them does not
def open_data(request):
    return render(request, "advisories/open_data.html", {"files": list(FILES), "licence": LICENCE})


@require_GET
def open_data_file(request, name):
    if name not in FILES:
        raise Http404("Không có tệp dữ liệu này.")
    path = current_file(name)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=_TYPES[name.rsplit(".")[1]]
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
