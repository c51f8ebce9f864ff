"""HTTP behaviour shared by the public endpoints: caching, validators, CORS, throttling."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import set_response_etag
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
        return self.key is None or self._allow(self.key)

    def allow_anonymous(self, request) -> bool:
        """allow_request for a client known to be anonymous, from the plain Django request.

        Public endpoints authenticate nobody, so their cached answers need neither
        DRF's request wrapper nor a user to decide the rate.
        """
        if self.rate is None:
            return True
        return self._allow(self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)})

    def _allow(self, client_key) -> bool:
        now = self.timer()
        window = int(now // self.duration)
        key = f"{client_key}:{window}"
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
            # The validator is kept with the body: ConditionalGetMiddleware would
            # otherwise hash the body again on every hit (4 ms for the 2.7 MB map).
            set_response_etag(response)
            cache.set(key, {"content": response.content, "content_type": response["Content-Type"],
                            "etag": response["ETag"]}, settings.API_CACHE_SECONDS)
        return response

    def _response_cache_key(self, request):
        if request.method not in ("GET", "HEAD") or not settings.API_CACHE_SECONDS:
            return None
        self._last_modified = last_modified()
        raw = "|".join([request.get_full_path(), request.META.get("HTTP_ACCEPT", ""),
                        str(self._last_modified.timestamp())])
        return "api:" + hashlib.sha256(raw.encode()).hexdigest()

    def _serve_cached(self, request, hit, *args, **kwargs):
        # Cached answers still count against the rate.
        for throttle in self.get_throttles():
            if not throttle.allow_anonymous(request):
                # Rare: DRF builds the 429 in the format the client negotiated.
                drf_request = self.initialize_request(request, *args, **kwargs)
                self.request, self.args, self.kwargs = drf_request, args, kwargs
                self.headers = self.default_response_headers
                response = self.handle_exception(Throttled(throttle.wait()))
                return self.finalize_response(drf_request, response, *args, **kwargs)
        response = HttpResponse(hit["content"], content_type=hit["content_type"])
        if hit.get("etag"):  # entries cached by an older release have none
            response["ETag"] = hit["etag"]
        self._public_headers(request, response)
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
