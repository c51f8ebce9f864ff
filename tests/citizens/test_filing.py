"""A citizen files a PQRSD on the portal and tracks it."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens.models import Petition, PetitionAttachment, PetitionType, Sequence
from tests.citizens.conftest import FORM_URL, TRACKING_URL, pdf_upload, petition_data


def _count():
    return Petition.objects.count(), PetitionAttachment.objects.count(), \
        list(Sequence.objects.values_list("series", "year", "last"))


def test_the_form_page_lists_every_type_and_the_consent(petition_form, client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for code in PetitionType.values:
        assert f'value="{code}"' in html
    assert "Ley 1581 de 2012" in html
    assert 'name="sitio_web"' in html  # honeypot
    assert response["Cache-Control"].startswith(("max-age=0", "private")) or \
        "no-store" in response["Cache-Control"]


def test_the_form_says_what_to_choose_and_when_contact_data_is_required(petition_form, client):
    html = client.get(FORM_URL).content.decode()
    assert "---------" not in html
    assert ">Elija el tipo de solicitud</option>" in html
    assert "son obligatorios" in html
    assert "Obligatorio, salvo en una denuncia anónima." in html
    assert "Obligatorio si quiere recibir la respuesta por correo electrónico." in html


def test_a_failed_lookup_does_not_speak_of_saving(petition_form, client):
    html = client.post(TRACKING_URL, {"radicado": "", "code": ""}).content.decode()
    assert "Revise el formulario" in html
    assert "No se guardó nada" not in html and "consulte de nuevo" in html


@pytest.mark.parametrize("kind", PetitionType.values)
def test_each_type_is_filed_with_radicado_due_date_receipt_and_email(
        petition_form, client, kind, django_capture_on_commit_callbacks):
    anonymous = kind == "denuncia"
    data = petition_data(petition_type=kind)
    if anonymous:
        data = petition_data(petition_type=kind, anonymous="on", name="", id_type="",
                             id_number="", email="", phone="", reply_channel="portal",
                             consent=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    petition = Petition.objects.latest("pk")
    assert re.fullmatch(r"\d{4}-\d{6}", petition.radicado)
    assert petition.radicado in html
    code = re.search(r"Código de consulta: <strong><code>([A-Z0-9]{12})</code>", html).group(1)
    assert petition.tracking_digest != code and code not in petition.tracking_digest
    assert petition.petition_type == kind and petition.channel == "web"
    assert petition.events.get().status == "radicada"
    # The citizen can keep it: a PDF inside the page (no URL to it) and a print button.
    import base64

    import pymupdf

    data = re.search(r'href="data:application/pdf;base64,([A-Za-z0-9+/=]+)" '
                     rf'download="radicado-{petition.radicado}.pdf"', html).group(1)
    text = pymupdf.open(stream=base64.b64decode(data), filetype="pdf")[0].get_text()
    assert petition.radicado in text and code in text and "Vence el" in text
    assert "/atencion/pqrsd/consulta/" in text
    # What a printed or saved receipt must say on its own: when, about what, and where.
    assert "Fecha de radicación" in text and petition.subject in text
    assert "Fecha de radicación:" in html and f"Asunto: {petition.subject}" in html
    assert "Consulte el estado de su solicitud" in html and "/atencion/pqrsd/consulta/" in html
    assert "data-print" in html and "citizens/print.js" in html
    # The receipt is shown once: reloading it does not show the code again.
    assert client.get(response["Location"]).status_code == 302
    if anonymous:
        assert petition.consent_at is None and not petition.name and not mail.outbox
    else:
        (message,) = mail.outbox
        assert petition.radicado in message.subject and code in message.body
        assert message.to == ["marta@example.org"]


def test_radicados_are_consecutive_within_the_year(petition_form, file_one):
    first, _ = file_one()
    second, _ = file_one()
    assert second.year == first.year
    assert second.number == first.number + 1
    assert second.radicado == f"{second.year}-{second.number:06d}"


def test_missing_consent_is_refused_in_spanish_and_nothing_is_saved(petition_form, client):
    before = _count()
    response = client.post(FORM_URL, petition_data(consent=None))
    assert response.status_code == 400
    assert "Ley 1581 de 2012" in response.content.decode()
    assert "Revise el formulario" in response.content.decode()
    assert _count() == before and not mail.outbox


def test_script_in_a_field_is_refused(petition_form, client):
    before = _count()
    response = client.post(FORM_URL, petition_data(subject="<script>alert(1)</script>"))
    assert response.status_code == 400
    assert "No se permiten etiquetas HTML" in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert _count() == before


def test_an_anonymous_petition_that_is_not_a_denuncia_is_refused(petition_form, client):
    before = _count()
    response = client.post(FORM_URL, petition_data(anonymous="on", name="", email="",
                                                   reply_channel="portal"))
    assert response.status_code == 400
    assert "Solo las denuncias pueden presentarse de forma anónima" in response.content.decode()
    assert _count() == before


def test_a_pdf_attachment_is_kept_in_private_storage(petition_form, client):
    response = client.post(FORM_URL, {**petition_data(), "attachments": [pdf_upload()]})
    assert response.status_code == 302
    attachment = PetitionAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "soporte" not in attachment.file.name  # the citizen's file name is not reused
    with pytest.raises(ValueError):
        attachment.file.url  # no public URL exists for it


def test_a_fake_attachment_is_refused_by_content_not_name(petition_form, client):
    before = _count()
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 this is an executable",
                              content_type="application/pdf")
    response = client.post(FORM_URL, {**petition_data(), "attachments": [fake]})
    assert response.status_code == 400
    assert "no es un PDF, PNG, JPG o DOCX válido" in response.content.decode()
    assert _count() == before


def test_an_oversized_attachment_is_refused(petition_form, client, settings):
    settings.PQRSD_MAX_ATTACHMENT_MB = 1
    before = _count()
    big = pdf_upload(size=1024 * 1024 + 10)
    response = client.post(FORM_URL, {**petition_data(), "attachments": [big]})
    assert response.status_code == 400
    assert "pesa más de 1 MB" in response.content.decode()
    assert _count() == before


def test_a_filled_honeypot_is_refused(petition_form, client):
    before = _count()
    response = client.post(FORM_URL, petition_data(sitio_web="http://spam.example"))
    assert response.status_code == 400
    assert _count() == before


def test_one_address_is_limited_per_hour(petition_form, client, settings):
    settings.PQRSD_RATE_PER_HOUR = 2
    for _ in range(2):
        assert client.post(FORM_URL, petition_data()).status_code == 302
    before = _count()
    response = client.post(FORM_URL, petition_data())
    assert response.status_code == 429
    assert "demasiadas solicitudes" in response.content.decode().lower()
    assert int(response["Retry-After"]) > 0
    assert _count() == before
    # Another address is not affected.
    assert client.post(FORM_URL, petition_data(), REMOTE_ADDR="10.9.8.7").status_code == 302


def test_tracking_shows_the_history_and_the_answer(demo, client, file_one):
    from citizens.models import Unit
    from citizens.services import pqrsd

    petition, code = file_one()
    pqrsd.assign(petition, unit=Unit.objects.get(code="convivencia"), by=None)
    pqrsd.answer(petition, text="Le informamos que el parque tendrá alumbrado nuevo en 2027.",
                 by=None)
    response = client.post(TRACKING_URL, {"radicado": petition.radicado, "code": code.lower()})
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Radicada", "Asignada", "Respondida"):
        assert label in html
    assert "alumbrado nuevo en 2027" in html
    assert "no-store" in response["Cache-Control"]
    assert "Pedro Prueba" not in html  # the page never echoes the petitioner


def test_wrong_code_and_wrong_number_get_the_same_neutral_answer(petition_form, client, file_one):
    petition, code = file_one()
    wrong_code = client.post(TRACKING_URL, {"radicado": petition.radicado, "code": "AAAAAAAAAAAA"})
    wrong_number = client.post(TRACKING_URL, {"radicado": "2026-999999", "code": code})
    assert wrong_code.status_code == wrong_number.status_code == 404

    def message(response):
        return re.search(r'<div class="error-summary".*?</div>', response.content.decode(),
                         re.S).group(0)

    assert message(wrong_code) == message(wrong_number)
    assert "No encontramos una solicitud" in message(wrong_code)


def test_a_malformed_email_gets_one_message_not_two(petition_form, client):
    html = client.post(FORM_URL, petition_data(email="ana@", reply_channel="correo")).content.decode()
    assert "Introduzca una dirección de correo electrónico válida" in html
    assert "Escriba un correo electrónico para recibir la respuesta" not in html


def test_the_form_states_its_limits_and_what_is_required(petition_form, client):
    html = client.get(FORM_URL).content.decode()
    assert "hasta 200 caracteres" in html and "Hasta 10.000 caracteres" in html
    consent = html[html.index('id="id_consent"'):]
    assert "Obligatorio, salvo en una denuncia anónima." in consent[:1500]


def test_without_javascript_the_tools_open_another_tab_on_the_receipt(petition_form, client):
    response = client.post(FORM_URL, petition_data())
    html = client.get(response["Location"]).content.decode()
    tools = html[html.index('class="display-tools"'):html.index("</nav>")]
    # The receipt (shown once) stays in this tab; the other tab goes home, not back here.
    assert tools.count('target="_blank" rel="noopener"') == 2
    assert "volver=/&" not in tools and 'volver=/"' in tools
    assert "(se abre en otra pestaña)" in tools
    form = client.get(FORM_URL).content.decode()
    assert 'target="_blank"' not in form[form.index('class="display-tools"'):]
