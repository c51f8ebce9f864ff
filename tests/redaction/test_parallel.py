"""Long documents read in page ranges on several processes give what one pass gives.

What crosses a range boundary is where a split can go wrong: a titled table
that runs on over the next page (its rows there have no header and no cue),
and a name found by its cue in one range and written without one in another.
Each test fails if the forking does not happen, so it cannot pass vacuously.
"""

import threading
import time

import pymupdf
import pytest

from redaction import parallel
from redaction.errors import VerificationFailed
from redaction.pipeline import apply_redactions, find_redactions, redact
from redaction.verify import verify_detailed
from tests.redaction.leaks import assert_no_digits_of, fold, poppler_text

PAGES = 12  # two processes: pages 1-6 and 7-12
COLUMNS = [(56, "Nombre"), (230, "Cédula"), (330, "Teléfono")]
ROWS_PER_PAGE = 30


def _filler(page: pymupdf.Page, k: int) -> None:
    for line in range(6):
        page.insert_text((56, 80 + 16 * line),
                         f"La mesa de convivencia revisó el punto {k}.{line} del orden del día.",
                         fontsize=10)


def _long_acta() -> bytes:
    """Twelve pages: an attendance table from page 5 to page 8, with no header after page 5.

    The table crosses the boundary between the two ranges (pages 6 and 7),
    and a person named on page 2 with a cue is named again on page 11 without one.
    """
    doc = pymupdf.open()
    row = 0
    for k in range(PAGES):
        page = doc.new_page(width=612, height=792)
        if k == 1:
            page.insert_text((56, 60), "Intervino el señor Ermenegildo Quiñimiz Tafurth, líder "
                                       "del barrio.", fontsize=10)
        if k == 10:
            page.insert_text((56, 60), "QUIÑIMIZ TAFURTH, Ermenegildo presentó el informe "
                                       "final.", fontsize=10)
        if not 4 <= k <= 7:
            _filler(page, k)
            continue
        y = 60
        if k == 4:
            for x, title in COLUMNS:
                page.insert_text((x, y), title, fontsize=9)
            y += 20
        for _ in range(ROWS_PER_PAGE if k < 7 else 10):
            row += 1
            page.insert_text((56, y), f"Asistente {row}", fontsize=9)
            page.insert_text((230, y), f"{79_000_000 + row * 137:,}".replace(",", "."),
                             fontsize=9)
            page.insert_text((330, y), f"31{row % 10}{row:07d}", fontsize=9)
            y += 22
        if k == 7:
            page.insert_text((56, y + 30), "Con lo anterior se cerró la lista de asistencia de "
                                           "la sesión.", fontsize=10)
    return doc.tobytes()


