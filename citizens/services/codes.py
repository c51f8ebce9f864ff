"""Filing numbers and tracking codes shared by petitions and enrolment requests."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

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


def tracking_digest(code: str) -> str:
    """Keyed digest of a tracking code: the code itself is never stored."""
    return hmac.new(settings.SECRET_KEY.encode(), normalize_code(code).encode(),
                    hashlib.sha256).hexdigest()


def code_matches(code: str, digest: str) -> bool:
    return hmac.compare_digest(tracking_digest(code), digest)


def find_by_code(queryset, *, number_field: str, number: str, code: str):
    """The row whose number and tracking code both match, else None.

    The digest is compared even when the number does not exist, so the time taken
    does not tell which numbers exist; callers answer a miss with one neutral message.
    """
    row = queryset.filter(**{number_field: (number or "").strip().upper()}).first()
    digest = row.tracking_digest if row is not None else tracking_digest("x" * 12)
    if code_matches(code, digest) and row is not None:
        return row
    return None
