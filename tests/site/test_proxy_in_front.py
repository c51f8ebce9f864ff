"""A real Varnish (deploy/varnish.vcl) in front of a real server: the proxy answers from
memory, and after a publish, an unpublish, a new address or a change of the footer's data,
never as before, under any spelling of the address.

The server runs in its own process on its own SQLite file, deployed as production is
(migrate, setup_roles; no demo); changes are made as staff would make them, from another
process (``manage.py shell``), which is where the purge comes from.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.site.production import clean_env

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists()
                                        else None)
if VARNISHD is None:
    pytest.skip("Varnish no está instalado (make system-deps)", allow_module_level=True)

# The VCL the project ships, pointed at the test server.
VCL = ROOT / "deploy" / "varnish.vcl"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url):
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} no respondió")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("proxy-in-front")
    port, proxy_port, ban_port = _free_port(), _free_port(), _free_port()
    proxy = f"http://127.0.0.1:{proxy_port}"
    env = clean_env(
        DEBUG="0", SECRET_KEY="proxy-tests-only-" + "k" * 40, ALLOWED_HOSTS="127.0.0.1",
        REQUIRE_SHARED_CACHE="0",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}", MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"), EMAIL_URL="dummymail://",
        # Citizens reach the portal through the proxy: its address is the public one.
        PUBLIC_BASE_URL=proxy, PROXY_CACHE_SECONDS="3600",
        FRONTEND_CACHE_PURGE_URLS=f"http://127.0.0.1:{ban_port}",
        # As behind the TLS proxy: plain http:// is redirected (the requests below say
        # https through X-Forwarded-Proto, as nginx would).
        SECURE_SSL_REDIRECT="1",
        CACHE_URL=f"filecache://{workdir / 'cache'}", TASKS_BACKEND="immediate",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["setup_roles", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True,
                       timeout=300)
    vcl = VCL.read_text()
    assert '.port = "8000";' in vcl
    (workdir / "default.vcl").write_text(vcl.replace('.port = "8000";', f'.port = "{port}";'))
    server = subprocess.Popen(
        manage + ["runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # -j none: run as this user, in a folder only this user may read.
    varnish = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-a", f"public=127.0.0.1:{proxy_port}",
         "-a", f"purge=127.0.0.1:{ban_port}",
         "-f", str(workdir / "default.vcl"), "-n", str(workdir / "varnish"), "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        _wait_for(proxy + "/healthz")

        def change(code):
            subprocess.run(manage + ["shell", "-v0", "-c", code], env=env, cwd=ROOT,
                           check=True, capture_output=True, timeout=120)

        change(PAGE.format(title="Política de datos, primera versión"))
        yield proxy, change, f"http://127.0.0.1:{ban_port}"
    finally:
        for process in (varnish, server):
            process.terminate()
            process.wait(timeout=20)


PAGE = """
from wagtail.models import Site
from content.models import InformationPage
home = Site.objects.get(is_default_site=True).root_page
page = InformationPage.objects.filter(slug="politica").first()
if page is None:
    page = InformationPage(title="x", slug="politica", body="<p>Texto.</p>")
    home.add_child(instance=page)
