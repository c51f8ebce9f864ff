"""Spreadsheets as staff use them: Spanish files that round-trip, every error at once,
and the files Colombian offices really produce (Excel's semicolons, UTF-16, images)."""

import codecs
import datetime
import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records.models import Activity, Attendee, Case, CommitteeMember, IndicatorValue

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "json": "2"}
IMPORTABLE = ["territory", "indicatorvalue", "committeemember", "activity", "attendee",
              "commitment"]
ATTENDEE_HEADER = ["Actividad (código)", "Nombre completo", "Número de documento", "Teléfono",
                   "Correo electrónico", "Organización o entidad"]


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def export(client, model, fmt="csv"):
    form = client.get(f"/admin/records/{model}/export/").context["form"]
    columns = {name: "on" for name in form.fields if name not in ("format", "resource",
                                                                  "export_items")}
    response = client.post(f"/admin/records/{model}/export/",
                           {"format": FORMATS[fmt], "resource": "0", **columns})
    assert response.status_code == 200, text_of(response)[-800:]
    return response


def preview(client, model, data, fmt="csv", name=None):
    upload = SimpleUploadedFile(name or f"archivo.{fmt}", data)
    response = client.post(f"/admin/records/{model}/import/", {
        "resource": "0", "format": FORMATS[fmt], "import_file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Traceback" not in body and 'File "/' not in body and "Error: " not in body
    return response


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("model", IMPORTABLE)
def test_every_importable_model_round_trips_unchanged(client, user_named, model, fmt):
    client.force_login(user_named("coordinador"))
    exported = export(client, model, fmt)
    response = preview(client, model, exported.content, fmt)
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), (
        [e.error for e in result.base_errors], [r.error_dict for r in result.invalid_rows][:3])
    totals = dict(result.totals)
    assert totals["skip"] == result.total_rows > 0, totals
    assert totals["new"] == totals["update"] == 0


def test_files_speak_spanish_and_name_related_rows_by_code(client, user_named):
    client.force_login(user_named("coordinador"))
    response = export(client, "attendee")
    assert re.fullmatch(r'attachment; filename="asistentes-\d{4}-\d{2}-\d{2}\.csv"',
                        response["Content-Disposition"])
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == ATTENDEE_HEADER
    codes = {line.split(",")[0] for line in lines[1:]}
    assert codes <= set(Activity.objects.values_list("code", flat=True))
    commitments = export(client, "commitment").content.decode("utf-8-sig").splitlines()
    assert commitments[0].startswith("ID,Caso (número),Compromiso,")
    assert re.match(r"\d+,CER-\d{4}-\d{4},", commitments[1])
    assert "Cerrado (cumplido)" in "\n".join(commitments) or "Abierto" in "\n".join(commitments)
    members = export(client, "committeemember").content.decode("utf-8-sig")
    assert members.splitlines()[0].endswith(",Activo") and ",Sí" in members


def test_the_export_form_offers_an_analyst_no_personal_column(client, user_named):
    client.force_login(user_named("analista"))
    page = text_of(client.get("/admin/records/attendee/export/"))
    assert "Organización o entidad" in page
    assert "Nombre completo" not in page and "Número de documento" not in page
    assert "Full Name" not in page and "Id Number" not in page


def test_every_bad_row_of_a_file_is_listed_at_once_with_its_row_and_column(client, user_named):
    client.force_login(user_named("gestor_norte"))
    activity = Activity.objects.filter(territory__code="TER-N-001").first()
    data = "\n".join([
        ",".join(ATTENDEE_HEADER),
        f"{activity.code},Persona Uno,1001,,correo-malo,",
        f"{activity.code},,1002,,,",
        "ACT-1999-0001,Persona Tres,1003,,,",
        f"{activity.code},Persona Cuatro,ABC,,,",
        f"{activity.code},Persona Cinco,1005,,,",
    ]).encode()
    before = Attendee.objects.count()
    response = preview(client, "attendee", data)
    result = response.context["result"]
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(errors) == {1, 2, 3, 4}
    assert "email" in errors[1] and "full_name" in errors[2]
    assert "activity" in errors[3] and "id_number" in errors[4]
    text = text_of(response)
    for message in ("correo electrónico válida", "no puede estar en blanco",
                    "«ACT-1999-0001» no existe", "«ABC» no es un número de documento"):
        assert message in text
    assert response.context.get("confirm_form") is None
    assert Attendee.objects.count() == before


def test_another_lists_export_is_refused_by_name(client, user_named):
    client.force_login(user_named("coordinador"))
    activities = export(client, "activity").content
    text = text_of(preview(client, "attendee", activities))
    assert "Este archivo no corresponde a asistentes" in text
    assert "«Tipo»" in text and "Exporte la lista para ver el formato" in text


@pytest.mark.parametrize("payload, fmt, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "csv", "parece una imagen PNG"),
    (b"%PDF-1.7\n%\xe2\xe3", "json", "parece un PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "xlsx", "No se pudo leer el archivo con el formato"),
    (b"Nombre;Edad\r\nAna;3\r\n", "xlsx", "No se pudo leer el archivo con el formato"),
    (b"", "csv", "está vac"),
])
def test_files_that_are_not_the_chosen_format_get_a_spanish_message(client, user_named,
                                                                    payload, fmt, message):
    client.force_login(user_named("coordinador"))
    before = Attendee.objects.count()
    text = text_of(preview(client, "attendee", payload, fmt))
    assert message in text
    assert re.search(r"No se pudo|no es|parece|está vac|encabezados|No hay", text)
    assert "encountered" not in text and "Ensure" not in text
    assert Attendee.objects.count() == before


def _excel_rows(activity):
    return [ATTENDEE_HEADER,
            [activity.code, "José Peña Muñoz", "1.020.304.050", "", "", "Junta de Acción Comunal"],
            [activity.code, "Ángela Ruíz", "52.111.222", "", "", ""]]


@pytest.mark.parametrize("encoding, delimiter, bom", [
    ("cp1252", ";", b""),                       # Excel «CSV (delimitado por comas)», Spanish
    ("utf-16-le", "\t", codecs.BOM_UTF16_LE),   # Excel «Texto Unicode»
    ("utf-8", ";", codecs.BOM_UTF8),            # Excel «CSV UTF-8», Spanish
])
def test_csv_as_colombian_excel_saves_it_imports(client, user_named, encoding, delimiter, bom):
    client.force_login(user_named("gestor_norte"))
    activity = Activity.objects.filter(territory__code="TER-N-001").first()
    text = "\r\n".join(delimiter.join(row) for row in _excel_rows(activity)) + "\r\n"
    response = preview(client, "attendee", bom + text.encode(encoding))
    result = response.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert dict(result.totals)["new"] == 2
    client.post("/admin/records/attendee/process_import/", response.context["confirm_form"].initial)
    names = set(Attendee.objects.filter(activity=activity).values_list("full_name", flat=True))
    assert {"José Peña Muñoz", "Ángela Ruíz"} <= names


def test_cells_written_the_colombian_way_are_read(client, user_named):
    client.force_login(user_named("coordinador"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Territorio (código)", "Indicador (código)", "Periodo (primer día)", "Valor"])
    sheet.append(["TER-N-001", "ISCB-HOM", datetime.datetime(2030, 1, 1), 7.25])  # Excel types
    sheet.append(["ter-n-001", "ISCB-HOM", "01/04/2030", "9,5"])                # typed by hand
    buffer = io.BytesIO()
    book.save(buffer)
    response = preview(client, "indicatorvalue", buffer.getvalue(), "xlsx")
    assert not response.context["result"].has_validation_errors(), [
        r.error_dict for r in response.context["result"].invalid_rows]
    client.post("/admin/records/indicatorvalue/process_import/",
                response.context["confirm_form"].initial)
    values = dict(IndicatorValue.objects.filter(territory__code="TER-N-001",
                                                period__year=2030).values_list("period", "value"))
    assert values == {datetime.date(2030, 1, 1): pytest.approx(7.25),
                      datetime.date(2030, 4, 1): pytest.approx(9.5)}


def test_yes_no_and_choice_labels_import_and_unknown_ones_are_explained(client, user_named):
    client.force_login(user_named("coordinador"))
    member = CommitteeMember.objects.filter(active=True).first()
    header = ["ID", "Territorio (código)", "Rol en el comité", "Activo"]
    data = json.dumps([dict(zip(header, [member.pk, member.territory.code, "Fiscal", "No"])),
                       dict(zip(header, ["", member.territory.code, "Vocal", "Tal vez"]))]).encode()
    text = text_of(preview(client, "committeemember", data, "json"))
    assert "«Tal vez» no es válido en activo: escriba Sí o No." in text
    activity = Activity.objects.first()
    header = ["Código", "Tipo", "Nombre", "Fecha", "Territorio (código)"]
    row = [activity.code, "Visita de cortesía", activity.title, activity.date.isoformat(),
           activity.territory.code]
    text = text_of(preview(client, "activity", json.dumps([dict(zip(header, row))]).encode(),
                           "json"))
    assert "«Visita de cortesía» no es una opción de tipo. Use una de: Prevención y promoción;" in text


def test_new_activities_and_cases_get_codes_people_can_write(db):
    from tests.records.factories import CaseFactory, TerritoryFactory

    territory = TerritoryFactory()
    first = Activity.objects.create(kind="prevencion", title="Uno", date=datetime.date(2031, 3, 1),
                                    territory=territory)
    second = Activity.objects.create(kind="prevencion", title="Dos", date=datetime.date(2031, 5, 1),
                                     territory=territory)
    assert (first.code, second.code) == ("ACT-2031-0001", "ACT-2031-0002")
    case = CaseFactory(territory=territory)
    assert re.fullmatch(r"(CER|AT|PROC)-\d{4}-\d{4}", case.number)
    assert str(case).startswith(case.number)
    assert Case.objects.filter(number=case.number).count() == 1


def test_the_import_page_announces_a_long_read_and_blocks_a_second_press(client, user_named):
    client.force_login(user_named("coordinador"))
    html = client.get("/admin/records/attendee/import/").content.decode()
    assert 'id="import-progress"' in html and 'role="status"' in html
    assert "records/import_page.js" in html


def test_a_large_preview_sums_up_and_shows_the_first_rows(client, user_named):
    client.force_login(user_named("gestor_norte"))
    activity = Activity.objects.filter(territory__code="TER-N-001").first()
    lines = [",".join(ATTENDEE_HEADER)] + [f"{activity.code},Persona {i},{5_000_000 + i},,,"
                                           for i in range(150)]
    response = preview(client, "attendee", "\n".join(lines).encode())
    text = text_of(response)
    assert "150 nuevas, 0 actualizadas, 0 sin cambios, de 150 filas." in text
    assert "Se muestran los valores de las primeras 100." in text
    body = response.content.decode()
    assert body.count('<tr class="new">') == 100
    assert response.context["confirm_form"] is not None
