"""API tokens: expiring, stored only as a digest, revoked by logout and password change."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name="usuario")
    # SHA-256 of the key: a copy of the table gives no usable token.
    digest = models.CharField("huella", max_length=64, unique=True, editable=False)
    # The first characters, to tell tokens apart in the admin and in logs.
    prefix = models.CharField("prefijo", max_length=8, editable=False)
    # A keyed digest of the user's password hash when the token was issued: a new
    # password changes the hash, and every older token stops matching.
    password_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("emitido el", auto_now_add=True)
    expires_at = models.DateTimeField("vence el")
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "token de la API"
        verbose_name_plural = "tokens de la API"
        default_permissions = ("view", "delete")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"
