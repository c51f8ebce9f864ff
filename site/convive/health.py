"""/healthz: what a load balancer and an uptime monitor need to know, honestly.

- 503 when a part this host cannot serve without is down: the database, or either
  file storage (public media, private files).
- 200 with "status": "degraded" when the site still serves but something needs
  attention: the shared cache is down (pages are served uncached and per-address
  limits count from zero), or the oldest task waiting to run is older than
  HEALTH_MAX_TASK_AGE_SECONDS (no worker is running: notices are not going out).
  Monitors should alert on "degraded"; a balancer keeps the host in rotation.
Nothing here names a file, a person or a secret; error details go to the log.
"""

import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from convive.tasks import oldest_waiting_seconds

logger = logging.getLogger("convive.health")
OK, ERROR = "ok", "error"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return OK if cursor.fetchone()[0] == 1 else ERROR
    except Exception as exc:  # any driver error means "not answering"
        logger.error("healthz: base de datos: %s", type(exc).__name__)
        return ERROR


def _cache() -> str:
    try:
        if hasattr(cache, "ping"):
            return OK if cache.ping() else ERROR
        cache.set("healthz", "ok", 5)
        return OK if cache.get("healthz") == "ok" else ERROR
    except Exception as exc:
        logger.error("healthz: caché: %s", type(exc).__name__)
        return ERROR


def _storage(alias: str) -> str:
    storage = storages[alias]
    try:
        if isinstance(storage, FileSystemStorage):
            # As the storage itself would on the first upload of a new deploy.
            os.makedirs(storage.location, exist_ok=True)
            usable = os.access(storage.location, os.W_OK | os.X_OK)
            return OK if usable else ERROR
        storage.exists("healthz")  # one request to the object store
        return OK
    except Exception as exc:
        logger.error("healthz: almacenamiento %s: %s", alias, type(exc).__name__)
        return ERROR


def _tasks(now) -> dict:
    try:
        waiting = oldest_waiting_seconds(now)
    except Exception as exc:
        logger.error("healthz: cola de tareas: %s", type(exc).__name__)
        return {"status": ERROR}
    late = waiting is not None and waiting > settings.HEALTH_MAX_TASK_AGE_SECONDS
    return {"status": "atrasada" if late else OK,
            "oldest_waiting_seconds": None if waiting is None else int(waiting)}


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database(), "storage": _storage("default"),
              "private_storage": _storage("private"), "cache": _cache()}
    checks["tasks"] = _tasks(timezone.now()) if checks["database"] == OK else {"status": ERROR}
    required = ("database", "storage", "private_storage")
    if any(checks[part] != OK for part in required):
        status, code = ERROR, 503
    elif checks["cache"] != OK or checks["tasks"]["status"] != OK:
        status, code = "degraded", 200
    else:
        status, code = OK, 200
    return JsonResponse({"status": status, **checks}, status=code)
