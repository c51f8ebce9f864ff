"""A petition that passes the request's size limits is refused with a message that says
which limit and how to send it again, never the generic 400 page; nothing is filed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens.models import Petition

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


def test_too_many_files_say_so(client, demo, settings):
    before = Petition.objects.count()
    files = [SimpleUploadedFile(f"soporte-{i}.pdf", b"%PDF-1.4\n%%EOF\n")
             for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = client.post("/atencion/pqrsd/", {"subject": "Ruido", "attachments": files})
    assert response.status_code == 400
    text = main_of(response)
    assert "Envió demasiados archivos a la vez" in text and "Atrás" in text
    assert "filtro" not in text  # not the generic page about addresses and filters
    assert Petition.objects.count() == before


def test_a_text_beyond_the_limit_says_so(client, demo, settings):
    before = Petition.objects.count()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client.post("/atencion/pqrsd/", {"subject": "Ruido",
                                                "description": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 400
    assert "El texto enviado es demasiado largo (más de 1 MB" in main_of(response)
    assert Petition.objects.count() == before


def test_the_api_says_it_in_json(client, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500_000
    response = client.post("/api/pqrsd/", {"subject": "Ruido", "description": "a" * 600_000})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "demasiado largo (más de 489 KB" in detail  # not «0 MB»
    assert "Atrás" not in detail  # a program has no back button