def _settle_threads(timeout: float = 10.0) -> None:
    """Threads an earlier test left ending (a browser driver's child watcher, a server
    being shut down) get a few seconds to finish before a test counts on forking."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.name.startswith(
                parallel._REPORTING_THREADS):
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def processes(monkeypatch):
    _settle_threads()

    def use(count: int) -> None:
        monkeypatch.setenv("CONVIVE_REDACTION_PROCESSES", str(count))
        # The split really happens; other threads (a server another test left running)
        # would keep this process from forking.
        assert len(parallel.page_ranges(PAGES)) == count, threading.enumerate()
    return use


@pytest.fixture
def alone_and_split(processes):
    """function(*args) in one process, then in two."""
    def run(function, *args):
        results = []
        for count in (1, 2):
            processes(count)
            results.append(function(*args))
        return results
    return run


def _boxes(proposals) -> set[tuple]:
    return {(p.page, p.rect, p.category, p.fingerprint, p.reason) for p in proposals}


def test_the_finder_in_two_processes_proposes_what_one_pass_proposes(alone_and_split):
    alone, split = alone_and_split(find_redactions, _long_acta())
    assert _boxes(split) == _boxes(alone)
    # Rows under the carried header on both sides of the boundary, and the other mention.
    pages = {(p.page, p.category) for p in split}
    assert {(5, "cedula"), (6, "cedula"), (7, "cedula"), (6, "telefono")} <= pages
    assert any(p.page == 10 and p.reason == "otra mención de un nombre detectado en el documento"
               for p in split)


def test_a_split_run_writes_a_public_version_with_nothing_left(processes):
    processes(2)
    result, _proposals = redact(_long_acta())
    text = poppler_text(result.pdf)
    for row in (31, 60, 61, 100):  # last row of page 6, rows of pages 7 and 8
        assert_no_digits_of(text, str(79_000_000 + row * 137))
    folded = fold(text)
    assert "quinimiz" not in folded and "ermenegildo" not in folded
    assert "secerrolalistadeasistencia" in folded
    assert "revisoelpunto11.3delordendeldia" in folded
    assert result.report["source_pages"] == PAGES
    assert result.report["verification"]["pages_checked"] == PAGES


def _refusal(pdf: bytes, areas) -> set:
    with pytest.raises(VerificationFailed) as refused:
        apply_redactions(pdf, areas)
    return set(refused.value.findings)


def test_the_gate_in_two_processes_finds_a_cell_left_under_a_carried_header(processes):
    pdf = _long_acta()
    processes(1)
    # The reviewer's list misses the cédulas of page 7: the first page of the second range,
    # whose rows belong to the header on page 5.
    kept = [p for p in find_redactions(pdf) if not (p.page == 6 and p.category == "cedula")]
    alone = _refusal(pdf, kept)
    processes(2)
    split = _refusal(pdf, kept)
    assert ("cedula", 7) in {(f.category, f.page) for f in split}
    assert split == alone


def test_the_gate_in_two_processes_counts_and_reads_every_page(alone_and_split):
    alone, split = alone_and_split(verify_detailed, _long_acta())
    assert split[0] == alone[0] and split[0]  # the original is full of personal data
    assert {f.page for f in split[0]} >= {5, 6, 7, 8}
    assert split[1].pages_checked == alone[1].pages_checked == PAGES


def test_short_documents_and_threaded_processes_stay_in_one_process(monkeypatch):
    _settle_threads()
    monkeypatch.setenv("CONVIVE_REDACTION_PROCESSES", "2")
    assert len(parallel.page_ranges(parallel.MIN_PAGES - 1)) == 1
    assert [len(r) for r in parallel.page_ranges(13)] == [6, 7], threading.enumerate()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # say, a server's thread
    other.start()
    try:
        assert len(parallel.page_ranges(PAGES)) == 1
    finally:
        stop.set()
        other.join()
    assert len(parallel.page_ranges(PAGES)) == 2


# An error-reporting server in a process of its own (a thread here would keep this process
# from forking): it writes the message of every event it receives to its standard output.
_COLLECTOR = r"""
import json, sys, zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

