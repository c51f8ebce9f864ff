"""Tokens for the records API: issued for a user name and password, revoked on request.

The password goes through django.contrib.auth.authenticate with Django's own
request, so the login throttle (django-axes) and the audit trail see the API
exactly like the admin's and the CMS's login pages.
"""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api import tokens
from api.authentication import ExpiringTokenAuthentication


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label="Usuario", max_length=150)
    password = serializers.CharField(label="Contraseña", max_length=256,
                                     style={"input_type": "password"}, trim_whitespace=False)


TokenSerializer = inline_serializer("ApiTokenIssued", {
    "token": serializers.CharField(help_text="Clave para «Authorization: Token <clave>»; se "
                                             "muestra una sola vez."),
    "expires_at": serializers.DateTimeField(help_text="Vencimiento (API_TOKEN_HOURS)."),
})

LOCKED_OUT = ("Demasiados intentos fallidos: el inicio de sesión para este usuario o esta "
              "dirección está bloqueado por unos minutos.")


class TokenView(APIView):
    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer},
                   summary="Emitir un token", tags=["autenticación"])
    def post(self, request):
        payload = CredentialsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(django_request, username=payload.validated_data["username"],
                            password=payload.validated_data["password"])
        if getattr(django_request, "axes_locked_out", False):
            return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None or not user.is_active:
            return Response({"detail": "No puede iniciar sesión con esas credenciales."},
                            status=status.HTTP_400_BAD_REQUEST)
        key, token = tokens.issue(user)
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: None}, summary="Revocar el token usado",
                   tags=["autenticación"])
    def delete(self, request):
        token = request.auth
        if token is None:
            return Response({"detail": "Envíe el token que quiere revocar en Authorization."},
                            status=status.HTTP_401_UNAUTHORIZED)
        tokens.revoke(token, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
