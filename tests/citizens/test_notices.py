"""E-mail notices against real SMTP servers on loopback: one that never answers, one that
refuses the connection, one that refuses the recipient. Filing never waits for any of them,
the citizen always gets the radicado and the tracking code, and every notice goes out, once,
when the server is back."""

import io
import re
import time

import pytest
from django.core.management import call_command

from citizens.models import Notice, Petition
from tests.citizens.conftest import FORM_URL, petition_data
from tests.servers import Inbox, SilentServer, SMTPServer, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_port(settings):
    """Send real SMTP to 127.0.0.1:<port>, with a 1 s timeout and a 1 s first retry."""
    port = free_port()
    settings.EMAIL_BACKEND = "convive.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    settings.NOTICE_RETRY_FIRST_SECONDS = 1
    return port


@pytest.fixture
def servers():
    started = []
    yield started
    for server in started:
        server.stop()


def file_through_the_portal(client):
    response = client.post(FORM_URL, petition_data())
    assert response.status_code == 302, response.content.decode()[:1000]
    html = client.get(response["Location"]).content.decode()
    code = re.search(r"Código de consulta: <strong><code>([A-Z0-9]{12})</code>", html).group(1)
    return Petition.objects.latest("pk"), code


def wait_until_due(notice):
    notice.refresh_from_db()
    delay = (notice.next_attempt_at.timestamp() - time.time()) + 0.05
    if delay > 0:
        time.sleep(delay)


def test_a_mail_server_that_never_answers_costs_the_citizen_nothing(
        petition_form, client, mail_port, servers, task_worker):
    silent = SilentServer(mail_port)
    servers.append(silent)

    petition, code = file_through_the_portal(client)
    # Filing only queued the notice: the request never opened a connection to the server.
    assert silent.accepted == 0
    notice = petition.notices.get()
    assert notice.status == Notice.Status.PENDING and code not in notice.body

    assert task_worker() == 1  # the attempt times out after EMAIL_TIMEOUT
    notice.refresh_from_db()
    assert silent.accepted == 1
    assert notice.status == Notice.Status.PENDING and notice.attempts == 1
    assert notice.last_error == "El servidor de correo no respondió en 1 segundo."
    assert notice.next_attempt_at is not None

    # The mail server comes back on the same address.
    silent.stop()
    smtp = SMTPServer(mail_port).start()
    servers.append(smtp)
    wait_until_due(notice)
    assert task_worker() == 1
    (message,) = smtp.inbox.messages
    assert code in message and petition.radicado in message
    assert "http://testserver/atencion/pqrsd/consulta/" in message  # PUBLIC_BASE_URL's
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.attempts == 2
    assert notice.secret == "" and code not in notice.stored_body()

    # Once: the timer's safety net and another worker run send nothing more.
    out = io.StringIO()
    call_command("requeue_notices", stdout=out)
    assert out.getvalue().startswith("0 avisos")
    assert task_worker() == 0
    assert len(smtp.inbox.messages) == 1


def test_a_refused_connection_is_retried_until_the_notice_goes_out(
        petition_form, client, mail_port, servers, task_worker):
    petition, code = file_through_the_portal(client)
    from citizens.services import pqrsd

    # A legal act too: the extension notice waits with the filing notice.
    pqrsd.extend(petition, until=pqrsd.max_extension(petition), by=None,
                 reason="Se requiere visita de verificación.")
    assert task_worker() == 2  # nothing listens on the port
    pending = Notice.objects.filter(petition=petition)
    assert {n.status for n in pending} == {Notice.Status.PENDING}
    assert {n.last_error for n in pending} == {"El servidor de correo rechazó la conexión."}

    smtp = SMTPServer(mail_port).start()
    servers.append(smtp)
    for notice in pending:
        wait_until_due(notice)
    assert task_worker() == 2
    assert len(smtp.inbox.messages) == 2
    assert any(code in message for message in smtp.inbox.messages)
    assert {n.status for n in pending.all()} == {Notice.Status.SENT}


