"""The pages' moment pushed to each process (api.moment_push), with a real redis-server.

A second ``MomentMirror`` stands in for another worker process: its own thread, its own
subscription, hearing what this one's writers announce. The test that runs real gunicorn
workers is tests/site/test_page_cache_processes.py.
"""

import logging
import os
import signal
import threading
import time
from datetime import timedelta

import pytest
import redis as redis_client
from django.core.cache import cache
from django.utils import timezone

from api import freshness, moment_push
from api.moment_push import MomentMirror, mirror
from content.models import EntitySettings, HomePage
from tests.servers import RedisServer, free_port

pytestmark = pytest.mark.django_db


def until(condition, seconds=8.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def redis(settings):
    server = RedisServer(free_port()).start()
    settings.CACHES = server.as_cache("empuje")
    yield server
    mirror.stop()
    server.stop()


@pytest.fixture
def other_process(redis):
    other = MomentMirror()
    yield other
    other.stop()


def listening(one):
    one.moment()  # starts its thread
    return until(lambda: one.link() != 0)


def commands(server, *names):
    """How many of these commands the Redis server has answered so far."""
    stats = redis_client.Redis.from_url(server.url).info("commandstats")
    return sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in names)


def kept(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def publish_mission_title(title):
    page = HomePage.objects.get().get_children().get(slug="mision").specific
    page.title = title
    page.save_revision().publish()


def test_a_moment_read_once_is_then_kept_and_an_announced_one_reaches_every_process(
        redis, other_process):
    assert listening(mirror) and listening(other_process)
    assert mirror.moment() is None  # nothing read nor heard on this subscription yet
    freshness.pages_changed_at()  # an empty cache: read from the logs, then kept there
    assert mirror.moment() is None  # only what the cache gave is handed over
    read = cache.get(freshness.CACHE_KEY)
    freshness.pages_changed_at()  # a view: reads the cache, hands the copy over
    assert mirror.moment() == read

    freshness.data_changed()
    announced = cache.get(freshness.CACHE_KEY)
    assert announced > read
    assert mirror.moment() == announced  # the writer's own process: at once
    assert until(lambda: other_process.moment() == announced)  # the others: pushed


def test_a_kept_page_is_served_without_asking_redis_and_a_publish_shows_at_once(
        client, demo, redis):
    assert listening(mirror)
    client.get("/mision/")
    assert kept(client.get("/mision/"))
    asked = commands(redis, "get", "mget")
    for _ in range(20):
        response = client.get("/mision/")
        assert kept(response)
    # Within a second of the last read the copy is trusted: not one question per view.
    assert commands(redis, "get", "mget") - asked <= 2

    publish_mission_title("Misión anunciada por Redis")
    fresh = client.get("/mision/")
    assert not kept(fresh) and "Misión anunciada por Redis" in fresh.content.decode()
    assert kept(client.get("/mision/"))


def test_a_value_read_before_an_announcement_never_replaces_it(redis):
    assert listening(mirror)
    freshness.pages_changed_at()
    ticket = mirror.ticket()
    before = cache.get(freshness.CACHE_KEY)
    freshness.data_changed()  # heard between that read and its hand-over
    announced = cache.get(freshness.CACHE_KEY)
    mirror.saw(before, ticket)
    assert mirror.moment() == announced


def test_the_last_announcement_heard_wins_whatever_its_stamp(redis, other_process):
    """A writer whose clock is behind still announces a change: moments are versions,
    not compared (announcements are heard in the order the cache took them)."""
    assert listening(other_process)
    first = timezone.now()
    behind = first - timedelta(milliseconds=50)
    for moment in (first, behind):
        mirror.announce(moment, {freshness.CACHE_KEY: (moment, 5)})
    assert until(lambda: other_process.ticket()[1] == 2)  # both heard
    assert other_process.moment() == behind == cache.get(freshness.CACHE_KEY)


def test_writers_in_many_threads_leave_every_process_on_the_cache_s_moment(
        redis, other_process):
    assert listening(mirror) and listening(other_process)

    def write():
        for _ in range(25):
            freshness._announce(timezone.now())

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert until(lambda: other_process.ticket()[1] == 100)
    assert other_process.moment() == cache.get(freshness.CACHE_KEY)


def test_a_read_from_the_logs_never_overwrites_a_newer_announcement(redis, monkeypatch):
    """A reader found the moment expired and read the logs; a writer committed and
    announced before the reader wrote what it read: the older value must not replace
    the announcement."""

    class WriterAnnouncesFirst:
        def __getattr__(self, name):
            operation = getattr(cache, name)
            if name not in ("add", "set"):
                return operation

            def write(key, *args, **kwargs):
                if key == freshness.CACHE_KEY:
                    freshness._announce(timezone.now())
                return operation(key, *args, **kwargs)

            return write

    cache.delete(freshness.CACHE_KEY)
    monkeypatch.setattr(freshness, "cache", WriterAnnouncesFirst())
    read = freshness.pages_changed_at()
    monkeypatch.undo()
    assert cache.get(freshness.CACHE_KEY) > read  # every reader now sees the announcement


def test_threads_of_one_process_share_one_listener(redis):
    """Threaded workers (GUNICORN_THREADS): each thread has a cache object of its own,
    and all of them use the one copy and subscription of their process."""
    assert listening(mirror)
    freshness.pages_changed_at()
    freshness.pages_changed_at()
    link, listeners = mirror.link(), threading.active_count()
    seen = []

    def view():
        seen.append(freshness.pushed_moment())

    for _ in range(8):
        thread = threading.Thread(target=view)
        thread.start()
        thread.join()
    assert mirror.link() == link and threading.active_count() == listeners
    assert all(pushed is not None for pushed in seen)


def test_kept_copies_are_not_trusted_again_when_the_moment_comes_back(
        client, demo, redis, monkeypatch):
    """A change that leaves no log entry (the entity's data saved by code) is forgotten
    when the cache is emptied: the moment read from the logs is then the one pages were
    kept under before the change, and this process's copies of them must not return."""
    monkeypatch.setattr(moment_push, "TRUST_SECONDS", 0.1)
    assert listening(mirror)
    for _ in range(3):
        response = client.get("/mision/")
    assert kept(response)
    entity = EntitySettings.objects.get()
    entity.phone = "601 999 9999"
    entity.save()  # no view of /mision/ here meanwhile
    cache.clear()
    time.sleep(0.15)
    for _ in range(4):
        response = client.get("/mision/")
        assert "601 999 9999" in response.content.decode()
    assert kept(response)


def test_the_copy_is_trusted_for_a_moment_only_then_read_again(redis, monkeypatch):
    monkeypatch.setattr(moment_push, "TRUST_SECONDS", 0.1)
    assert listening(mirror)
    freshness.pages_changed_at()
    freshness.pages_changed_at()
    assert mirror.moment() is not None
    time.sleep(0.15)
    # A change the cache was told of while the announcement was lost would be read now.
    assert mirror.moment() is None
    freshness.pages_changed_at()
    assert mirror.moment() is not None


def test_with_redis_stopped_pages_are_drawn_and_nothing_missed_meanwhile_is_served(
        client, demo, redis):
    assert listening(mirror)
    client.get("/mision/")
    assert kept(client.get("/mision/"))
    redis.stop()
    assert until(lambda: mirror.link() == 0)
    assert mirror.moment() is None
    response = client.get("/mision/")
    assert response.status_code == 200 and not kept(response)

    publish_mission_title("Misión publicada sin Redis")  # the announcement is lost
    redis.start()  # back, empty, on the same port
    assert until(lambda: mirror.link() != 0)
    for _ in range(3):
        response = client.get("/mision/")
        assert "Misión publicada sin Redis" in response.content.decode()
    assert kept(response)


def test_a_redis_that_stops_answering_is_given_up_and_listened_to_again(redis):
    assert listening(mirror)
    freshness.pages_changed_at()
    freshness.pages_changed_at()
    assert mirror.moment() is not None
    os.kill(redis._process.pid, signal.SIGSTOP)  # connections stay open, nothing answers
    try:
        assert until(lambda: mirror.link() == 0, seconds=10)
        assert mirror.moment() is None
    finally:
        os.kill(redis._process.pid, signal.SIGCONT)
    assert until(lambda: mirror.link() != 0, seconds=10)


def test_an_outage_is_logged_once_however_long_it_lasts(redis, caplog):
    caplog.set_level(logging.INFO, logger="convive.cache")
    assert listening(mirror)
    redis.stop()
    assert until(lambda: mirror.link() == 0)
    time.sleep(3.5)  # the thread retries every second meanwhile
    redis.start()
    assert until(lambda: mirror.link() != 0)
    said = [record.getMessage() for record in caplog.records
            if record.name == "convive.cache" and "aviso de cambios" in record.getMessage()]
    assert len(said) == 2, said
    assert "interrumpido" in said[0] and said[1] == "aviso de cambios de Redis restablecido"
