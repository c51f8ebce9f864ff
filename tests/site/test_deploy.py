"""A deploy from an empty database, as README's «Deploying» tells an operator: release.sh
(check --deploy, migrate, setup_roles, collectstatic) and nothing from load_demo. Then
each role does its job, the task worker delivers the notices to a real SMTP server, and
gunicorn serves the site with the deploy's own configuration.

PostgreSQL at 127.0.0.1:5432 when it answers (CI), otherwise a SQLite file.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.servers import SMTPServer, free_port
from tests.site.production import clean_env, fresh_databases

ROOT = Path(__file__).resolve().parents[2]
HOST = "convive.example.gov.co"


@pytest.fixture
def empty_database(tmp_path):
    with fresh_databases(tmp_path, "deploy") as (url,):
        yield url


@pytest.fixture
def production_env(tmp_path, empty_database):
    smtp_port = free_port()
    env = clean_env(**{
        "DEBUG": "0", "SECRET_KEY": "deploy-test-" + uuid.uuid4().hex * 2,
        "PUBLIC_BASE_URL": f"https://{HOST}", "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DATABASE_URL": empty_database,
        # A shared cache without Redis: this test is about the deploy, not the cache.
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_TIMEOUT": "2",
        "DEPLOY_HOST": HOST, "PYTHON": sys.executable, "LOG_LEVEL": "WARNING",
    })
    env["SMTP_PORT"] = str(smtp_port)
    return env


def run(args, env, **kwargs):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def audit_entries(env) -> int:
    return int(run([sys.executable, "manage.py", "shell", "-v", "0", "-c",
                    "from records.models import AuditEntry; print(AuditEntry.objects.count())"],
                   env).strip())


def test_a_deploy_without_the_demo_lets_every_role_work(production_env):
    env = production_env
    first = run(["bash", "deploy/release.sh"], env)
    assert "Roles y flujo editorial listos." in first
    assert f"Portal: https://{HOST}/" in first
    entries = audit_entries(env)
    second = run(["bash", "deploy/release.sh"], env)  # idempotent: nothing to do again
    assert "No migrations to apply." in second and audit_entries(env) == entries

    found = json.loads(run([sys.executable, "tests/site/deploy_jobs.py"], env).splitlines()[-1])
    assert found["empty"] == {"users": 0, "territories": 0, "petitions": 0, "units": 0}
    assert {"Redactores", "Revisores", "Aprobadores", "Coordinación", "Gestores territoriales",
            "Analistas", "Dependencias (PQRSD)"} <= set(found["groups"])
    assert found["editor"] == {"status": 302, "created": True, "live_after_submit": False,
                               "in_workflow": True}
    assert found["revisor"] == {"task": "Revisión", "status": 302, "live": False}
    assert found["aprobador"] == {"task": "Aprobación y publicación", "status": 302,
                                  "live": True}
    assert found["public_page"] == 200
    assert found["gestor"] == {"status": 302, "activity": 1}
    assert found["citizen"] == {"status": 201, "code": True}
    assert found["coordinadora"] == 302
    assert found["unit"] == {"sees_it": 200, "start": 302, "answer": 302,
                             "petition_status": "respondida"}
    assert found["notices_waiting"] == 2  # filing and answer: the worker sends them

    smtp = SMTPServer(int(env["SMTP_PORT"])).start()
    try:
        run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
             "--interval", "0"], env)
    finally:
        smtp.stop()
    to_citizen = [m for m in smtp.inbox.messages if "To: ana@example.org" in m]
    assert len(to_citizen) == 2  # filing and answer
    assert any("Respuesta a su solicitud" in m for m in to_citizen)
    # Wagtail's workflow notices went through the same queue, linking the public address.
    to_staff = [m for m in smtp.inbox.messages if "@example.gov.co" in m.split("\r\n\r\n")[0]]
    assert to_staff and all(f"https://{HOST}/cms/" in m for m in to_staff)

    port, metrics_port = free_port(), free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
         "convive.wsgi"], cwd=ROOT, env={
            **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
            "METRICS_BIND": f"127.0.0.1:{metrics_port}",
            "PROMETHEUS_MULTIPROC_DIR": str(Path(env["STATIC_ROOT"]).parent / "metrics"),
            "LOG_LEVEL": "INFO"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        health = None
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        assert health is not None and health.status == 200, server.stderr.read()[-3000:] \
            if server.poll() is not None else "healthz no respondió 200"
        home = urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/", headers={"Host": HOST, "X-Forwarded-Proto": "https"}),
            timeout=5)
        assert home.status == 200 and "Secretaría" in home.read().decode()
        request_id = home.headers["X-Request-ID"]
        # Metrics on their own port, gathered from both workers; never on the site.
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics",
                                         timeout=5).read().decode()
        assert 'convive_http_requests_total{method="GET",route="healthz",status="2xx"}' in metrics
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/metrics",
                headers={"Host": HOST, "X-Forwarded-Proto": "https"}), timeout=5)
        assert refused.value.code == 404
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    # One JSON line per request, with the id the client got back.
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    served = [line for line in lines if line.get("request_id") == request_id]
    assert served and served[0]["logger"] == "convive.request" and served[0]["status"] == 200
    assert {"time", "level", "logger", "message", "request_id"} <= set(served[0])
