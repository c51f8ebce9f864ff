"""``Authorization: Token <key>`` for the records API, checked by api.tokens."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import tokens

KEYWORDS = (b"token", b"bearer")


class ExpiringTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Cabecera Authorization mal formada: use "
                                                  "«Token <clave>».")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("El token no es válido.")
        user, token = tokens.check(key)
        if user is None:
            raise exceptions.AuthenticationFailed(
                "El token no es válido, venció o fue revocado: pida uno nuevo en "
                "/api/auth/token/.")
        return user, token

    def authenticate_header(self, request):
        return "Token"


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "«Token <clave>», emitido por POST /api/auth/token/; vence a las "
                               "horas de API_TOKEN_HOURS y con el cambio de contraseña."}


class SpanishSessionAuthentication(authentication.SessionAuthentication):
    """The admin's session, for staff tools in the browser; DRF's CSRF refusal quotes
    Django's English reason («CSRF Failed: CSRF token missing.»)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as exc:
            raise exceptions.PermissionDenied(
                "Falta la clave de seguridad (CSRF) de la sesión o venció: envíe la cabecera "
                "X-CSRFToken con el valor de la cookie csrftoken, o use «Authorization: Token "
                "<clave>».") from exc



class SpanishSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SpanishSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "La sesión del admin; las escrituras piden además la cabecera "
                               "X-CSRFToken."}