class Collect(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        for line in body.splitlines():
            item = json.loads(line) if line.startswith(b"{") else {}
            if "message" in item or "logentry" in item:
                print(item.get("message") or item["logentry"].get("message"), flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", int(sys.argv[1])), Collect)
print("listo", flush=True)
server.serve_forever()
"""


def _report_from_each_range(shared, pages: range):
    """What a range does that would report an error, and whether reporting is on there."""
    import logging

    import sentry_sdk

    logging.getLogger("convive.redaction").error("página %s ilegible", pages.start + 1)
    sentry_sdk.capture_message(f"rango {pages.start + 1}")
    return parallel.in_child(), sentry_sdk.get_client().is_active()


def test_a_worker_that_has_reported_an_error_still_splits_long_documents(monkeypatch):
    """Sentry's sending thread lives on once a worker reported one error; it must not
    keep later redactions in one process, and a child never reports through it."""
    import subprocess
    import sys

    import sentry_sdk

    from convive.errors import init_sentry
    from tests.servers import free_port

    monkeypatch.setenv("CONVIVE_REDACTION_PROCESSES", "2")
    port = free_port()
    collector = subprocess.Popen([sys.executable, "-c", _COLLECTOR, str(port)],
                                 stdout=subprocess.PIPE, text=True)
    try:
        assert collector.stdout.readline().strip() == "listo"
        init_sentry(f"http://clavepublica@127.0.0.1:{port}/1", "pruebas")
        sentry_sdk.capture_message("un error anterior del worker")
        sentry_sdk.flush(timeout=5)
        _settle_threads()
        assert [t.name for t in threading.enumerate()
                if t is not threading.current_thread()] == ["sentry-sdk.BackgroundWorker"]

        ranges = parallel.page_ranges(PAGES)
        assert len(ranges) == 2
        results = parallel.run(_report_from_each_range, None, ranges)
        assert results == [(False, True), (True, False)]  # the child reports nothing
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close(timeout=2)
        sentry_sdk.init(dsn=None)
        collector.terminate()
    # Messages reach the server scrubbed of what they say, but they are counted: the earlier
    # error, then this process's range (its log line and its message), and none of the child's.
    events = collector.communicate(timeout=10)[0].splitlines()
    assert len(events) == 3, events
    assert events.count("página %s ilegible") == 1


# --- The worker's time limit -------------------------------------------------------------

def _hangs_on(page_number):
    def work(shared, pages):
        if page_number in pages:
            time.sleep(600)  # as MuPDF looping on a damaged page would
        return list(pages)
    return work


def _children():
    import psutil

    return {child.pid: child.status() for child in psutil.Process().children()}


def test_within_the_time_limit_a_range_that_hangs_is_killed_and_named(processes):
    processes(2)
    before = _children()
    started = time.monotonic()
    with parallel.time_limit(0.05, at_least=2):
        with pytest.raises(parallel.PagesTookTooLong,
                           match="páginas 7–12 tardó más de 2 segundos y se canceló"):
            parallel.run(_hangs_on(8), None, parallel.page_ranges(PAGES))
    assert time.monotonic() - started < 30
    # Both children are gone, the one that finished and the one that hung: none left
    # running or as a zombie.
    assert _children() == before


def test_within_the_time_limit_even_a_short_document_is_worked_in_a_child(processes):
    import os

    processes(2)
    with parallel.time_limit(30):
        [pid] = parallel.run(lambda shared, pages: os.getpid(), None, [range(0, 3)])
    assert pid != os.getpid()
    assert parallel.run(lambda shared, pages: os.getpid(), None, [range(0, 3)]) == [os.getpid()]


def test_within_the_time_limit_the_pipeline_gives_what_it_gives_without(processes):
    processes(2)
    document = _long_acta()
    without = find_redactions(document)
    with parallel.time_limit(30):
        within = find_redactions(document)
        output = apply_redactions(document, within)
    assert _boxes(within) == _boxes(without)
    assert_no_digits_of(poppler_text(output.pdf), "79.000.137")


def test_a_process_that_serves_pages_still_splits_and_keeps_its_time_limit(processes, settings):
    """A worker that has served a page listens for the pages' moment (api.moment_push) on
    a thread of its own; a document redacted there afterwards still gets a time limit."""
    from api.moment_push import mirror
    from tests.servers import RedisServer, free_port

    redis = RedisServer(free_port()).start()
    settings.CACHES = redis.as_cache("redaccion")
    try:
        mirror.moment()  # as a view of a page does: the listener starts
        deadline = time.monotonic() + 10
        while mirror.link() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert mirror.link() != 0
        processes(2)
        with parallel.time_limit(0.05, at_least=2):
            with pytest.raises(parallel.PagesTookTooLong):
                parallel.run(_hangs_on(8), None, parallel.page_ranges(PAGES))
            # In a child the mirror starts afresh: no copy, no subscription, no lock held.
            links = parallel.run(lambda shared, pages: mirror.link(), None,
                                 parallel.page_ranges(PAGES))
        assert links == [0, 0]
        assert mirror.link() != 0  # the worker itself goes on listening
    finally:
        mirror.stop()
        redis.stop()
