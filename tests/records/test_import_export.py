"""Spreadsheet import and export from the admin: dry run, all-or-nothing, permissions."""

import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records.models import Activity, Attendee, IndicatorValue

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}
HEADER = ["activity", "full_name", "id_number", "phone", "email", "organization"]


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def as_file(rows, fmt="csv", header=HEADER, name=None):
    if fmt == "csv":
        lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
        data = ("\n".join(lines) + "\n").encode()
    elif fmt == "json":
        data = json.dumps([dict(zip(header, row)) for row in rows]).encode()
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    return SimpleUploadedFile(name or f"asistencia.{fmt}", data)


def upload(client, model, upload_file, fmt="csv"):
    return client.post(f"/admin/records/{model}/import/", {
        "resource": "0", "format": FORMATS[fmt], "import_file": upload_file,
    })


@pytest.fixture
def north_activity(demo):
    return Activity.objects.get(territory__code="TER-N-001")


@pytest.fixture
def south_activity(demo):
    return Activity.objects.get(territory__code="TER-S-001")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_dry_run_shows_what_will_be_created_then_confirm_writes_it(
    client, user_named, north_activity, fmt
):
    client.force_login(user_named("gestor_norte"))
    before = Attendee.objects.count()
    rows = [(north_activity.code, "Nueva Persona Uno", "900001", "", "", "JAC"),
            (north_activity.code, "Nueva Persona Dos", "900002", "", "", "")]
    response = upload(client, "attendee", as_file(rows, fmt), fmt)
    assert response.status_code == 200
    assert "Nuevo" in text_of(response)
    assert Attendee.objects.count() == before  # nothing written by the dry run
    confirm = response.context["confirm_form"]
    response = client.post("/admin/records/attendee/process_import/", confirm.initial)
    assert response.status_code == 302
    assert Attendee.objects.count() == before + 2


@pytest.mark.parametrize("case, rows, message", [
    ("unknown activity", [("ACT-2026-9876", "Persona", "1001", "", "", "")],
     "no existe o no tiene permiso"),
    ("other manager's activity", "SOUTH", "no existe o no tiene permiso"),
    ("duplicate ID", "DUP", "Fila repetida en el archivo: Actividad (código) y Número de "
                            "documento ya aparecen en la fila 2"),
    ("bad e-mail", [("NORTH", "Persona", "5001", "", "correo-malo", "")], "correo electrónico válida"),
    ("missing name", [("NORTH", "", "6001", "", "", "")], "no puede estar en blanco"),
    ("letters for an ID number", [("NORTH", "Persona", "ABC", "", "", "")],
     "no es un número de documento"),
])
def test_a_file_with_any_bad_row_writes_nothing_and_lists_the_row(
    client, user_named, north_activity, south_activity, case, rows, message
):
    client.force_login(user_named("gestor_norte"))
    good = (north_activity.code, "Persona Válida", "777001", "", "", "")
    if rows == "SOUTH":
        rows = [(south_activity.code, "Persona", "7001", "", "", "")]
    elif rows == "DUP":
        rows = [(north_activity.code, "Uno", "4201", "", "", ""),
                (north_activity.code, "Dos", "4201", "", "", "")]
    rows = [tuple(north_activity.code if v == "NORTH" else v for v in row) for row in rows]
    before = Attendee.objects.count()
    response = upload(client, "attendee", as_file([good] + rows))
    text = text_of(response)
    assert message in text
    assert "Fila" in text or "Número de línea" in text
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert Attendee.objects.count() == before


@pytest.mark.parametrize("payload, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"),
    ("activity,full_name,id_number\n1,Peña Müller,5\n".encode("utf-16"), "utf-16"),
])
def test_files_that_are_not_readable_spreadsheets_are_refused_in_spanish(
    client, user_named, demo, payload, message
):
    client.force_login(user_named("coordinador"))
    before = Attendee.objects.count()
    response = upload(client, "attendee", SimpleUploadedFile("archivo.csv", payload))
    assert response.status_code == 200
    assert Attendee.objects.count() == before
    assert re.search(r"(errores|no se pudo|está vac|codificaci|formato)", text_of(response), re.I)


def test_a_file_with_the_wrong_columns_is_refused(client, user_named, demo):
    client.force_login(user_named("coordinador"))
    before = Attendee.objects.count()
    response = upload(client, "attendee", as_file([("x", "y")], header=["nombre", "cedula"]))
    assert Attendee.objects.count() == before
    text = text_of(response)
    assert "Este archivo no corresponde a asistentes" in text
    assert "«nombre», «cedula» no existen aquí" in text and "«Número de documento»" in text


