import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens.services import pqrsd

FORM_URL = "/atencion/pqrsd/"
TRACKING_URL = "/atencion/pqrsd/consulta/"
REPORT_URL = "/atencion/pqrsd/informes/"
ENROL_URL = "/atencion/inscribe-tu-barrio/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives each test's transaction.
    cache.clear()
    yield
    cache.clear()


def petition_data(**overrides):
    data = {
        "petition_type": "peticion", "subject": "Alumbrado del parque del barrio",
        "description": "Solicito información sobre el plan de alumbrado del parque.",
        "name": "Marta Lucía Ospina", "id_type": "CC", "id_number": "52123456",
        "email": "marta@example.org", "phone": "3001234567", "address": "",
        "reply_channel": "correo", "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def real_pdf(text="Soporte de la solicitud.") -> bytes:
    """A one-page PDF as a word processor writes it (attachments are opened and checked)."""
    import pymupdf

    document = pymupdf.open()
    document.new_page().insert_text((72, 72), text)
    data = document.tobytes()
    document.close()
    return data


def pdf_upload(name="soporte.pdf", size=None):
    body = real_pdf()
    if size:
        body += b"%" + b"0" * (size - len(body) - 2) + b"\n"  # a comment: still a valid PDF
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def file_one(demo):
    """File a petition through the service; returns (petition, tracking code)."""

    def _file(**overrides):
        fields = {
            "petition_type": "peticion", "subject": "Asunto de prueba",
            "description": "Descripción suficiente de la solicitud.", "name": "Pedro Prueba",
            "email": "pedro@example.org", "reply_channel": "correo",
        }
        fields.update(overrides)
        return pqrsd.file_petition(fields=fields, consent=True)

    return _file


@pytest.fixture
def stdout():
    return io.StringIO()
