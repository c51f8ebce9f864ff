"""Prometheus metrics, served on an address of their own that is never public.

gunicorn's master serves them (deploy/gunicorn.conf.py, METRICS_BIND, e.g.
127.0.0.1:9100), gathering what every worker process wrote to
PROMETHEUS_MULTIPROC_DIR; the task worker writes there too when it runs on the same
host. Nothing here is served by Django, so no URL of the site exposes them. Labels
carry route names and status classes, never a path with an id or anything typed.
"""

import logging

from prometheus_client import Counter, Histogram

logger = logging.getLogger(__name__)
_warned = False


def _safely(action) -> None:
    """A metric that cannot be written (PROMETHEUS_MULTIPROC_DIR missing or read-only)
    is dropped with one warning: counting must never fail a request, a task or the
    transaction that records a sent notice (which would send it again)."""
    global _warned
    try:
        action()
    except Exception as exc:  # noqa: BLE001 - any failure of the metrics library
        if not _warned:
            _warned = True
            logger.warning("métricas desactivadas en este proceso: %s: %s",
                           type(exc).__name__, exc)

REQUESTS = Counter("convive_http_requests_total", "Peticiones HTTP atendidas",
                   ["method", "route", "status"])
LATENCY = Histogram("convive_http_request_duration_seconds", "Tiempo de respuesta",
                    ["route"], buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
TASKS = Counter("convive_tasks_total", "Tareas en segundo plano terminadas",
                ["task", "status"])
NOTICES = Counter("convive_notices_total", "Intentos de envío de avisos por correo",
                  ["result"])


def _route(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "sin_ruta"
    name = match.view_name or ""
    # Wagtail serves every portal page through one catch-all view.
    return name or match.route or "sin_nombre"


def observe_request(request, response, elapsed: float) -> None:
    route = _route(request)
    status = f"{response.status_code // 100}xx"
    method = request.method if request.method in ("GET", "HEAD", "POST", "PUT", "PATCH",
                                                  "DELETE", "OPTIONS") else "otro"
    _safely(lambda: REQUESTS.labels(method, route, status).inc())
    _safely(lambda: LATENCY.labels(route).observe(elapsed))


def task_finished(sender, task_result, **kwargs) -> None:
    _safely(lambda: TASKS.labels(task_result.task.name, str(task_result.status)).inc())


def count_notice(result: str) -> None:
    _safely(lambda: NOTICES.labels(result).inc())
