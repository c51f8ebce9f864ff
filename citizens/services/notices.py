"""Queue and deliver e-mail notices to petitioners (citizens.models.Notice).

Filing and every later step only *queue* a notice, inside their own transaction:
a mail server that hangs or refuses can never cost a citizen the radicado or the
tracking code shown on screen. The task worker delivers; a failure that may pass
(timeout, refused connection, a 4xx answer) is retried with a doubling wait until
it goes out, and staff see every notice that has not gone out yet with its reason.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from citizens.models import Notice, Petition
from citizens.models.notices import SECRET_MARK
from convive.mail import delivery_connection, describe, retry_delay
from convive import metrics
from convive.tasks import enqueue_with_commit

logger = logging.getLogger(__name__)


def queue(petition: Petition, subject: str, body: str, *, secret: str = "") -> Notice | None:
    """Record a notice for the petitioner and queue its delivery; None without an e-mail.

    ``body`` may hold SECRET_MARK where ``secret`` (the tracking code) goes out once."""
    if not petition.email:
        return None
    if secret and SECRET_MARK not in body:
        raise ValueError("The body has no place for the secret.")
    notice = Notice.objects.create(
        petition=petition, recipient=petition.email, subject=f"[{petition.radicado}] {subject}",
        body=body, secret=secret,
    )
    enqueue_with_commit(_task(), notice.pk)
    return notice


def deliver(notice_id: int) -> str:
    """Send one notice if it still waits; on failure, schedule the next attempt.

    Returns what happened, for the task result ("enviado", "reintento", "fallido",
    or "nada" when another worker already sent it)."""
    with transaction.atomic():
        notice = (Notice.objects.select_for_update()
                  .filter(pk=notice_id, status=Notice.Status.PENDING).first())
        if notice is None:
            return "nada"
        notice.attempts += 1
        try:
            connection = delivery_connection()
            EmailMessage(notice.subject, notice.message_body(), settings.DEFAULT_FROM_EMAIL,
                         [notice.recipient], connection=connection).send()
        except Exception as exc:  # every failure is recorded; none may lose the notice
            reason, transient = describe(exc)
            notice.last_error = reason[:300]
            if transient:
                notice.next_attempt_at = timezone.now() + retry_delay(notice.attempts)
                enqueue_with_commit(_task(), notice.pk, run_after=notice.next_attempt_at)
            else:
                notice.status, notice.next_attempt_at, notice.secret = \
                    Notice.Status.FAILED, None, ""
            notice.save(update_fields=["attempts", "last_error", "next_attempt_at", "status",
                                       "secret"])
            logger.warning("aviso %s de %s: intento %s falló: %s", notice.pk,
                           notice.petition.radicado, notice.attempts, reason)
            outcome = "reintento" if transient else "fallido"
            transaction.on_commit(lambda: metrics.count_notice(outcome))
            return outcome
        notice.status, notice.sent_at = Notice.Status.SENT, timezone.now()
        notice.secret, notice.next_attempt_at, notice.last_error = "", None, ""
        notice.save(update_fields=["attempts", "status", "sent_at", "secret", "next_attempt_at",
                                   "last_error"])
        # Counted after the commit: nothing after the send may undo the record of it.
        transaction.on_commit(lambda: metrics.count_notice("enviado"))
        return "enviado"


def _task():
    # citizens.tasks imports this module; the task is looked up when first needed.
    from citizens.tasks import deliver_notice

    return deliver_notice


def requeue_due(now=None) -> int:
    """Queue again every pending notice whose next attempt is due (or never got a task):
    the timer's safety net after a worker or database outage. Delivery is idempotent,
    so a notice queued twice still goes out once."""
    now = now or timezone.now()
    due = Notice.objects.filter(status=Notice.Status.PENDING).exclude(next_attempt_at__gt=now)
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            enqueue_with_commit(_task(), pk)
        count += 1
    return count


def retry_now(queryset) -> int:
    """Staff's «try now»: pending and undeliverable notices are queued again at once (an
    undeliverable one after its address was corrected has nothing to send: its code is gone,
    so it goes out without it)."""
    count = 0
    for notice in queryset.exclude(status=Notice.Status.SENT).select_related("petition"):
        with transaction.atomic():
            # To the petition's address as it is now: staff may have corrected it.
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.PENDING, next_attempt_at=None,
                recipient=notice.petition.email or notice.recipient)
            enqueue_with_commit(_task(), notice.pk)
        count += 1
    return count