def test_indicator_import_rejects_another_managers_territory(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    header = ["territory", "indicator", "period", "value"]
    rows = [("TER-N-001", "ISCB-HOM", "2027-01-01", "3.5"), ("TER-S-001", "ISCB-HOM", "2027-01-01", "4")]
    before = IndicatorValue.objects.count()
    response = upload(client, "indicatorvalue", as_file(rows, header=header))
    assert "Territorio «TER-S-001» no existe o no tiene permiso" in text_of(response)
    assert IndicatorValue.objects.count() == before


def test_indicator_import_rejects_a_bad_date(client, user_named, demo):
    client.force_login(user_named("coordinador"))
    header = ["territory", "indicator", "period", "value"]
    before = IndicatorValue.objects.count()
    response = upload(client, "indicatorvalue", as_file([("TER-N-001", "ISCB-HOM", "31/02/2027", "3")], header=header))
    assert IndicatorValue.objects.count() == before
    assert "Fecha inválida «31/02/2027» en periodo (primer día): use el formato AAAA-MM-DD" in (
        text_of(response))


def test_analista_exports_without_personal_data(client, user_named, demo):
    client.force_login(user_named("analista"))
    response = client.post("/admin/records/attendee/export/", {
        "format": "0", "resource": "0", **{f"attendeeresource_{f}": "on" for f in HEADER},
    })
    body = response.content.decode()
    assert response.status_code == 200, body[:500]
    assert "Marta Lucía" not in body and "1.023.456.789" not in body
    assert body.splitlines()[0] == "Actividad (código),Organización o entidad"


def test_managers_export_only_their_territories(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    response = client.post("/admin/records/committeemember/export/", {
        "format": "0", "resource": "0",
        **{f"committeememberresource_{f}": "on" for f in ["id", "territory", "full_name"]},
    })
    body = response.content.decode()
    assert response.status_code == 200
    header = body.splitlines()[0].split(",")
    column = header.index("Territorio (código)")
    territory_ids = {line.split(",")[column] for line in body.splitlines()[1:] if line}
    from records.models import Territory

    # Territories are exported by code, so the file imports back unchanged.
    allowed = set(Territory.objects.filter(code__startswith="TER-N").values_list("code", flat=True))
    assert territory_ids and territory_ids <= allowed


def test_an_import_writes_one_audit_entry_per_row_as_a_form_save_would(
    client, user_named, north_activity
):
    """Imports write their trail in batches (COPY on PostgreSQL): the entries must read
    exactly as the ones a form save writes: who, when, which record, no personal values."""
    from django.utils import timezone

    from records.models import AuditEntry

    gestor = user_named("gestor_norte")
    client.force_login(gestor)
    rows = [(north_activity.code, "Persona Auditada Uno", "910001", "", "", "JAC"),
            (north_activity.code, "Persona Auditada Dos", "910002", "", "", "")]
    response = upload(client, "attendee", as_file(rows))
    since = timezone.now()
    client.post("/admin/records/attendee/process_import/",
                response.context["confirm_form"].initial)
    created = Attendee.objects.filter(id_number__in=["910001", "910002"]).order_by("pk")
    assert created.count() == 2
    for attendee in created:
        entry = AuditEntry.objects.get(model="records.Attendee", object_id=str(attendee.pk),
                                       action="create")
        assert entry.actor_id == gestor.pk and entry.actor_name == "gestor_norte"
        assert since <= entry.at <= timezone.now()
        assert "Auditada" not in entry.object_repr  # records of people: type and id only
        assert entry.changes["full_name"] == "(dato personal)"
        assert entry.changes["id_number"] == "(dato personal)"
        assert entry.changes["activity"] == north_activity.pk
        assert entry.changes["organization"] == attendee.organization
    # The import itself is recorded once, besides.
    assert AuditEntry.objects.filter(action="import", at__gte=since).count() == 1


def test_an_update_import_audits_old_and_new_values_of_changed_rows_only(user_named, demo):
    import tablib
    from decimal import Decimal

    from records.models import AuditEntry
    from records.resources import IndicatorValueResource

    gestor = user_named("gestor_norte")
    resource = IndicatorValueResource(user=gestor)
    exported = resource.export(queryset=IndicatorValue.objects.filter(
        territory__code__startswith="TER-N"))
    assert len(exported) >= 2
    changed = tablib.Dataset(headers=exported.headers)
    for number, row in enumerate(exported):
        row = list(row)
        if number == 0:
            row[exported.headers.index("Valor")] = "99,5"
        changed.append(row)
    before = AuditEntry.objects.filter(action="change").count()
    result = IndicatorValueResource(user=gestor).import_data(
        changed, dry_run=False, use_transactions=True, user=gestor)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["update"] == 1 and result.totals["skip"] == len(exported) - 1
    entries = list(AuditEntry.objects.filter(action="change").order_by("-pk")[:1])
    assert AuditEntry.objects.filter(action="change").count() == before + 1
    value = IndicatorValue.objects.get(pk=entries[0].object_id)
    assert value.value == Decimal("99.5")
    assert list(entries[0].changes) == ["value"]  # unchanged columns are not listed
    old, new = entries[0].changes["value"]
    assert Decimal(new) == Decimal("99.5") and Decimal(old) != Decimal("99.5")
    assert entries[0].actor_name == "gestor_norte"
