"""Per-address submission limit for the public forms and the filing API."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("Demasiadas solicitudes desde esta conexión.")
        self.retry_after = retry_after
        self.message = (
            "Ha enviado demasiadas solicitudes desde esta conexión en la última hora. "
            f"Intente de nuevo en {max(1, retry_after // 60)} minutos o comuníquese por los "
            "canales presenciales y telefónicos de la Secretaría."
        )


def hit(scope: str, address: str, *, limit: int | None = None, window: int = 3600) -> None:
    """Count one submission of ``address`` in ``scope``; raise RateLimited over the limit.

    Fixed windows keyed by a hash of the address: no addresses are stored.
    """
    limit = settings.PQRSD_RATE_PER_HOUR if limit is None else limit
    now = int(time.time())
    bucket = now // window
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    key = f"citizens-rate:{digest}:{bucket}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=window - now % window)
