"""Changelist lookups, ordering and search never touch personal fields a user may not see
(finding 4); every view that serves a file checks the permissions and is logged (finding 5)."""

import re

import pytest
from django.core.files.base import ContentFile

from records.models import Attendee, AuditEntry, CaseRecord
from redaction.models import PublicVersion
from tests.security.conftest import ATTENDEE, MEMBER, leaked

pytestmark = pytest.mark.django_db

PROBES = [
    ("attendee", {"full_name__regex": "^P"}),
    ("attendee", {"id": "1", "id_number__startswith": "6"}),
    ("attendee", {"email__icontains": "yarumal"}),
    ("attendee", {"full_name": ATTENDEE["full_name"]}),
    ("attendee", {"phone__contains": "852"}),
    ("committeemember", {"id_number__startswith": "91"}),
    ("committeemember", {"address__icontains": "Transversal"}),
    ("activity", {"attendees__full_name__startswith": "P"}),
    ("territory", {"committee_members__id_number__startswith": "9"}),
    ("attendee", {"o": "1", "full_name__gt": "M"}),
]


@pytest.mark.parametrize("model, params", PROBES)
def test_an_analyst_cannot_filter_by_personal_fields_in_the_url(client, user_named, elsewhere,
                                                                model, params):
    client.force_login(user_named("analista"))
    for path in (f"/admin/records/{model}/", f"/admin/records/{model}/export/"):
        response = client.get(path, params)
        assert response.status_code == 400, (path, params, response.status_code)
        assert not leaked(response.content.decode())


def test_the_count_does_not_move_with_a_guess(client, user_named, elsewhere):
    # With the lookup refused, a right and a wrong guess answer the same.
    client.force_login(user_named("analista"))
    right = client.get("/admin/records/attendee/", {"id_number": ATTENDEE["id_number"]})
    wrong = client.get("/admin/records/attendee/", {"id_number": "00.000.000"})
    assert right.status_code == wrong.status_code == 400
    # The same page but for the address itself, which the accessibility tools link back to.
    same = [re.sub(r"volver=[^\"&]*", "volver=…", r.content.decode()) for r in (right, wrong)]
    assert same[0] == same[1]


def test_managers_who_may_see_personal_data_still_filter_by_it(client, user_named, elsewhere):
    client.force_login(user_named("gestor_sur"))
    response = client.get("/admin/records/committeemember/",
                          {"id_number__startswith": MEMBER["id_number"][:5]})
    assert response.status_code == 200
    assert MEMBER["full_name"] in response.content.decode()


def test_an_analysts_lists_are_not_ordered_by_name(client, user_named, elsewhere):
    activity = elsewhere["activity"]
    zeta = Attendee.objects.create(activity=activity, full_name="Zoila Zapata", id_number="11")
    alfa = Attendee.objects.create(activity=activity, full_name="Abel Abad", id_number="12")
    client.force_login(user_named("analista"))
    response = client.get("/admin/records/attendee/", {"activity__id__exact": activity.pk})
    assert response.status_code == 200
    shown = [row.pk for row in response.context["cl"].result_list]
    assert shown.index(zeta.pk) < shown.index(alfa.pk)  # by id, as a person who knows no names
    search = client.get("/admin/records/attendee/", {"q": ATTENDEE["full_name"].split()[0]})
    assert search.context["cl"].result_count == 0


# --- Files and images of files ------------------------------------------------------


@pytest.fixture
def prepared_version(demo):
    record = CaseRecord.objects.exclude(file="").select_related("step__case__territory") \
        .order_by("pk").first()
    version = PublicVersion.objects.create(
        record=record, title="Acta (versión pública)", kind="acta", document_date="2026-06-01",
        summary="Resumen.", status=PublicVersion.Status.PREPARED, page_count=1)
    version.output.save("v.pdf", ContentFile(record.file.open("rb").read()))
    return version


@pytest.mark.parametrize("username", ["analista", "atencion"])
def test_redaction_previews_and_prepared_files_need_the_right_roles(client, user_named,
                                                                    prepared_version, username):
    client.force_login(user_named(username))
    for suffix in ("pagina/1.png", "archivo/"):
        response = client.get(f"/admin/redaction/publicversion/{prepared_version.pk}/{suffix}")
        assert response.status_code in (403, 404), suffix
        assert not response.get("Content-Type", "").startswith(("image/", "application/pdf"))
    assert not AuditEntry.objects.filter(action="file_view").exists()


def test_a_preview_and_a_prepared_file_are_logged_when_served(client, user_named, prepared_version):
    territory = prepared_version.record.step.case.territory
    manager = "gestor_norte" if "Norte" in territory.locality.name else "gestor_sur"
    client.force_login(user_named(manager))
    base = f"/admin/redaction/publicversion/{prepared_version.pk}/"
    assert client.get(base + "pagina/1.png").status_code == 200
    assert client.get(base + "archivo/").status_code == 200
    seen = AuditEntry.objects.filter(action="file_view", actor_name=manager,
                                     object_id=str(prepared_version.pk))
    assert seen.count() == 2


def test_a_prepared_file_gone_from_storage_is_a_404_and_no_download_is_logged(
        client, user_named, prepared_version):
    territory = prepared_version.record.step.case.territory
    manager = "gestor_norte" if "Norte" in territory.locality.name else "gestor_sur"
    prepared_version.output.storage.delete(prepared_version.output.name)
    client.force_login(user_named(manager))
    response = client.get(f"/admin/redaction/publicversion/{prepared_version.pk}/archivo/")
    assert response.status_code == 404
    assert "ya no está en el almacenamiento" in response.content.decode()
    assert not AuditEntry.objects.filter(action="file_view",
                                         object_id=str(prepared_version.pk)).exists()


def test_petition_attachments_of_another_unit_are_missing_and_own_ones_logged(
        client, user_named, elsewhere):
    petition, attachment = elsewhere["petition"], elsewhere["attachment"]
    url = f"/admin/citizens/petition/{petition.pk}/anexo/{attachment.pk}/"
    client.force_login(user_named("atencion"))
    assert client.get(url).status_code == 404
    client.force_login(user_named("convivencia"))
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="file_view", actor_name="convivencia",
                                     object_id=str(petition.pk)).exists()


def test_an_analyst_never_downloads_an_original(client, user_named, demo):
    record = CaseRecord.objects.exclude(file="").first()
    client.force_login(user_named("analista"))
    assert client.get(f"/admin/records/caserecord/{record.pk}/original/").status_code == 403
