"""Liveness/readiness probe for load balancers and uptime monitors."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # any driver error means "not answering"
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", 5)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    database = _database_ok()
    cache_status = _cache_ok()
    # Only the database decides readiness: the site degrades without a cache.
    status = 200 if database else 503
    return JsonResponse(
        {
            "status": "ok" if database else "error",
            "database": "ok" if database else "error",
            "cache": "ok" if cache_status else "error",
        },
        status=status,
    )
