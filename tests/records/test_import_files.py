"""The copies of spreadsheets kept between an import's preview and its confirmation.

They carry names and cédulas: none may outlive the preview that can no longer be
confirmed, and the hourly purge removes those of previews nobody confirmed."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from records.models import Activity, Attendee
from tests.records.test_import_export import as_file, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_folder(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "import_export": {
        "BACKEND": "convive.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)}}}
    folder = tmp_path / "django-import-export"

    def kept() -> list[Path]:
        return sorted(folder.iterdir()) if folder.exists() else []
    return kept


@pytest.fixture
def gestor(client, user_named):
    client.force_login(user_named("gestor_norte"))
    return client


@pytest.fixture
def activity(demo):
    return Activity.objects.get(territory__code="TER-N-001")


def rows(activity, n=1, start=910001):
    return [(activity.code, f"Persona Prueba {i}", str(start + i), "", "", "")
            for i in range(n)]


def test_a_confirmed_import_leaves_no_copy(gestor, activity, import_folder):
    response = upload(gestor, "attendee", as_file(rows(activity)))
    assert len(import_folder()) == 1  # the copy the confirmation will read
    gestor.post("/admin/records/attendee/process_import/", response.context["confirm_form"].initial)
    assert Attendee.objects.filter(id_number="910001").exists()
    assert import_folder() == []


def test_a_preview_with_errors_leaves_no_copy(gestor, activity, import_folder):
    bad = rows(activity) + [(activity.code, "", "910099", "", "", "")]  # a row without name
    response = upload(gestor, "attendee", as_file(bad))
    assert "no puede estar en blanco" in response.content.decode()
    assert import_folder() == []


def test_an_unreadable_file_leaves_no_copy(gestor, import_folder, demo):
    response = upload(gestor, "attendee", SimpleUploadedFile("a.csv", b"\x89PNG\r\n\x1a\n\x00bin"))
    assert response.status_code == 200
    assert import_folder() == []


def test_a_confirmation_that_fails_leaves_no_copy(gestor, activity, import_folder):
    response = upload(gestor, "attendee", as_file(rows(activity)))
    confirm = response.context["confirm_form"].initial
    # Between preview and confirmation someone else registers the same person: the
    # confirmation now finds an error and imports nothing.
    Attendee.objects.create(activity=activity, full_name="Otra", id_number="910001")
    response = gestor.post("/admin/records/attendee/process_import/", confirm)
    assert response.status_code == 302
    assert Attendee.objects.filter(id_number="910001").count() == 1
    assert import_folder() == []


def test_a_refused_confirmation_deletes_nothing_it_names(gestor, activity, import_folder):
    response = upload(gestor, "attendee", as_file(rows(activity)))
    confirm = dict(response.context["confirm_form"].initial)
    [kept] = import_folder()
    # A forged name (another session's preview, or a path) is refused and deletes nothing.
    gestor.post("/admin/records/attendee/process_import/",
                {**confirm, "import_file_name": "../../otra-cosa"})
    assert import_folder() == [kept]


def test_previews_the_session_forgets_are_deleted(gestor, activity, import_folder):
    for i in range(12):
        upload(gestor, "attendee", as_file(rows(activity, start=920000 + 10 * i)))
    # The session keeps the last ten previews confirmable; older copies are gone.
    assert len(import_folder()) == 10


def test_the_purge_removes_only_copies_older_than_asked(gestor, activity, import_folder):
    upload(gestor, "attendee", as_file(rows(activity)))
    upload(gestor, "attendee", as_file(rows(activity, start=930000)))
    old, recent = import_folder()
    seven_hours_ago = time.time() - 7 * 3600
    os.utime(old, (seven_hours_ago, seven_hours_ago))
    out = io.StringIO()
    call_command("purge_import_files", "--hours", "6", stdout=out)
    assert import_folder() == [recent]
    assert "borradas: 1" in out.getvalue()


def test_the_purge_runs_before_any_import(import_folder, db):
    out = io.StringIO()
    call_command("purge_import_files", stdout=out)
    assert "borradas: 0" in out.getvalue()


def test_a_copy_that_cannot_be_read_at_confirmation_is_deleted(gestor, activity, import_folder):
    response = upload(gestor, "attendee", as_file(rows(activity), "xlsx"), "xlsx")
    [copy] = import_folder()
    copy.write_bytes(b"PK\x03\x04 no longer a workbook")  # truncated on disk, say
    response = gestor.post("/admin/records/attendee/process_import/",
                           response.context["confirm_form"].initial, follow=True)
    assert "No se pudo leer el archivo al confirmar" in response.content.decode()
    assert import_folder() == []
