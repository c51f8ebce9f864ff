"""Every e-mail the site sends leaves from the task worker, never from a request.

EMAIL_BACKEND is this queue; EMAIL_DELIVERY_BACKEND (from EMAIL_URL) is what really
talks to the mail server. Wagtail's workflow notices, password resets and any other
message sent with Django's mail API become a task, so an editor submitting a page
never waits for, or fails with, a mail server that hangs. A delivery that fails is
tried again with a doubling wait (NOTICE_RETRY_*), up to MAX_ATTEMPTS; the task result
then records the failure for the administrators.

Petitioners' notices do not come here: they are rows of their own (citizens.Notice),
the record of a legal act, delivered with the same delivery backend.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from convive.tasks import enqueue_with_commit

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 12


def delivery_connection():
    return get_connection(backend=settings.EMAIL_DELIVERY_BACKEND, timeout=settings.EMAIL_TIMEOUT)


def _payload(message) -> dict:
    return {
        "subject": str(message.subject), "body": str(message.body),
        "from_email": message.from_email, "to": list(message.to), "cc": list(message.cc),
        "bcc": list(message.bcc), "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [[str(content), mimetype] for content, mimetype
                         in getattr(message, "alternatives", [])],
    }


def _message(payload: dict, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        payload["subject"], payload["body"], payload["from_email"], payload["to"],
        cc=payload["cc"], bcc=payload["bcc"], reply_to=payload["reply_to"],
        headers=payload["headers"], connection=connection)
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            if message.attachments:
                # Nothing in Convive attaches files to a staff e-mail; if something does,
                # it goes out at once rather than storing the file in the queue.
                _message(_payload(message), delivery_connection()).send()
            else:
                enqueue_with_commit(deliver_email, _payload(message), 1)
            count += 1
        return count


def retry_delay(attempts: int) -> timedelta:
    """1 min, 2, 4, 8 … up to NOTICE_RETRY_MAX_SECONDS (30 min by default)."""
    first = settings.NOTICE_RETRY_FIRST_SECONDS
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0),
                                 settings.NOTICE_RETRY_MAX_SECONDS))


def _timed_out(exc: BaseException) -> bool:
    # smtplib turns a read timeout into SMTPServerDisconnected; the timeout is its context.
    while exc is not None:
        if isinstance(exc, (socket.timeout, TimeoutError)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def describe(exc: BaseException) -> tuple[str, bool]:
    """(Spanish reason for staff, whether trying again can help)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = all(500 <= code < 600 for code in codes)
        return ("El servidor de correo rechazó la dirección del destinatario "
                f"(código {', '.join(map(str, codes))}).", not permanent)
    if isinstance(exc, smtplib.SMTPResponseException):
        # 4xx: try later; 5xx: the server will not take this message as it is.
        return (f"El servidor de correo respondió con el código {exc.smtp_code}.",
                not 500 <= exc.smtp_code < 600)
    if _timed_out(exc):
        seconds = settings.EMAIL_TIMEOUT
        return (f"El servidor de correo no respondió en {seconds} "
                f"segundo{'' if seconds == 1 else 's'}.", True)
    if isinstance(exc, ConnectionRefusedError):
        return "El servidor de correo rechazó la conexión.", True
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return f"No se pudo hablar con el servidor de correo ({type(exc).__name__}).", True
    return f"Error inesperado al enviar ({type(exc).__name__}).", True


@task()
def deliver_email(payload: dict, attempt: int) -> str:
    try:
        _message(payload, delivery_connection()).send()
    except Exception as exc:
        reason, transient = describe(exc)
        logger.warning("correo «%s»: intento %s falló: %s", payload["subject"][:80], attempt,
                       reason)
        if not transient or attempt >= MAX_ATTEMPTS:
            raise
        enqueue_with_commit(deliver_email, payload, attempt + 1,
                            run_after=timezone.now() + retry_delay(attempt))
        return "reintento"
    return "enviado"


def forget_sent_message(sender, task_result, **kwargs) -> None:
    """A sent message's task result holds its whole text (a password-reset link, say):
    delete it once it went out, so it is not kept for weeks, in backups and in the
    task admin. Messages still waiting or that finally failed stay, for diagnosis."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if (task_result.task.module_path == f"{__name__}.deliver_email"
            and task_result.status == TaskResultStatus.SUCCESSFUL
            and _stored_in_database(task_result)):
        DBTaskResult.objects.filter(id=task_result.id).delete()


def _stored_in_database(task_result) -> bool:
    # Only the database backend keeps results; the immediate backend (development, tests)
    # names its results with ids that are not even UUIDs.
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends[task_result.backend], DatabaseBackend)
