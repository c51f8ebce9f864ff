"""Filing numbers and tracking codes shared by petitions and enrolment requests."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from citizens.models import Sequence
from convive.clients import client_address  # noqa: F401  (re-exported for callers)

# Unambiguous alphabet (no 0/O, 1/I/L): the code is read aloud and typed by hand.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 12  # 31**12 ≈ 2**59: not guessable within any rate limit


def next_number(series: str, year: int) -> int:
    """Take the next number of ``series`` in ``year``.

    Must run inside the transaction that stores the numbered row: the UPDATE
    holds the sequence row's lock until commit (PostgreSQL row lock; SQLite
    write lock), and a rollback returns the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    for _ in range(2):
        updated = Sequence.objects.filter(series=series, year=year).update(last=F("last") + 1)
        if updated:
            return Sequence.objects.get(series=series, year=year).last
        try:
            with transaction.atomic():
                Sequence.objects.create(series=series, year=year, last=1)
            return 1
        except IntegrityError:
            continue  # another filing created the year's row first: take the UPDATE path
    raise RuntimeError("could not allocate a number")


def new_tracking_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


# The digest key is derived from SECRET_KEY for this one use, so a digest is no oracle
# for anything else signed with the key; rotating the key keeps old codes working as
# long as the old key stays in SECRET_KEY_FALLBACKS.
DIGEST_SALT = "convive.citizens.tracking-code"


def _digest(code: str, secret: str) -> str:
    return salted_hmac(DIGEST_SALT, normalize_code(code), secret=secret,
                       algorithm="sha256").hexdigest()


def _legacy_digest(code: str, secret: str) -> str:
    # Codes issued before the derived key: a plain HMAC with the raw key.
    return hmac.new(secret.encode(), normalize_code(code).encode(), hashlib.sha256).hexdigest()


def tracking_digest(code: str) -> str:
    """Keyed digest of a tracking code: the code itself is never stored."""
    return _digest(code, settings.SECRET_KEY)


def _match(code: str, digest: str) -> tuple[bool, bool]:
    """(matches, under the current key): every candidate is computed, whichever matches."""
    secrets_ = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    results = []
    for index, secret in enumerate(secrets_):
        for legacy, candidate in ((False, _digest(code, secret)),
                                  (True, _legacy_digest(code, secret))):
            results.append((hmac.compare_digest(candidate, digest), index == 0 and not legacy))
    return any(ok for ok, _ in results), any(ok and current for ok, current in results)


def code_matches(code: str, digest: str) -> bool:
    return _match(code, digest)[0]


def find_by_code(queryset, *, number_field: str, number: str, code: str):
    """The row whose number and tracking code both match, else None.

    The digest is compared even when the number does not exist, so the time taken
    does not tell which numbers exist; callers answer a miss with one neutral message.
    """
    row = queryset.filter(**{number_field: (number or "").strip().upper()}).first()
    digest = row.tracking_digest if row is not None else tracking_digest("x" * 12)
    matches, current = _match(code, digest)
    if matches and row is not None:
        if not current:
            # Issued under an older key or scheme: keep it valid after that key retires.
            type(row)._default_manager.filter(pk=row.pk).update(
                tracking_digest=tracking_digest(code))
        return row
    return None


def seal(code: str) -> tuple[str, str]:
    """Split a code shown once into two halves that reveal nothing alone: a masked code for
    the server's session and a one-time key for the citizen's browser (a cookie). The
    session table, its backups and its logs never hold the code itself."""
    key = secrets.token_bytes(32)
    pad = hashlib.sha256(key).digest()
    masked = bytes(a ^ b for a, b in zip(code.encode(), pad))
    return masked.hex(), key.hex()


def unseal(masked_hex: str, key_hex: str) -> str | None:
    try:
        masked, key = bytes.fromhex(masked_hex or ""), bytes.fromhex(key_hex or "")
    except ValueError:
        return None
    if len(key) != 32 or not masked:
        return None
    pad = hashlib.sha256(key).digest()
    code = bytes(a ^ b for a, b in zip(masked, pad))
    try:
        text = code.decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if all(ch in _ALPHABET for ch in text) else None
