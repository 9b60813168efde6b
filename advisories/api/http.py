"""HTTP around the API: per-client rate limits (429 with Retry-After), CORS for GET (the data
is open: any site may read it), Cache-Control, and ETag with 304 for a repeated request."""

import hashlib

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from portal import ratelimit

API_PREFIX = "/api/"
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}


class ApiHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":  # a CORS preflight
            return self._cors(HttpResponse(status=204))
        retry = ratelimit.hit(
            "api",
            ratelimit.client_key(request),
            limit=settings.API_REQUESTS_PER_MINUTE,
            window=60,
        )
        if retry is not None:
            response = JsonResponse(
                {"detail": _("Quá nhiều yêu cầu: hãy thử lại sau %(s)s giây.") % {"s": retry}},
                status=429,
            )
            response["Retry-After"] = str(retry)
            return self._cors(response)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            etag = f'"{digest}"'
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
            if etag in request.headers.get("If-None-Match", ""):
                not_modified = HttpResponse(status=304)
                for header in ("ETag", "Cache-Control"):
                    not_modified[header] = response[header]
                response = not_modified
        return self._cors(response)

    @staticmethod
    def _cors(response):
        for header, value in _CORS.items():
            response[header] = value
        return response
