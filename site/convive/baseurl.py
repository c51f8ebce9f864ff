"""Every request is answered as if it came to PUBLIC_BASE_URL.

Django, DRF and Wagtail build absolute URLs from the request's Host and scheme
(X-Forwarded-Proto behind the proxy). Kept answers (the open-data cache, Wagtail's
page cache) would then carry whatever one client sent to everyone after it. Here
the Host is first checked against ALLOWED_HOSTS as usual (a foreign one still gets
400), then replaced by the public one, and the scheme by the public scheme, so
every absolute URL derives from the one setting.
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_url(url: str | None) -> str | None:
    """``url`` on the public address; a URL that is absolute already (a file in object
    storage) is left as it is."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.PUBLIC_BASE_URL + url


# Headers through which a client could pick another host, port or scheme.
FORWARDED = ("HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


class PublicBaseURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PIN_PUBLIC_BASE_URL:
            request.get_host()  # DisallowedHost (400) for a Host outside ALLOWED_HOSTS
            base = urlsplit(settings.PUBLIC_BASE_URL)
            meta = request.META
            for header in FORWARDED:
                meta.pop(header, None)
            meta["HTTP_HOST"] = base.netloc
            meta["SERVER_PORT"] = str(base.port or (443 if base.scheme == "https" else 80))
            meta["wsgi.url_scheme"] = base.scheme
            if settings.SECURE_PROXY_SSL_HEADER:
                header, secure_value = settings.SECURE_PROXY_SSL_HEADER
                meta[header] = secure_value if base.scheme == "https" else base.scheme
        return self.get_response(request)
