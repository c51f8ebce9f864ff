"""Error reporting to Sentry (or a compatible server) when SENTRY_DSN is set.

Nothing personal leaves: no request body, cookies, headers, query string or user;
no local variables; no SQL parameters; and no exception message, which can quote
what a citizen typed («"52123456" no es…»). What remains is the exception type,
the stack, the route and the request id, enough to find the log lines.
"""

SAFE_HEADERS = {"User-Agent", "X-Request-Id", "Content-Type", "Content-Length"}
OMITTED = "[omitido: puede contener datos personales]"


def scrub_event(event, hint):
    request = event.get("request")
    if request:
        url = request.get("url", "")
        event["request"] = {
            "url": url.split("?", 1)[0], "method": request.get("method"),
            "headers": {k: v for k, v in (request.get("headers") or {}).items()
                        if k.title() in SAFE_HEADERS},
        }
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = OMITTED
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    if event.get("logentry"):
        event["logentry"] = {"message": event["logentry"].get("message", "")}
    if "message" in event and event.get("logentry") is None:
        event["message"] = OMITTED
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [
            {"category": b.get("category"), "timestamp": b.get("timestamp"),
             "level": b.get("level")}
            for b in breadcrumbs.get("values", []) if b.get("category") != "query"]
    event.pop("extra", None)
    from convive.requestid import request_id

    if request_id.get():  # to find the request's log lines
        event.setdefault("tags", {})["request_id"] = request_id.get()
    return event


def init_sentry(dsn: str, environment: str, release: str = "") -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    # A probe with a foreign Host is logged, not reported: it is noise, and a flood of
    # them would use up the error service's quota.
    ignore_logger("django.security.DisallowedHost")

    sentry_sdk.init(
        dsn=dsn, environment=environment, release=release or None,
        integrations=[DjangoIntegration()],
        include_local_variables=False,
        max_request_body_size="never", traces_sample_rate=0.0,
        before_send=scrub_event,
        # Log records become breadcrumbs and events only through before_send above.
    )
