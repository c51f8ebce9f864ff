"""Issue, check and revoke API tokens (the one place that knows how they are kept)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from api.models import ApiToken
from records.models import AuditEntry
from records.services.audit import log_event

PREFIX_LENGTH = 8
# Writing last_used_at on every request would make every read a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _fingerprint(user) -> str:
    return salted_hmac("convive.api-token.password", user.password, algorithm="sha256").hexdigest()


def issue(user) -> tuple[str, ApiToken]:
    """A new token for ``user``: the key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, digest=_digest(key), prefix=key[:PREFIX_LENGTH],
        password_fingerprint=_fingerprint(user),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS),
    )
    log_event(AuditEntry.Action.GRANT, model=ApiToken._meta.label, actor=user, object_id=token.pk,
              object_repr=f"Token {token.prefix}…",
              changes={"vence": token.expires_at.isoformat()})
    return key, token


def check(key: str):
    """The token's user, or None when the key is unknown, expired, revoked, or older than
    the user's password."""
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key or "")).first()
    if token is None:
        return None, None
    now = timezone.now()
    user = token.user
    if (token.expires_at <= now or not user.is_active
            or not constant_time_compare(token.password_fingerprint, _fingerprint(user))):
        token.delete()
        return None, None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user, token


def revoke(token, *, by=None) -> None:
    log_event(AuditEntry.Action.REVOKE, model=ApiToken._meta.label, actor=by or token.user,
              object_id=token.pk, object_repr=f"Token {token.prefix}…")
    token.delete()


def revoke_all(user, *, by=None, reason: str) -> int:
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        log_event(AuditEntry.Action.REVOKE, model=ApiToken._meta.label, actor=by,
                  object_id="", object_repr=f"Tokens de {user.get_username()}",
                  changes={"tokens": deleted, "motivo": reason})
    return deleted


def _on_logout(sender, request, user, **kwargs):
    # Ending a session ends what was issued to that person: a token left in a script
    # on a shared computer stops working when they log out.
    if user is not None:
        revoke_all(user, by=user, reason="cierre de sesión")


def connect():
    # A new password needs no handler: the token's password fingerprint stops matching.
    user_logged_out.connect(_on_logout, dispatch_uid="api-tokens-logout")
