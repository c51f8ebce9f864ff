"""Every door of the Django admin, walked as an analyst, a manager of another territory and
a PQRSD unit: no personal data they may not read and no object that is not theirs, on any
path. The walk reads the admin's own URL list, so a new view is walked the day it is added;
a view with a parameter this file does not know fails the test until it is taught here.
"""

import csv
import io
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver

from records.services.permissions import hidden_personal_fields
from tests.security.conftest import (
    ATTENDEE,
    MARKER_ACTIVITY,
    MARKER_PETITION,
    MARKER_RECORD,
    MEMBER,
    PETITIONER,
    secret_values,
)

pytestmark = pytest.mark.django_db

PERSONAL = secret_values()
# What each role must never read, beyond the personal values (which nobody here may read).
FORBIDDEN = {
    "analista": [MARKER_PETITION],
    "gestor_norte": [MARKER_ACTIVITY, MARKER_RECORD, MARKER_PETITION],
    "atencion": [MARKER_ACTIVITY, MARKER_RECORD, MARKER_PETITION],
}
# The models whose «other» objects each role may not open at all.
DENIED = {
    "analista": {"citizens.petition", "redaction.publicversion", "auth.user", "auth.group",
                 "records.auditentry"},
    "gestor_norte": "*",
    "atencion": "*",
}
MISSING = 987654321
# Exports each role can run: every door that should produce a file did (a PQRSD unit has
# no records and exports no petitions from the admin).
MIN_EXPORTS = {"analista": 11, "gestor_norte": 10, "atencion": 0}


def others(elsewhere, user):
    """For each model, the pk of an object the walker may not see (or a missing one)."""
    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(username="coordinador")
    return {
        "records.committeemember": elsewhere["member"].pk,
        "records.attendee": elsewhere["attendee"].pk,
        "records.activity": elsewhere["activity"].pk,
        "records.caserecord": elsewhere["record"].pk,
        "records.case": elsewhere["case"].pk,
        "records.territory": elsewhere["territory"].pk,
        "redaction.publicversion": elsewhere["version"].pk,
        "citizens.petition": elsewhere["petition"].pk,
        "auth.user": coordinator.pk,
    }


def parameters(model_label, name, ids, elsewhere):
    """Values for a URL parameter; an unknown one means a new kind of door."""
    own = ids.get(model_label, MISSING)
    values = {
        "object_id": [own], "pk": [own], "id": [own],
        "record": [elsewhere["record"].pk],
        "attachment": [elsewhere["attachment"].pk],
        "page": [1],
        "step": ["asignar", "iniciar", "responder", "cerrar"],
        "decision": ["aceptar", "rechazar"],
    }
    if name not in values:
        pytest.fail(f"{model_label}: parámetro de URL desconocido «{name}»; enséñele a "
                    "test_every_door qué valores probar.")
    return values[name]


def expand(route: str, model_label, ids, elsewhere):
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    urls = [route]
    for name in names:
        urls = [re.sub(rf"<(?:\w+:)?{name}>", str(value), url, count=1)
                for url in urls for value in parameters(model_label, name, ids, elsewhere)]
    return urls


def doors(elsewhere, user):
    ids = others(elsewhere, user)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            if isinstance(pattern, URLResolver) or not isinstance(pattern, URLPattern):
                continue
            route = str(pattern.pattern).lstrip("^").rstrip("$")
            if route == "<path:object_id>/":
                continue  # Django's redirect to <object_id>/change/, walked itself
            for url in expand(route, label, ids, elsewhere):
                yield label, base + url, bool(re.search(r"<", route))


def personal_probes(model, user):
    """Lookups on the personal fields ``user`` may not read, on the model and one hop away."""
    for field in sorted(hidden_personal_fields(user, model)):
        yield {f"{field}__startswith": "a"}
        yield {f"{field}__regex": "^."}
    for relation in model._meta.related_objects:
        for field in sorted(hidden_personal_fields(user, relation.related_model)):
            yield {f"{relation.get_accessor_name()}__{field}__startswith": "a"}


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", "replace")


