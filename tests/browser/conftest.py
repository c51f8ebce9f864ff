"""A real server and a real headless Chromium for black-box browser tests.

The server runs in its own process on its own SQLite file, built with the same
commands a newcomer runs (migrate, load_demo), so these tests see exactly what
a citizen would and never touch the suite's test database.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright no está instalado")
if CHROMIUM is None:
    pytest.skip("Chromium de Debian no está instalado (apt-get install chromium)", allow_module_level=True)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def portal_url(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("browser-site")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")},
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DATABASE_URL": f"sqlite:///{workdir / 'browser.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "EMAIL_URL": "dummymail://",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        # Redaction jobs and notices run right after each request, as in development.
        "TASKS_BACKEND": "immediate",
        # Production refuses a per-process cache; files are shared by the server's threads.
        "CACHE_URL": f"filecache://{workdir / 'cache'}",
        # One trusted proxy: a test that locks out logins does it for its own address
        # (X-Forwarded-For), not for 127.0.0.1, which every other test logs in from.
        "NUM_PROXIES": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--force", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    server = subprocess.Popen(
        manage + ["runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("El servidor de pruebas no arrancó")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


# Package scope: the browser and its driver stop when the browser tests end. Playwright's
# driver is watched by an asyncio thread, and a thread left running for the rest of the
# session would keep redaction (tests/redaction/test_parallel.py) from forking.
@pytest.fixture(scope="package")
def browser():
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="es-CO", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def inject_axe(tab):
    """Load axe-core through the DevTools protocol: the portal's policy (rightly) refuses
    the inline script tag a test would otherwise add, and the page's own CSP stays on."""
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")


def log_in(tab, portal_url, door, username):
    """Log in through a login page (/admin/login/ or /cms/login/) as a demo account."""
    tab.goto(portal_url + door)
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill("convive-demo")
    tab.locator("form [type=submit]").first.click()
    tab.wait_for_load_state()


def file_petition(tab, *, kind="queja", subject="Ruido constante en el parque",
                  description="Desde hace un mes hay ruido todas las noches.",
                  name="Carlos Andrés Díaz", email="carlos@example.org"):
    """Fill in and send the PQRSD form open in ``tab``, as a citizen would (fields that
    are already typed keep what they have when the argument is None)."""
    tab.get_by_label("Tipo de solicitud").select_option(kind)
    for label, value in (("Asunto", subject), ("Descripción", description),
                         ("Nombre completo", name)):
        if value is not None:
            tab.get_by_label(label).fill(value)
    tab.get_by_role("textbox", name="Correo electrónico").fill(email)
    tab.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    tab.get_by_role("button", name="Radicar solicitud").click()
    tab.wait_for_load_state()
