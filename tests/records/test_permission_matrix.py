"""Each role × record type × action × own/other territory, through the admin.

"Own" is a territory in the user's locality (Norte for gestor_norte, Sur for
gestor_sur); coordinador and analista are checked on both.  Objects a user
may not see answer exactly like objects that do not exist.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from records import models

pytestmark = pytest.mark.django_db

ROLES = ["coordinador", "gestor_norte", "gestor_sur", "analista"]
HOME = {"gestor_norte": "TER-N-001", "gestor_sur": "TER-S-001"}
AWAY = {"gestor_norte": "TER-S-001", "gestor_sur": "TER-N-001"}
MODELS = {
    "territory": lambda code: models.Territory.objects.get(code=code),
    "case": lambda code: models.Case.objects.get(territory__code=code),
    "caserecord": lambda code: models.CaseRecord.objects.filter(step__case__territory__code=code).first(),
    "commitment": lambda code: models.Commitment.objects.filter(case__territory__code=code).first(),
    "committeemember": lambda code: models.CommitteeMember.objects.filter(territory__code=code).first(),
    "activity": lambda code: models.Activity.objects.get(territory__code=code),
    "attendee": lambda code: models.Attendee.objects.filter(activity__territory__code=code).first(),
    "indicatorvalue": lambda code: models.IndicatorValue.objects.filter(territory__code=code).first(),
}
ACTIONS = ["view", "add", "change", "delete", "export"]


def expected(role, model, action, scope):
    if role == "coordinador":
        return True
    if role == "analista":
        return action in ("view", "export")
    if scope == "other":
        return False
    if model == "territory":
        return action in ("view", "export")
    return True


def target_code(role, scope):
    if role in HOME:
        return HOME[role] if scope == "own" else AWAY[role]
    return "TER-N-001" if scope == "own" else "TER-S-001"


def allowed(client, user, model_name, action, obj):
    model_admin = admin.site._registry[type(obj)]
    base = f"/admin/records/{model_name}"
    if action == "view":
        response = client.get(f"{base}/{obj.pk}/change/")
        missing = client.get(f"{base}/987654321/change/")
        if response.status_code == 302:  # indistinguishable from a missing object
            assert response["Location"] == missing["Location"]
        return response.status_code == 200
    if action == "add":
        response = client.get(f"{base}/add/")
        if response.status_code != 200:
            return False
        if model_name == "territory":
            return True
        # Adding is allowed only where the parent object can be picked.
        request = RequestFactory().get("/")
        request.user = user
        form = model_admin.get_form(request)()
        parent_field = {"case": "territory", "caserecord": "step", "commitment": "case",
                        "committeemember": "territory", "activity": "territory",
                        "attendee": "activity", "indicatorvalue": "territory"}[model_name]
        parent = getattr(obj, parent_field)
        return form.fields[parent_field].queryset.filter(pk=parent.pk).exists()
    if action == "change":
        request = RequestFactory().get("/")
        request.user = user
        visible_obj = model_admin.get_queryset(request).filter(pk=obj.pk).exists()
        return visible_obj and model_admin.has_change_permission(request, obj) and (
            client.get(f"{base}/{obj.pk}/change/").status_code == 200
        )
    if action == "delete":
        response = client.get(f"{base}/{obj.pk}/delete/")
        return response.status_code == 200
    if action == "export":
        request = RequestFactory().get("/")
        request.user = user
        if not model_admin.has_export_permission(request):
            return False
        queryset = model_admin.get_queryset(request)
        resource = model_admin.get_export_resource_classes(request)[0](user=user)
        dataset = resource.export(queryset=queryset)
        return obj.pk in {int(row_id) for row_id in dataset["id"]} if "id" in dataset.headers else (
            queryset.filter(pk=obj.pk).exists()
        )
    raise AssertionError(action)


@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, user_named, demo, role, model_name, action, scope):
    user = user_named(role)
    client.force_login(user)
    obj = MODELS[model_name](target_code(role, scope))
    assert obj is not None
    assert allowed(client, user, model_name, action, obj) is expected(role, model_name, action, scope)


@pytest.mark.parametrize("role", ["gestor_norte", "analista"])
def test_changelists_autocomplete_and_search_show_only_visible_objects(client, user_named, demo, role):
    client.force_login(user_named(role))
    html = client.get("/admin/records/case/").content.decode()
    assert "TER-N-001" in html or "Los Almendros" in html
    south_visible = role == "analista"
    assert ("San Martín" in html) is south_visible
    found = client.get("/admin/autocomplete/", {
        "app_label": "records", "model_name": "case", "field_name": "territory", "term": "San",
    }).json()["results"]
    assert any("San Martín" in r["text"] for r in found) is south_visible
    html = client.get("/admin/records/activity/", {"q": "San Martín"}).content.decode()
    assert ("Taller de convivencia — Barrio San Martín" in html) is south_visible


def test_history_of_another_managers_object_is_answered_as_missing(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    case = models.Case.objects.get(territory__code="TER-S-001")
    response = client.get(f"/admin/records/case/{case.pk}/history/")
    missing = client.get("/admin/records/case/987654321/history/")
    assert response.status_code == missing.status_code == 302
    assert response["Location"] == missing["Location"]


def test_opening_a_second_route_case_for_a_territory_is_a_form_error(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    territory = models.Territory.objects.get(code="TER-N-002")
    procedure = models.ProcedureVersion.objects.get(key="MM-GSC-P-003")
    before = models.Case.objects.count()
    response = client.post("/admin/records/case/add/", {
        "kind": "certificacion", "procedure": procedure.pk, "territory": territory.pk,
        "title": "Segundo caso",
        **{f"{prefix}-{k}": v for prefix in ("steps", "commitments", "mini_audits", "evaluation",
                                             "transitions")
           for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    })
    assert response.status_code == 200
    assert "ya tiene un caso abierto de" in response.content.decode()
    assert models.Case.objects.count() == before


def test_a_manager_opens_a_case_in_their_territory_from_the_admin(client, user_named, demo):
    client.force_login(user_named("gestor_norte"))
    territory = models.Territory.objects.get(code="TER-N-003")
    models.Case.objects.filter(territory=territory).update(status="cancelado")
    procedure = models.ProcedureVersion.objects.get(key="MM-GSC-P-003")
    response = client.post("/admin/records/case/add/", {
        "kind": "certificacion", "procedure": procedure.pk, "territory": territory.pk,
        "title": "Nuevo intento",
        **{f"{prefix}-{k}": v for prefix in ("steps", "commitments", "mini_audits", "evaluation",
                                             "transitions")
           for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    case = models.Case.objects.get(title="Nuevo intento")
    assert case.steps.count() == 9 and case.opened_by == user_named("gestor_norte")