def check(role, response, url, forbidden, denied_object):
    body = body_of(response)
    assert response.status_code < 500, (role, url, response.status_code)
    found = [value for value in forbidden if value in body]
    assert not found, (role, url, found)
    if denied_object:
        assert response.status_code in (302, 400, 403, 404, 405), (role, url, response.status_code)
        if response.status_code == 302:
            assert "/login/" in response["Location"] or response["Location"].rstrip(
                "/").endswith("/admin"), (role, url, response["Location"])


def csv_upload(header, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    return SimpleUploadedFile("datos.csv", buffer.getvalue().encode())


@pytest.mark.parametrize("role", ["analista", "gestor_norte", "atencion"])
def test_every_admin_door_keeps_others_objects_and_personal_data_out(client, user_named,
                                                                      elsewhere, role):
    user = user_named(role)
    client.force_login(user)
    forbidden = PERSONAL + FORBIDDEN[role]
    denied_models = DENIED[role]
    walked = opened = exported = 0
    for label, url, names_an_object in doors(elsewhere, user):
        denied = names_an_object and (denied_models == "*" or label in denied_models)
        response = client.get(url)
        check(role, response, url, forbidden, denied)
        walked += 1
        opened += response.status_code == 200
        # The same door with a POST: forms, imports, exports, steps, decisions.
        data = {"format": "0", "resource": "0", "import_file_name": "x", "reason": "Prueba " * 5,
                "original_file_name": "x.csv"}
        if url.endswith("/import/"):
            data["import_file"] = csv_upload(["id", "role"], [[elsewhere["member"].pk, "X"]])
        if url.endswith("/export/") and response.status_code == 200:
            form = response.context.get("form")
            for name in getattr(form, "fields", {}):
                if name != "export_items":  # left empty: every row the list shows
                    data.setdefault(name, "on")  # every column the form offers
        posted = client.post(url, data)
        check(role, posted, url + " [POST]", forbidden, denied)
        exported += "attachment" in posted.get("Content-Disposition", "")
    # Not a vacuous walk: every door was tried, the role's own pages did open and its
    # exports did produce files (an invalid form would check nothing).
    assert walked > 150 and opened >= 3, (walked, opened)
    assert exported >= MIN_EXPORTS[role], exported


@pytest.mark.parametrize("role", ["analista", "atencion"])
def test_no_changelist_or_export_answers_a_lookup_on_personal_data(client, user_named,
                                                                    elsewhere, role):
    user = user_named(role)
    client.force_login(user)
    probed = 0
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        paths = [base] + ([base + "export/"] if hasattr(model_admin, "export_action") else [])
        for probe in personal_probes(model, user):
            for path in paths:
                response = client.get(path, probe)
                probed += 1
                assert response.status_code in (400, 403, 404), (role, path, probe,
                                                                 response.status_code)
    assert probed > 20


def test_autocomplete_and_search_never_match_on_personal_data(client, user_named, elsewhere):
    client.force_login(user_named("analista"))
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        baseline = client.get(base, {"q": "Ñandúzzz9"})
        if baseline.status_code != 200 or "cl" not in baseline.context:
            continue
        for term in (MEMBER["full_name"].split()[0], ATTENDEE["id_number"],
                     PETITIONER["email"]):
            # A secret finds exactly what a word found nowhere finds: nothing to learn.
            response = client.get(base, {"q": term})
            assert response.context["cl"].result_count == baseline.context["cl"].result_count, (
                base, term)
    for model_name, field in (("case", "territory"), ("activity", "territory")):
        found = client.get("/admin/autocomplete/", {
            "app_label": "records", "model_name": model_name, "field_name": field,
            "term": MEMBER["full_name"].split()[0]}).json()["results"]
        assert found == []
