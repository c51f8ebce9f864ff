"""Kept pages across real gunicorn workers sharing a real Redis: a view of a kept page asks
Redis nothing (the moment is pushed to each worker, api.moment_push), and a change made
from another process shows in every worker at once.

The server runs in its own processes on its own SQLite file with the demo loaded; changes
are made as staff would make them, from another process (``manage.py shell``).
"""

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis as redis_client

from tests.servers import RedisServer, free_port
from tests.site.production import clean_env

ROOT = Path(__file__).resolve().parents[2]
VIEWS = 40


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("page-cache-processes")
    redis = RedisServer(free_port()).start()
    port = free_port()
    env = clean_env(
        DEBUG="0", SECRET_KEY="processes-tests-only-" + "p" * 40, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        DATABASE_URL=f"sqlite:///{workdir / 'site.sqlite3'}", MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"), STATIC_ROOT=str(workdir / "static"),
        EMAIL_URL="dummymail://", TASKS_BACKEND="immediate", REDIS_URL=redis.url,
        LOG_LEVEL="WARNING",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--force", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, capture_output=True,
                       timeout=600)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
         "convive.wsgi"], cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)

        changers = []

        def change(code):
            """Runs ``code`` as staff would, from another process, and returns as soon as it
            is done: the process still has to exit, which takes longer than a worker's
            trust in its copy of the moment lasts (api.moment_push.TRUST_SECONDS)."""
            done = workdir / f"done-{len(changers)}"
            changer = subprocess.Popen(
                manage + ["shell", "-v0", "-c", f"{code}\nopen({str(done)!r}, 'w').close()\n"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            changers.append(changer)
            deadline = time.monotonic() + 120
            while not done.exists():
                assert changer.poll() is None, changer.stderr.read()
                assert time.monotonic() < deadline, "el cambio no terminó"
                time.sleep(0.005)

        yield f"http://127.0.0.1:{port}", change, redis
    finally:
        for changer in changers:
            changer.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
        redis.stop()


def view(url):
    """A visitor's view, on a connection of its own (so either worker may answer)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get("X-Page-Cache"), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, None, ""


def questions(redis):
    stats = redis_client.Redis.from_url(redis.url).info("commandstats")
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget"))


def test_kept_pages_are_served_by_every_worker_without_asking_redis(site):
    base, _, redis = site
    for _ in range(VIEWS):  # each worker renders it or fetches it once, then keeps a copy
        assert view(base + "/mision/")[0] == 200
    asked = questions(redis)
    started = time.monotonic()
    answers = [view(base + "/mision/") for _ in range(VIEWS)]
    elapsed = time.monotonic() - started
    assert all(status == 200 and cache == "hit" for status, cache, _ in answers)
    # Each worker reads the moment again once a second at most; never once per view.
    assert questions(redis) - asked <= 2 * (elapsed + 1) * 2 < VIEWS


@contextmanager
def visitors(url):
    """Views of ``url`` all along, as on a busy day: every worker keeps trusting its copy of
    the moment, so only what it is told reaches it (a quiet worker would ask Redis)."""
    stop = threading.Event()

    def keep_viewing():
        while not stop.is_set():
            view(url)

    threads = [threading.Thread(target=keep_viewing) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def views_right_after(change, code, url):
    """Views of ``url`` as soon as ``code`` has run in another process, while visitors keep
    viewing it."""
    with visitors(url):
        change(code)
        return [view(url) for _ in range(VIEWS)]


def test_a_publish_and_an_unpublish_from_another_process_show_in_every_worker_at_once(site):
    base, change, _ = site
    for _ in range(VIEWS):
        view(base + "/mision/")
    answers = views_right_after(change, "from content.models import MissionPage\n"
                                        "page = MissionPage.objects.get()\n"
                                        "page.title = 'Misión, versión anunciada'\n"
                                        "page.save_revision().publish()\n", base + "/mision/")
    assert all(status == 200 and "Misión, versión anunciada" in body
               for status, _, body in answers)
    assert answers[-1][1] == "hit"

    answers = views_right_after(change, "from content.models import MissionPage\n"
                                        "MissionPage.objects.get().unpublish()\n",
                                base + "/mision/")
    assert all(status == 404 for status, _, _ in answers)


def test_a_records_change_from_another_process_shows_on_the_territories_page_at_once(site):
    base, change, _ = site
    for _ in range(VIEWS):
        view(base + "/territorios/")
    answers = views_right_after(
        change, "from records.models import Territory\n"
                "locality = Territory.objects.order_by('pk').first().locality\n"
                "locality.name = 'Localidad Renombrada en Registros'\n"
                "locality.save()\n", base + "/territorios/")
    assert all("Localidad Renombrada en Registros" in body for _, _, body in answers)
