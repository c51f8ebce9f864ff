"""HTTP behaviour shared by the public endpoints: caching, validators and CORS."""

from django.conf import settings
from django.utils.http import http_date
from rest_framework.throttling import AnonRateThrottle

from api.freshness import last_modified


class PublicAnonThrottle(AnonRateThrottle):
    """Anonymous clients get API_ANON_RATE requests (read at request time, not import time)."""

    def get_rate(self):
        return settings.API_ANON_RATE


class PublicEndpointMixin:
    """Read-only open data: cacheable, conditional and readable from any origin."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [PublicAnonThrottle]
    max_age = 300

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={self.max_age}"
            response["Last-Modified"] = http_date(last_modified().timestamp())
            response.setdefault("Vary", "Accept")
        return response
