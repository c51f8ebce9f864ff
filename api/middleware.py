"""Cached public API answers, served before the rest of the middleware stack."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import set_response_etag

from api.freshness import last_modified
from api.http import PublicAnonThrottle

API_PREFIX = "/api/"


class PublicAnswerCacheMiddleware:
    """Keep rendered open-data answers and serve them again without running the view.

    Only answers that a public endpoint marks as cacheable are kept
    (api.http.PublicEndpointMixin): the same for everyone, never personal. Each
    is kept with the moment public data had last changed before it was rendered
    (api.freshness) and served only while that is still the moment, so any
    change to records or any publication makes every kept answer stale at once,
    with no invalidation to forget. An answer is kept as the stack below produced it,
    headers included, which is what lets a hit skip sessions, locale, CSRF,
    authentication, URL resolution and DRF: for a page of 50 territories those
    cost more than the answer itself. It sits after ConditionalGetMiddleware,
    which still answers 304 to a hit, and hits still count against the
    anonymous rate.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is not None:
            hit = cache.get(key)
            if (hit is not None and hit["moment"] == last_modified()
                    and PublicAnonThrottle().allow_anonymous(request)):
                response = HttpResponse(hit["content"])
                for header, value in hit["headers"]:
                    response.headers[header] = value
                return response
            # A miss, a stale answer or a client over its rate: the view answers.
        response = self.get_response(request)
        moment = getattr(response, "public_data_changed_at", None)
        if (key is not None and response.status_code == 200 and moment is not None
                and not response.streaming  # a full download: written as it is read, never kept
                and not response.cookies and not response.has_header("Set-Cookie")):
            # The validator is kept with the body: ConditionalGetMiddleware would
            # otherwise hash the body again on every hit (4 ms for the 2.7 MB map).
            set_response_etag(response)
            cache.set(key, {"moment": moment, "content": response.content, "headers": list(response.items())},
                      settings.API_CACHE_SECONDS)
        return response

    @staticmethod
    def _key(request):
        if (request.method not in ("GET", "HEAD") or not settings.API_CACHE_SECONDS
                or not request.path.startswith(API_PREFIX)):
            return None
        raw = "|".join([request.get_full_path(), request.META.get("HTTP_ACCEPT", "")])
        return "api:" + hashlib.sha256(raw.encode()).hexdigest()


class PublicGZipMiddleware(GZipMiddleware):
    """gzip for the API's answers when the client accepts it (the schema is 665 KB, the
    map of 10,000 territories 2.7 MB). Only under /api/ and never the token endpoint:
    compressing a page that holds a secret next to text an attacker chooses lets the
    compressed size leak the secret (BREACH). Django marks the ETag weak, which
    If-None-Match still matches, so 304s keep working."""

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIX) or request.path.startswith("/api/auth/"):
            return response
        return super().process_response(request, response)