def test_a_refused_recipient_is_shown_to_staff_and_not_retried(
        petition_form, client, mail_port, servers, task_worker, login):
    smtp = SMTPServer(mail_port, Inbox(refuse="550 5.1.1 El buzón no existe")).start()
    servers.append(smtp)
    petition, code = file_through_the_portal(client)
    assert task_worker() == 1
    notice = petition.notices.get()
    assert notice.status == Notice.Status.FAILED and notice.secret == ""
    assert "rechazó la dirección del destinatario (código 550)" in notice.last_error
    assert task_worker() == 0  # nothing left to retry

    coordinator = login("coordinador")
    listing = coordinator.get("/admin/citizens/notice/?status=fallido").content.decode()
    assert petition.radicado in listing and "rechazó la dirección" in listing
    page = coordinator.get(f"/admin/citizens/petition/{petition.pk}/change/").content.decode()
    assert "No entregable" in page and code not in page


def test_staff_retry_sends_to_the_corrected_address(
        petition_form, client, mail_port, servers, task_worker, login):
    smtp = SMTPServer(mail_port, Inbox(refuse="550 5.1.1 El buzón no existe")).start()
    servers.append(smtp)
    petition, _code = file_through_the_portal(client)
    task_worker()
    notice = petition.notices.get()
    assert notice.status == Notice.Status.FAILED

    smtp.inbox.refuse = ""
    Petition.objects.filter(pk=petition.pk).update(email="marta.ospina@example.org")
    coordinator = login("coordinador")
    response = coordinator.post("/admin/citizens/notice/", {
        "action": "retry_now", "_selected_action": [notice.pk]}, follow=True)
    assert "1 avisos en cola" in response.content.decode()
    assert task_worker() == 1
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert notice.recipient == "marta.ospina@example.org"
    (message,) = smtp.inbox.messages
    assert "se mostró al radicar" in message  # the code itself is never sent twice


def test_in_development_a_hanging_server_delays_the_request_but_loses_nothing(
        petition_form, client, mail_port, servers, django_capture_on_commit_callbacks):
    """With the immediate backend (make run) the notice is sent after the commit, inside the
    request: a hanging server costs EMAIL_TIMEOUT, and the notice waits for the timer."""
    silent = SilentServer(mail_port)
    servers.append(silent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, petition_data())
    assert response.status_code == 302
    assert "Código de consulta" in client.get(response["Location"]).content.decode()
    notice = Notice.objects.latest("pk")
    assert silent.accepted == 1
    assert notice.status == Notice.Status.PENDING and notice.attempts == 1


def test_staff_e_mail_waits_in_the_queue_too(demo, mail_port, servers, task_worker):
    """Wagtail's workflow notices (and any message sent with Django's mail API) go through
    the queue: submitting a page never touches a hanging mail server."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail

    from content.models import ProcessCardPage

    silent = SilentServer(mail_port)
    servers.append(silent)
    editor = get_user_model().objects.get(username="editora")
    page = ProcessCardPage.objects.get(code="C-AR-01")
    page.version = "9"
    page.change_description = "Cambio para revisión."
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)  # notifies the reviewers by e-mail
    send_mail("Prueba de la cola", "Texto.", None, ["revisor@example.gov.co"])
    assert silent.accepted == 0
    from django_tasks_db.models import DBTaskResult

    mails = DBTaskResult.objects.filter(task_path="convive.mail.deliver_email")
    queued = mails.count()
    assert queued >= 2  # the reviewers' notice and the message above
    task_worker()
    assert silent.accepted >= queued  # each tried (retries may come due while it runs)
    waiting = DBTaskResult.objects.filter(task_path="convive.mail.deliver_email",
                                          status="READY")
    assert waiting.count() == queued  # one deferred retry per message, nothing lost

    silent.stop()
    smtp = SMTPServer(mail_port).start()
    servers.append(smtp)
    from django.utils import timezone

    waiting.update(run_after=timezone.now())  # as if the retry wait had passed
    assert task_worker() == queued
    assert any("Prueba de la cola" in message for message in smtp.inbox.messages)
    assert len(smtp.inbox.messages) == queued
    # Once sent, no copy of a message's text is kept in the task table (an outside review
    # found password-reset links there, for 30 days and in every backup).
    assert not mails.exists()
    assert not DBTaskResult.objects.filter(args_kwargs__icontains="Prueba de la cola").exists()


def test_in_development_submitting_a_page_for_review_sends_its_mail_at_once(
        demo, settings, django_capture_on_commit_callbacks):
    """`make run`'s path: tasks run immediately and mail still goes through the queue. Once
    sent, forgetting the message must not look for it in a table it never reached (an
    editor's «Enviar a revisión» answered 500)."""
    from django.contrib.auth import get_user_model
    from django.core import mail

    from content.models import ProcessCardPage

    from django_tasks import task_backends

    assert type(task_backends["default"]).__name__ == "ImmediateBackend"  # as in development
    settings.EMAIL_BACKEND = "convive.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor = get_user_model().objects.get(username="editora")
    page = ProcessCardPage.objects.get(code="C-AR-01")
    page.version, page.change_description = "9", "Cambio para revisión."
    page.save_revision(user=editor)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, editor)  # notifies the reviewers by e-mail
        mail.send_mail("Prueba de la cola", "Texto.", None, ["revisor@example.gov.co"])
    assert "Prueba de la cola" in [m.subject for m in mail.outbox]