page.title = "{title}"
page.save_revision().publish()
"""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _get(url, method="GET", scheme="https"):
    request = urllib.request.Request(url, method=method, headers={"X-Forwarded-Proto": scheme})
    try:
        with _opener.open(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def _from_the_proxys_memory(headers) -> bool:
    # Varnish names the request and, on a hit, the one that filled its memory.
    return len(headers["X-Varnish"].split()) == 2


def test_the_proxy_answers_a_page_from_memory_until_it_is_published_again(site):
    proxy, change, _ = site
    _get(proxy + "/politica/")
    status, headers, body = _get(proxy + "/politica/")
    assert status == 200 and _from_the_proxys_memory(headers)
    assert "primera versión" in body

    change(PAGE.format(title="Política de datos, segunda versión"))
    status, headers, body = _get(proxy + "/politica/")
    assert status == 200 and not _from_the_proxys_memory(headers)
    assert "segunda versión" in body and "primera versión" not in body


def test_a_change_in_the_footer_reaches_every_page_the_proxy_kept(site):
    proxy, change, _ = site
    for path in ("/", "/politica/"):
        _get(proxy + path)
        assert _from_the_proxys_memory(_get(proxy + path)[1])
    change("from wagtail.models import Site\n"
           "from content.models import EntitySettings\n"
           "entity = EntitySettings.for_site(Site.objects.get(is_default_site=True))\n"
           "entity.phone = '(601) 555 0142'\n"
           "entity.save()\n")
    for path in ("/", "/politica/"):
        status, headers, body = _get(proxy + path)
        assert status == 200 and "(601) 555 0142" in body, path


def test_a_page_given_a_new_address_or_unpublished_is_gone_from_the_proxy(site):
    proxy, change, _ = site
    _get(proxy + "/politica/")
    assert _from_the_proxys_memory(_get(proxy + "/")[1])
    change("from content.models import InformationPage\n"
           "page = InformationPage.objects.get(slug='politica')\n"
           "page.slug = 'politica-de-datos'\n"
           "page.save_revision().publish()\n")
    # Wagtail leaves a redirect at the old address: the proxy asks the server for it.
    status, headers, _ = _get(proxy + "/politica/")
    assert status in (301, 302) and headers["Location"].endswith("/politica-de-datos/")
    assert not _from_the_proxys_memory(headers)
    status, _, body = _get(proxy + "/politica-de-datos/")
    assert status == 200 and "segunda versión" in body
    assert _from_the_proxys_memory(_get(proxy + "/politica-de-datos/")[1])

    change("from content.models import InformationPage\n"
           "InformationPage.objects.get(slug='politica-de-datos').unpublish()\n")
    assert _get(proxy + "/politica-de-datos/")[0] == 404


def test_the_proxy_keeps_no_blank_form_and_nothing_for_a_query(site):
    proxy, _, _ = site
    for path in ("/buscar/?q=convivencia", "/admin/login/"):
        _get(proxy + path)
        status, headers, _ = _get(proxy + path)
        assert not _from_the_proxys_memory(headers), path
        assert "public" not in headers.get("Cache-Control", ""), path


def test_other_spellings_of_an_address_are_gone_from_the_proxy_with_the_page(site):
    proxy, change, _ = site
    change(PAGE.format(title="Política de datos, tercera versión").replace(
        'slug="politica"', 'slug="politica-variantes"').replace(
        'filter(slug="politica")', 'filter(slug="politica-variantes")'))
    spellings = ["/politica-variantes/", "/politica-variantes/?", "/%70olitica-variantes/"]
    for path in spellings:
        _get(proxy + path)
    assert _from_the_proxys_memory(_get(proxy + spellings[0])[1])
    change("from content.models import InformationPage\n"
           "InformationPage.objects.get(slug='politica-variantes').unpublish()\n")
    for path in spellings:
        status, headers, body = _get(proxy + path)
        assert status == 404 and "tercera versión" not in body, path


def test_a_plain_http_redirect_is_never_served_to_https_visitors(site):
    proxy, _, _ = site
    status, headers, _ = _get(proxy + "/", scheme="http")
    assert status == 301 and headers["Location"].startswith("https://")
    status, headers, _ = _get(proxy + "/")
    assert status == 200


def test_visitors_cannot_empty_the_proxy_and_the_portal_can(site):
    proxy, _, ban_address = site
    _get(proxy + "/")
    assert _from_the_proxys_memory(_get(proxy + "/")[1])
    for method in ("BAN", "PURGE"):
        assert _get(proxy + "/", method=method)[0] == 405
    assert _from_the_proxys_memory(_get(proxy + "/")[1])
    assert _get(ban_address + "/", method="BAN")[0] == 200
    assert not _from_the_proxys_memory(_get(proxy + "/")[1])


def test_a_petition_empties_the_proxys_api_answers_but_not_its_pages(site):
    # A filing or a staff step calls petitions_changed (tests/api/test_petition_freshness.py).
    proxy, change, _ = site
    statistics = "/api/statistics/pqrsd/"
    for path in ("/", statistics):
        _get(proxy + path)
        assert _from_the_proxys_memory(_get(proxy + path)[1]), path
    change("from django.db import transaction\n"
           "from api.freshness import petitions_changed\n"
           "with transaction.atomic():\n"
           "    petitions_changed()\n")
    assert not _from_the_proxys_memory(_get(proxy + statistics)[1])
    assert _from_the_proxys_memory(_get(proxy + "/")[1])
