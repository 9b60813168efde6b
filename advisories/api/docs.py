"""Browsable API documentation rendered on the server from the OpenAPI document itself: no
script, no stylesheet from elsewhere, so the strict CSP holds."""

from django.shortcuts import render

from .endpoints import api


def _parameters(operation, components):
    rows = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        rows.append(
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "required": parameter.get("required", False),
                "type": schema.get("type", ""),
                "default": schema.get("default", ""),
            }
        )
    return rows


def api_docs(request):
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": _parameters(operation, schema.get("components", {})),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return render(
        request,
        "advisories/api_docs.html",
        {"info": schema["info"], "operations": operations},
    )
