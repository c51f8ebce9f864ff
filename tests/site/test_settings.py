"""Production settings: secure by default, refusing the development key."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.site.production import clean_env

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    # An empty database, as on a fresh deployment before migrate.
    result = _manage(
        "check", "--deploy", "--fail-level", "DEBUG",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="k8$Jq2!vZr#p7Wm@x4Lc9Nf6Yh3Td1Sb5Gg0Ue8Ai2Ko7Rj4Pl6Qm9Xw3Vz1Ey5",
        ALLOWED_HOSTS="convive.example.gov.co",
        PUBLIC_BASE_URL="https://convive.example.gov.co",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_secret_key_fails_with_one_line():
    result = _manage("check", DEBUG="0")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "SECRET_KEY" in lines[0]
    assert "Traceback" not in result.stderr


def test_production_with_the_development_key_is_refused():
    from convive.settings import DEVELOPMENT_SECRET_KEY

    result = _manage("check", DEBUG="0", SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


PRODUCTION = {
    "DEBUG": "0", "SECRET_KEY": "k8$Jq2!vZr#p7Wm@x4Lc9Nf6Yh3Td1Sb5Gg0Ue8Ai2Ko7Rj4Pl6Qm9Xw3Vz1Ey5",
    "PUBLIC_BASE_URL": "https://convive.example.gov.co",
    "DATABASE_URL": "postgres://convive@127.0.0.1:5432/convive", "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize("missing, named", [
    ("DATABASE_URL", "DATABASE_URL"), ("PUBLIC_BASE_URL", "PUBLIC_BASE_URL"),
    ("REDIS_URL", "REDIS_URL o CACHE_URL"),
])
def test_production_refuses_to_start_without_a_required_setting(missing, named):
    """No silent SQLite file per server, no host guessed from requests, no per-process cache."""
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = _manage("check", **env)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and named in lines[0] and lines[0].startswith("Error de configuración")


@pytest.mark.parametrize("value", ["convive.example.gov.co", "https://convive.example.gov.co/portal",
                                   "ftp://convive.example.gov.co", "https://user@convive.gov.co"])
def test_a_malformed_public_base_url_is_refused(value):
    result = _manage("check", **{**PRODUCTION, "PUBLIC_BASE_URL": value})
    assert result.returncode == 2 and "PUBLIC_BASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_there_are_no_model_changes_without_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_language_and_time_zone_are_colombian(settings):
    assert settings.LANGUAGE_CODE == "es-co"
    assert settings.TIME_ZONE == "America/Bogota"
    assert settings.USE_I18N


@pytest.mark.parametrize("env, named", [
    ({"PROXY_CACHE_SECONDS": "600"}, "PROXY_CACHE_SECONDS necesita FRONTEND_CACHE_PURGE_URLS"),
    ({"FRONTEND_CACHE_PURGE_URLS": "varnish:6081"}, "FRONTEND_CACHE_PURGE_URLS"),
])
def test_a_proxy_that_could_not_be_purged_is_refused(env, named):
    """Pages a proxy keeps without being told of changes would stay as they were."""
    result = _manage("check", **{**PRODUCTION, **env})
    assert result.returncode == 2 and named in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_a_cache_private_to_each_process(tmp_path):
    # With gunicorn's workers each counting in its own memory, 75 tracking guesses in a
    # row got no 429: a production server must share its cache.
    key = "k8$Jq2!vZr#p7Wm@x4Lc9Nf6Yh3Td1Sb5Gg0Ue8Ai2Ko7Rj4Pl6Qm9Xw3Vz1Ey5"
    database = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    for cache in ({}, {"CACHE_URL": "locmemcache://"}, {"CACHE_URL": "dummycache://"}):
        result = _manage("check", DEBUG="0", SECRET_KEY=key, DATABASE_URL=database,
                         ALLOWED_HOSTS="convive.example.gov.co",
                         PUBLIC_BASE_URL="https://convive.example.gov.co", **cache)
        assert result.returncode == 2, (cache, result.stderr)
        assert "REDIS_URL" in result.stderr and "Traceback" not in result.stderr
    shared = _manage("check", DEBUG="0", SECRET_KEY=key, DATABASE_URL=database,
                     ALLOWED_HOSTS="convive.example.gov.co",
                     PUBLIC_BASE_URL="https://convive.example.gov.co",
                     CACHE_URL=f"filecache://{tmp_path / 'cache'}")
    assert shared.returncode == 0, shared.stderr


def test_the_https_redirect_goes_to_the_public_host():
    """SecurityMiddleware redirects before the host is pinned: it must not use the Host the
    request named (an outside review got Location: https://127.0.0.1/… and :8443)."""
    result = _manage("shell", "-v", "0", "-c",
                     "from django.conf import settings; print(settings.SECURE_SSL_HOST)",
                     **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "convive.example.gov.co"
