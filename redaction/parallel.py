"""A long document's pages over the machine's cores.

The finder, the remover and the gate work page by page, and MuPDF holds
Python's lock while it reads a page, so threads would not help: the pages
are split into contiguous ranges, one per core; this process works on the
first range and forked children on the others. Forked children inherit the
document bytes and everything already prepared (matchers, kept OCR
readings), so nothing large is pickled on the way in; only plain results
come back. What crosses a range boundary (a table running on over the next
page) is the caller's to reconcile, in page order.

One process only where forking is not safe or not worth it: short
documents, a single core, and a process with other threads running (a
development server, a threaded test client), whose locks a child could
inherit held. Error reporting's sending thread is the exception: a worker
that has reported one error keeps it for good, and the child detaches the
reporting client at once, so it never touches what that thread may hold.

Within ``time_limit`` (the task worker's jobs) every range runs in a child,
even a short document's single one, and children that take longer than the
limit are killed: a file that makes MuPDF loop fails its own job with a
Spanish reason instead of holding the worker for good.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any

# Below this many pages a fork (a few milliseconds) is not worth it.
MIN_PAGES = 8
_MAX_PROCESSES = 4
_ENV = "CONVIVE_REDACTION_PROCESSES"


def processes() -> int:
    """How many processes to use: the cores this process may run on (at most 4).

    CONVIVE_REDACTION_PROCESSES overrides it (1 turns the forking off).
    """
    configured = os.environ.get(_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), _MAX_PROCESSES)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_PROCESSES))


def page_ranges(count: int) -> list[range]:
    """Contiguous page ranges, one per process, or one range for short documents."""
    parts = processes() if count >= MIN_PAGES and _can_fork() else 1
    parts = max(1, min(parts, count))
    bounds = [count * k // parts for k in range(parts + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


# Sentry's sender ("sentry-sdk.BackgroundWorker") and health monitor ("sentry.monitor").
_REPORTING_THREADS = ("sentry-sdk.", "sentry.")
# Daemon threads a child may leave behind: the reporting ones, and the listener for the
# pages' moment that any process serving pages runs (api.moment_push); a child never
# reads the moment, and the mirror starts afresh in a forked child (its lock included).
_HARMLESS_THREADS = (*_REPORTING_THREADS, "convive-moment")


def _can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and not _in_child  # a child never forks again
        and all(t is threading.current_thread()
                or (t.daemon and t.name.startswith(_HARMLESS_THREADS))
                for t in threading.enumerate())
    )


def _detach_error_reporting() -> None:
    """In a child: report nothing, so nothing touches the parent's sending queue and locks,
    which its sending thread (not copied by fork) may have held. Failures go to the
    parent, which reports them."""
    sentry_sdk = sys.modules.get("sentry_sdk")
    if sentry_sdk is None:
        return
    for scope in (sentry_sdk.get_current_scope(), sentry_sdk.get_isolation_scope(),
                  sentry_sdk.get_global_scope()):
        scope.set_client(None)


class PagesTookTooLong(ValueError):
    """Page ranges that did not finish within the time limit (the message is shown)."""

    def __init__(self, ranges: Sequence[range], seconds: float):
        pages = ", ".join(f"{r.start + 1}–{r.stop}" if len(r) > 1 else str(r.start + 1)
                          for r in ranges)
        super().__init__(
            f"El procesamiento de las páginas {pages} tardó más de {int(seconds)} segundos y se "
            "canceló: el archivo puede estar dañado o ser demasiado complejo. Revíselo (por "
            "ejemplo, imprímalo de nuevo a PDF) y prepare otra vez la versión pública.")


_limit: tuple[float, float] | None = None

# Defaults of REDACTION_SECONDS_PER_PAGE and REDACTION_MIN_SECONDS, here so that the settings
# and `manage.py redact` (which runs without them, see manage.py) share them.
DEFAULT_SECONDS_PER_PAGE = 30.0
DEFAULT_MIN_SECONDS = 120.0


@contextmanager
def time_limit(seconds_per_page: float, at_least: float = 60.0):
    """Page work in this block runs in children, each killed after ``at_least`` plus
    ``seconds_per_page`` for each page of its range; PagesTookTooLong is raised then.
    Where forking is not safe (other threads running) the work runs here, unlimited."""
    global _limit
    previous, _limit = _limit, (float(seconds_per_page), float(at_least))
    try:
        yield
    finally:
        _limit = previous


def run(function: Callable[[Any, range], Any], shared: Any,
        ranges: Sequence[range]) -> list[Any]:
    """[function(shared, r) for r in ranges], the first range here and the others in children
    (all of them in children within ``time_limit``).

    A child sends its result back pickled through a pipe; an exception raised
    in a child is raised here (it must pickle: Spanish ValueErrors do).
    Results come back in the order of `ranges`.
    """
    limit = _limit
    if not _can_fork() or (len(ranges) <= 1 and limit is None):
        return [function(shared, r) for r in ranges]
    if limit is not None:
        per_page, at_least = limit
        seconds = at_least + per_page * max(len(r) for r in ranges)
        children = [_start(function, shared, r) for r in ranges]
        return _raise_first_failure(_collect(children, ranges, seconds))
    children = [_start(function, shared, r) for r in ranges[1:]]
    try:
        first = function(shared, ranges[0])
    except BaseException:
        for pid, pipe in children:
            _finish(pid, pipe, wanted=False)
        raise
    return _raise_first_failure([(True, first)] + [_finish(pid, pipe) for pid, pipe in children])


def _raise_first_failure(outcomes: list[tuple[bool, Any]]) -> list[Any]:
    for ok, value in outcomes:
        if not ok:
            raise value
    return [value for _, value in outcomes]


def in_child() -> bool:
    """Whether this code runs in a forked child (its results must travel back as bytes)."""
    return _in_child


_in_child = False


def _start(function: Callable, shared: Any, pages: range) -> tuple[int, int]:
    """Fork a child that runs function(shared, pages) and writes (ok, value) to a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: never return into the caller's code, never run its exit handlers.
    global _in_child
    _in_child = True
    code = 0
    try:
        os.close(read_end)
        _detach_error_reporting()
        try:
            payload = pickle.dumps((True, function(shared, pages)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the parent
            code = 1
            try:
                payload = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                payload = pickle.dumps((False, RuntimeError(repr(exc))))
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
    except BaseException:  # noqa: BLE001
        code = 2
    finally:
        os._exit(code)


def _finish(pid: int, pipe: int, wanted: bool = True) -> tuple[bool, Any]:
    """Read a child's result (before waiting: a large one fills the pipe) and reap it."""
    with os.fdopen(pipe, "rb") as source:
        data = source.read() if wanted else b""
    if not wanted:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    if not wanted:
        return False, None
    return _outcome(data)


def _outcome(data: bytes) -> tuple[bool, Any]:
    if not data:
        return False, RuntimeError("Un proceso de la redacción terminó sin resultado.")
    return pickle.loads(data)


def _collect(children: list[tuple[int, int]], ranges: Sequence[range],
             seconds: float) -> list[tuple[bool, Any]]:
    """Every child's outcome, reading all pipes at once until they close or time runs out;
    then the children still running are killed, and every child is reaped."""
    deadline = time.monotonic() + seconds
    received = {pipe: bytearray() for _, pipe in children}
    waiting = set(received)
    try:
        while waiting:
            left = deadline - time.monotonic()
            if left <= 0:
                late = [r for (_, pipe), r in zip(children, ranges) if pipe in waiting]
                raise PagesTookTooLong(late, seconds)
            ready, _, _ = select.select(list(waiting), [], [], left)
            for pipe in ready:
                chunk = os.read(pipe, 1 << 20)
                if chunk:
                    received[pipe] += chunk
                else:
                    waiting.discard(pipe)
    finally:
        for pid, pipe in children:
            if pipe in waiting:
                os.kill(pid, signal.SIGKILL)
            os.close(pipe)
            os.waitpid(pid, 0)
    return [_outcome(bytes(received[pipe])) for _, pipe in children]
