import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile


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
def file_one(db):
    """File a petition through the service; returns (petition, tracking code)."""
    from tests.citizens.factories import file_petition

    return file_petition


@pytest.fixture
def petition_form(db):
    """The filing form and the tracking page at /atencion/pqrsd/, without the demo."""
    from citizens.models import PetitionFormPage, PetitionTrackingPage
    from tests.citizens.factories import PetitionFormPageFactory, PetitionTrackingPageFactory

    form = PetitionFormPage.objects.first() or PetitionFormPageFactory()
    if not PetitionTrackingPage.objects.exists():
        PetitionTrackingPageFactory(parent=form)
    return form


@pytest.fixture
def stdout():
    return io.StringIO()
