"""Queueing work so that nothing is lost between a commit and its task.

With the database backend the task row is written in the caller's transaction:
the notice or the queued public version and the task that serves it commit
together or not at all (a crash after commit cannot drop the task). Any other
backend (immediate, in development) runs the task, so it must wait for the
commit, or it would read rows that are not there yet or act on a rolled-back one.
"""

from django.db import transaction


def enqueue_with_commit(task, *args, run_after=None) -> bool:
    """Queue ``task(*args)``; returns False when a deferred run cannot be queued.

    A backend that cannot defer (immediate) would run a retry at once, and again on
    every failure: such a retry is left to the timer (e.g. requeue_notices) instead."""
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return False
        task = task.using(run_after=run_after)
    if isinstance(backend, DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
    return True


def oldest_waiting_seconds(now) -> float | None:
    """Age of the oldest task that is due and not yet picked up (None when none waits)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()
    oldest = None
    # A deferred task waits from its run_after, not from when it was queued.
    for enqueued_at, run_after in DBTaskResult.objects.ready().values_list(
            "enqueued_at", "run_after").order_by("enqueued_at")[:50]:
        since = enqueued_at if run_after == never else max(enqueued_at, run_after)
        oldest = since if oldest is None else min(oldest, since)
    return None if oldest is None else max(0.0, (now - oldest).total_seconds())
