"""/healthz tells the truth, and the site keeps serving when the shared cache goes away.

Redis here is a redis-server the test starts on its own port and stops mid-run; the
storage check meets a real directory that disappears.
"""

import re

import pytest
from django.core.cache import cache

from tests.citizens.conftest import FORM_URL, TRACKING_URL, petition_data
from tests.servers import RedisServer, free_port

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_part(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "storage": "ok", "private_storage": "ok",
        "cache": "ok", "tasks": {"status": "ok", "oldest_waiting_seconds": None}}


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_is_503_when_private_storage_is_gone(client, db, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "convive.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": "/proc/no-montado"}}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["private_storage"] == "error"
    assert "no-montado" not in response.content.decode()
    # A folder not made yet (a new deploy before its first upload) is not a fault.
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "convive.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "nueva")}}}
    assert client.get("/healthz").status_code == 200


def test_a_late_task_queue_is_reported_as_degraded(client, db, task_worker, settings):
    """No worker running: the oldest queued task ages past the limit."""
    import datetime

    from django_tasks_db.models import DBTaskResult

    from citizens.tasks import deliver_notice

    deliver_notice.enqueue(0)
    settings.HEALTH_MAX_TASK_AGE_SECONDS = 60
    DBTaskResult.objects.update(enqueued_at=datetime.datetime.now(datetime.UTC)
                                - datetime.timedelta(minutes=5))
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["tasks"]["status"] == "atrasada"
    assert body["tasks"]["oldest_waiting_seconds"] >= 300
    task_worker()
    assert client.get("/healthz").json()["tasks"]["status"] == "ok"


@pytest.fixture
def redis(settings):
    server = RedisServer(free_port()).start()
    settings.CACHES = server.as_cache("salud")
    yield server
    server.stop()


def test_with_redis_stopped_reading_and_filing_keep_working(demo, client, redis):
    assert client.get("/healthz").json()["cache"] == "ok"
    assert client.get("/api/territories/").status_code == 200
    cache.set("probe", "in redis")
    assert cache.get("probe") == "in redis"  # the real server is in use

    redis.stop()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["cache"] == "error"
    for url in ("/", "/api/territories/", "/api/catalog/", TRACKING_URL, FORM_URL):
        assert client.get(url).status_code == 200, url
    response = client.post(FORM_URL, petition_data())
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r"Código de consulta: <strong><code>([A-Z0-9]{12})</code>", receipt).group(1)
    from citizens.models import Petition

    petition = Petition.objects.latest("pk")
    tracked = client.post(TRACKING_URL, {"radicado": petition.radicado, "code": code})
    assert tracked.status_code == 200 and "Radicada" in tracked.content.decode()
    api = client.post("/api/pqrsd/", petition_data(type="queja", petition_type=None,
                                                   consent=True),
                      content_type="application/json")
    assert api.status_code == 201 and api.json()["tracking_code"]

    redis.start()  # back on the same port
    assert client.get("/healthz").json()["status"] == "ok"
    cache.set("probe", "again")
    assert cache.get("probe") == "again"
