"""A request id on every answer (X-Request-ID) and on every log line written while
serving it, so an operator can follow one request across web, logs and error reports.

An id sent by the proxy in front is kept when it looks like one (letters, digits,
dashes; at most 64), so the proxy's and Django's logs share it; anything else is
replaced. Each request is also logged once, as JSON, when it ends: method, path
(never the query string, which can carry what a citizen typed), status and time.
"""

import contextvars
import logging
import re
import time
import uuid

from convive import metrics

request_id = contextvars.ContextVar("request_id", default="")
ACCEPTED = re.compile(r"[A-Za-z0-9-]{8,64}")
logger = logging.getLogger("convive.request")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        current = incoming if ACCEPTED.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        request.request_id = current
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = current
            elapsed = time.monotonic() - started
            logger.info("%s %s %s", request.method, request.path, response.status_code,
                        extra={"method": request.method, "path": request.path,
                               "status": response.status_code,
                               "duration_ms": round(elapsed * 1000, 1)})
            metrics.observe_request(request, response, elapsed)
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get()
        return True
