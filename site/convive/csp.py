"""Content-Security-Policy on every answer, strict where people read, as strict as each
admin allows where staff work.

The portal and the API docs run no inline script and load nothing from elsewhere, so
their policy allows only this origin's files (plus the map tiles' origin, when set).
Django's admin runs no inline script either but some of its pages and
django-import-export's write inline ``style`` attributes. Wagtail's editor writes inline
scripts into its forms (inline panels, date pickers) that no nonce reaches, so /cms/
allows inline script; it still loads and sends nothing elsewhere, embeds nothing, and
cannot be framed. Answers that are not HTML get a policy that allows nothing.
"""

from urllib.parse import urlsplit

from django.conf import settings

SELF = "'self'"


def _origin(url: str) -> str:
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    if not (parts.scheme and parts.hostname):
        return ""
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def _policy(*, script=(SELF,), style=(SELF,), frame_ancestors=("'none'",)) -> str:
    tiles = _origin(getattr(settings, "MAP_TILE_URL", ""))
    # Public media from object storage (FILE_STORAGE=s3) are read from their own origin.
    media = _origin(settings.MEDIA_URL)
    directives = {
        "default-src": [SELF],
        "script-src": list(script),
        "style-src": list(style),
        "img-src": [SELF, "data:", "blob:"] + [o for o in (tiles, media) if o],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF] + ([media] if media else []),
        "object-src": ["'none'"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": list(frame_ancestors),
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        inline = "'unsafe-inline'"
        self.policies = {
            "portal": _policy(),
            "admin": _policy(style=(SELF, inline)),
            "cms": _policy(script=(SELF, inline), style=(SELF, inline)),
        }
        self.framed = {name: policy.replace("frame-ancestors 'none'", f"frame-ancestors {SELF}")
                       for name, policy in self.policies.items()}
        self.nothing = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response or response.status_code == 304:
            # A 304 has no Content-Type; browsers merge its headers into the cached answer,
            # which already carries the right policy.
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/html", "image/svg")):
            response["Content-Security-Policy"] = self.nothing
            return response
        path = request.path
        area = "cms" if path.startswith("/cms/") else "admin" if path.startswith(
            "/admin/") else "portal"
        # Wagtail's previews are framed by the editor itself (X-Frame-Options SAMEORIGIN).
        framed = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        response["Content-Security-Policy"] = (self.framed if framed else self.policies)[area]
        return response
