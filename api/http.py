"""HTTP behaviour shared by the public endpoints: caching, validators, CORS, throttling."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from api.freshness import last_modified


class PublicAnonThrottle(AnonRateThrottle):
    """Anonymous clients get API_ANON_RATE requests per window (rate read at request time).

    A fixed-window counter (one atomic INCR) instead of DRF's sliding history: the
    history is a list of every request's timestamp, read and rewritten on every
    request, so its cost grew with the rate itself; at open-data volumes that list
    dominated the time of a cached answer.
    """

    def get_rate(self):
        return settings.API_ANON_RATE

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        key = f"{self.key}:{window}"
        self._window_end = (window + 1) * self.duration
        if self.cache.add(key, 1, self.duration + 1):
            return True
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, self.duration + 1)
            return True
        self.now = now
        return count <= self.num_requests

    def wait(self):
        return max(1, int(round(self._window_end - self.now)))


class PublicEndpointMixin:
    """Read-only open data: cacheable, conditional and readable from any origin.

    Rendered responses are kept in the cache under a key that includes the
    moment public data last changed (api.freshness), so any change to records
    or any publication makes every cached answer stale at once; no explicit
    invalidation is needed.
    """

    authentication_classes = []
    permission_classes = []
    throttle_classes = [PublicAnonThrottle]
    max_age = 300

    def dispatch(self, request, *args, **kwargs):
        key = self._response_cache_key(request)
        if key is not None:
            hit = cache.get(key)
            if hit is not None:
                return self._serve_cached(request, hit, *args, **kwargs)
        response = super().dispatch(request, *args, **kwargs)
        if key is not None and response.status_code == 200:
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            cache.set(key, {"content": response.content, "content_type": response["Content-Type"]},
                       settings.API_CACHE_SECONDS)
        return response

    def _response_cache_key(self, request):
        if request.method not in ("GET", "HEAD") or not settings.API_CACHE_SECONDS:
            return None
        self._last_modified = last_modified()
        raw = "|".join([request.get_full_path(), request.META.get("HTTP_ACCEPT", ""),
                        str(self._last_modified.timestamp())])
        return "api:" + hashlib.sha256(raw.encode()).hexdigest()

    def _serve_cached(self, request, hit, *args, **kwargs):
        drf_request = self.initialize_request(request, *args, **kwargs)
        self.request, self.args, self.kwargs = drf_request, args, kwargs
        self.headers = self.default_response_headers
        try:
            self.check_throttles(drf_request)  # cached answers still count against the rate
        except Throttled as exc:
            response = self.handle_exception(exc)
            return self.finalize_response(drf_request, response, *args, **kwargs)
        response = HttpResponse(hit["content"], content_type=hit["content_type"])
        self._public_headers(drf_request, response)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        self._public_headers(request, response)
        return response

    def _public_headers(self, request, response):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            moment = getattr(self, "_last_modified", None) or last_modified()
            response["Cache-Control"] = f"public, max-age={self.max_age}"
            response["Last-Modified"] = http_date(moment.timestamp())
            response["Vary"] = "Accept"