@pytest.mark.parametrize("lookup", ["secret__startswith", "secret", "body__contains",
                                    "recipient__startswith", "petition__email__startswith",
                                    "petition__id_number", "secret__regex"])
def test_no_url_filter_can_spell_out_what_a_notice_holds(petition_form, client, login, lookup):
    """An outside review recovered a waiting tracking code one character at a time from
    the changelist's count (?secret__startswith=Z, ZA, …)."""
    petition, code = file_through_the_portal(client)
    notice = petition.notices.get()
    assert notice.secret == code  # waiting to be sent (immediate backend, no mail yet)
    for username in ("coordinador", "atencion"):
        response = login(username).get(f"/admin/citizens/notice/?{lookup}={code[:1]}")
        assert response.status_code == 400, (username, lookup, response.status_code)
    allowed = login("coordinador").get(f"/admin/citizens/notice/?status=pendiente"
                                       f"&q={petition.radicado}")
    assert allowed.status_code == 200 and petition.radicado in allowed.content.decode()


def test_a_metrics_folder_that_cannot_be_written_costs_nothing(
        petition_form, client, mail_port, servers, task_worker, tmp_path, monkeypatch):
    """An outside review ran the worker with PROMETHEUS_MULTIPROC_DIR pointing at a folder
    that did not exist: the notice went out, counting it raised, the transaction rolled
    back and every requeue sent the tracking code again."""
    import prometheus_client.values

    from convive import metrics

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "no-existe"))
    monkeypatch.setattr(prometheus_client.values, "ValueClass",
                        prometheus_client.values.get_value_class())
    counter = metrics.Counter("convive_prueba_total", "prueba", ["result"], registry=None)
    monkeypatch.setattr(metrics, "NOTICES", counter)
    monkeypatch.setattr(metrics, "TASKS", metrics.Counter("convive_prueba_tareas_total", "p",
                                                          ["task", "status"], registry=None))
    smtp = SMTPServer(mail_port).start()
    servers.append(smtp)
    petition, _code = file_through_the_portal(client)
    assert task_worker() == 1
    notice = petition.notices.get()
    assert notice.status == Notice.Status.SENT and notice.secret == ""
    call_command("requeue_notices", stdout=io.StringIO())
    task_worker()
    assert len(smtp.inbox.messages) == 1


def test_every_notice_says_where_to_follow_the_petition(petition_form, file_one):
    from citizens.models import Notice, Unit
    from citizens.services import pqrsd

    petition, _ = file_one()
    unit = Unit.objects.first() or Unit.objects.create(code="prueba", name="Dependencia de prueba")
    pqrsd.assign(petition, unit=unit, by=None)
    pqrsd.start(petition, by=None)
    pqrsd.answer(petition, text="La Secretaría le responde de fondo lo que pidió.", by=None)
    tracking = pqrsd._tracking_url()
    bodies = list(Notice.objects.filter(petition=petition).values_list("body", flat=True))
    assert len(bodies) >= 2
    assert all(tracking in body for body in bodies), bodies
    assert all(body.count(tracking) == 1 for body in bodies)
