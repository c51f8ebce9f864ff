"""The client's address, as the trusted proxies in front of Django saw it."""

from django.conf import settings


def client_address(request) -> str:
    """The client's address as the first trusted proxy saw it.

    Behind the TLS proxy (NUM_PROXIES=1) the last X-Forwarded-For entry is the one
    the proxy appended; anything before it was written by the client and is ignored.
    """
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= proxies:
            return parts[-proxies]
    return request.META.get("REMOTE_ADDR", "")
