"""HTTP behaviour shared by the public endpoints: validators, CORS, throttling.

Their answers are kept and served again by api.middleware.PublicAnswerCacheMiddleware.
"""

from django.conf import settings
from django.utils.http import http_date
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.throttling import AnonRateThrottle

from api.freshness import last_modified
from api.pagination import dataset_links


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

    Its answers are the same for everyone, so they are marked for
    api.middleware.PublicAnswerCacheMiddleware to keep.
    """

    authentication_classes = []
    permission_classes = []
    throttle_classes = [PublicAnonThrottle]
    max_age = 300

    def initial(self, request, *args, **kwargs):
        # Read before the data: an answer is never labelled newer than what it shows.
        self.data_changed_at = last_modified()
        super().initial(request, *args, **kwargs)

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
            if getattr(getattr(response, "accepted_renderer", None), "format", None) == "csv":
                name = request.path.rstrip("/").rsplit("/", 1)[-1] or "datos"
                response["Content-Disposition"] = f'attachment; filename="convive-{name}.csv"'
            if getattr(self, "dataset", None) and not response.has_header("Link"):
                response["Link"] = ", ".join(dataset_links(request, self))
            moment = getattr(self, "data_changed_at", None) or last_modified()
            response["Cache-Control"] = f"public, max-age={self.max_age}"
            response["Last-Modified"] = http_date(moment.timestamp())
            response["Vary"] = "Accept"
            # The same for everyone: api.middleware.PublicAnswerCacheMiddleware keeps it.
            response.public_data_changed_at = moment


class FormatNegotiation(DefaultContentNegotiation):
    """?format=xml (or any format no renderer has) answers 406 with the formats there are,
    instead of DRF's 404, which says the resource does not exist."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise NotAcceptable(f"El formato «{format}» no está disponible aquí. Use: {offered}.")
        return matching


def not_found(request, *args, **kwargs):
    """Every unknown /api/ address answers in JSON, like the rest of the API."""
    from django.http import JsonResponse

    return JsonResponse({"detail": "No existe esta dirección de la API. Vea /api/ y /api/docs/."},
                        status=404)
