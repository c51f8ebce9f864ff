"""Backup and restore, as README tells an operator: `manage.py backup` of a site with data
and files in both buckets, then `manage.py restore` into a fresh database and other
buckets, with row counts and checksums compared independently of the command.

PostgreSQL at 127.0.0.1:5432 when it answers (the CI's PostgreSQL pass), otherwise
SQLite files; buckets on a moto server of the test's own.
"""

import hashlib
import json
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.servers import MotoServer, free_port
from tests.site.production import clean_env, fresh_databases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def databases(tmp_path):
    with fresh_databases(tmp_path, "origen", "destino") as urls:
        yield urls


@pytest.fixture
def moto():
    server = MotoServer(free_port()).start()
    yield server
    server.stop()


def site_env(tmp_path, database, moto, label):
    s3 = moto.client()
    buckets = {kind: f"{label}-{kind}-{uuid.uuid4().hex[:6]}" for kind in ("publico", "privado")}
    for name in buckets.values():
        s3.create_bucket(Bucket=name)
    env = clean_env(**{
        "DEBUG": "0", "SECRET_KEY": "backup-test-" + uuid.uuid4().hex * 2,
        "PUBLIC_BASE_URL": "https://convive.example.gov.co",
        "ALLOWED_HOSTS": "convive.example.gov.co", "DATABASE_URL": database,
        "CACHE_URL": f"filecache://{tmp_path / ('cache-' + label)}",
        "EMAIL_URL": "dummymail://", "LOG_LEVEL": "WARNING",
        # No collectstatic here: pages render with the plain static storage.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "FILE_STORAGE": "s3", "S3_ENDPOINT_URL": moto.endpoint, "S3_ADDRESSING_STYLE": "path",
        "S3_ACCESS_KEY_ID": "pruebas", "S3_SECRET_ACCESS_KEY": "pruebas",
        "S3_PUBLIC_BUCKET": buckets["publico"], "S3_PRIVATE_BUCKET": buckets["privado"],
        "S3_PUBLIC_URL": f"{moto.endpoint}/{buckets['publico']}",
    })
    return env, buckets


def manage(env, *args, check=True):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=900)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_a_backup_restores_into_a_fresh_database_and_other_buckets(tmp_path, databases, moto):
    origin, origin_buckets = site_env(tmp_path, databases[0], moto, "origen")
    manage(origin, "migrate", "--noinput", "-v0")
    manage(origin, "load_demo", "--force", "-v0")  # rows, and files in both buckets

    copy = tmp_path / "copia"
    made = manage(origin, "backup", str(copy)).stdout
    assert "Copia lista" in made
    assert stat.S_IMODE(copy.stat().st_mode) == 0o700  # it holds personal data
    manifest = json.loads((copy / "manifest.json").read_text())
    assert manifest["files"]["default"] and manifest["files"]["private"]
    assert manifest["rows"]["citizens_petition"] > 0

    target, target_buckets = site_env(tmp_path, databases[1], moto, "destino")
    # A damaged copy is refused before anything is touched (the restore below then works).
    import shutil

    for damage in ("file", "name", "manifest"):
        bad = tmp_path / f"dañada-{damage}"
        shutil.copytree(copy, bad)
        bad_manifest = json.loads((bad / "manifest.json").read_text())
        if damage == "file":
            name = next(iter(bad_manifest["files"]["private"]))
            (bad / "files" / "private" / name).write_bytes(b"alterado")
        elif damage == "name":
            bad_manifest["files"]["private"]["/etc/hostname"] = "0" * 64
        else:
            del bad_manifest["vendor"]
        (bad / "manifest.json").write_text(json.dumps(bad_manifest))
        refused = manage(target, "restore", str(bad), check=False)
        assert refused.returncode != 0 and "no se modificó nada" in refused.stderr, damage
        assert "Traceback" not in refused.stderr
    restored = manage(target, "restore", str(copy)).stdout
    assert "Restauración verificada" in restored

    # Checked again here, without the command's own verification.
    name, digest = next(iter(manifest["files"]["private"].items()))
    body = moto.client().get_object(Bucket=target_buckets["privado"], Key=name)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == digest
    counted = manage(target, "shell", "-v", "0", "-c", (
        "from citizens.models import Petition; from records.models import AuditEntry, Territory;"
        "print(Petition.objects.count(), AuditEntry.objects.count(), Territory.objects.count())"
    )).stdout.split()
    assert list(map(int, counted)) == [manifest["rows"]["citizens_petition"],
                                       manifest["rows"]["records_auditentry"],
                                       manifest["rows"]["records_territory"]]
    # The restored site serves: a request through the whole stack.
    page = manage(target, "shell", "-v", "0", "-c", (
        "from django.test import Client;"
        "print(Client(HTTP_HOST='convive.example.gov.co', HTTP_X_FORWARDED_PROTO='https')"
        ".get('/').status_code)")).stdout.strip()
    assert page == "200"

    again = manage(target, "restore", str(copy), check=False)
    assert again.returncode != 0 and "no está vacía" in again.stderr

    # Nightly backups keep the newest ones only.
    for night in ("2", "3"):
        manage(origin, "backup", "--keep", "2", str(tmp_path / "copias" / night))
    (tmp_path / "copias" / "otra-cosa").mkdir()  # not a backup: never deleted
    manage(origin, "backup", "--keep", "2", str(tmp_path / "copias" / "4"))
    assert sorted(p.name for p in (tmp_path / "copias").iterdir()) == ["3", "4", "otra-cosa"]
