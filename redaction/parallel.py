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
inherit held.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Below this many pages a fork (a few milliseconds) is not worth it.
MIN_PAGES = 8
_MAX_PROCESSES = 4
_ENV = "CONVIVE_REDACTION_PROCESSES"

_task: tuple[Callable, Any] | None = None  # what forked children run, inherited


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


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not multiprocessing.parent_process()  # a child never forks again
    )


def run(function: Callable[[Any, range], Any], shared: Any,
        ranges: Sequence[range]) -> list[Any]:
    """[function(shared, r) for r in ranges], the first range here and the others in children.

    Exceptions raised in a child are raised here (they must pickle: Spanish
    ValueErrors do). Results come back in the order of `ranges`.
    """
    if len(ranges) <= 1 or not _can_fork():
        return [function(shared, r) for r in ranges]
    global _task
    _task = (function, shared)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(len(ranges) - 1) as pool:
            pending = [pool.apply_async(_run_inherited, (r,)) for r in ranges[1:]]
            first = function(shared, ranges[0])
            return [first, *(p.get() for p in pending)]
    finally:
        _task = None


def in_child() -> bool:
    """Whether this code runs in a forked child (its results must travel back as bytes)."""
    return multiprocessing.parent_process() is not None


def _run_inherited(pages: range) -> Any:
    function, shared = _task
    return function(shared, pages)
