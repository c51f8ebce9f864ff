"""Each role does its job on a freshly deployed site (run by tests/site/test_deploy.py).

Runs in its own process with the production settings the deploy test gives it, against
the database that test just migrated and set up with `setup_roles` only: no load_demo.
Accounts and assignments are made as an administrator would on day one (users in
groups, a territory for the gestor, a unit for its staff); everything else goes through
the site's own doors with Django's test client. Prints one JSON object of findings.
"""

import datetime
import json
import os
import re
import sys

import django

sys.path[:0] = [os.path.join(os.path.dirname(__file__), "..", "..", "site"),
                os.path.join(os.path.dirname(__file__), "..", "..")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convive.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

from citizens.models import Notice, Petition, Unit  # noqa: E402
from citizens.services.permissions import grant_unit  # noqa: E402
from records.models import Activity, Locality, Territory  # noqa: E402
from records.services.permissions import assign_territory  # noqa: E402

HOST = os.environ["DEPLOY_HOST"]
PASSWORD = "Despliegue-2026!seguro"
found = {}


def client():
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")


def log_in(username, url="/admin/login/"):
    browser = client()
    browser.post(url, {"username": username, "password": PASSWORD})
    assert "_auth_user_id" in browser.session, f"{username} no pudo iniciar sesión"
    return browser


found["empty"] = {
    "users": get_user_model().objects.count(), "territories": Territory.objects.count(),
    "petitions": Petition.objects.count(), "units": Unit.objects.count(),
}
found["groups"] = sorted(Group.objects.values_list("name", flat=True))

# Day one, as the administrator: people in their roles, one territory, one unit.
User = get_user_model()
admin = User.objects.create_superuser("administrador", "admin@example.gov.co", PASSWORD)
people = {
    "editora": ("Redactores", False), "revisor": ("Revisores", False),
    "aprobador": ("Aprobadores", False), "coordinadora": ("Coordinación", True),
    "gestor": ("Gestores territoriales", True), "atencion": ("Dependencias (PQRSD)", True),
}
for username, (group, is_staff) in people.items():
    user = User.objects.create_user(username, f"{username}@example.gov.co", PASSWORD,
                                    is_staff=is_staff)
    user.groups.add(Group.objects.get(name=group))
locality = Locality.objects.create(name="Localidad Centro")
territory = Territory.objects.create(code="T-CENTRO-01", name="Barrio La Paz", locality=locality)
assign_territory(territory=territory, user=User.objects.get(username="gestor"), by=admin)
unit = Unit.objects.create(code="convivencia", name="Dirección de Convivencia")
grant_unit(unit, to=User.objects.get(username="atencion"), by=admin)

# The editor drafts a page and submits it to the workflow; review and approval publish it.
home = Page.objects.get(depth=2)
editor = log_in("editora", "/cms/login/")
response = editor.post(f"/cms/pages/add/content/documentindexpage/{home.pk}/", {
    "title": "Documentos", "slug": "documentos", "intro": "Versiones públicas de documentos.",
    "action-submit": "Enviar a revisión",
    "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0", "comments-MAX_NUM_FORMS": "1000",
})
page = Page.objects.filter(slug="documentos").first()
found["editor"] = {"status": response.status_code, "created": page is not None,
                   "live_after_submit": bool(page and page.live),
                   "in_workflow": bool(page and page.workflow_in_progress)}
for username, task in (("revisor", "Revisión"), ("aprobador", "Aprobación y publicación")):
    state = page.current_workflow_task_state
    reviewer = log_in(username, "/cms/login/")
    response = reviewer.post(
        f"/cms/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""})
    page.refresh_from_db()
    found[username] = {"task": state.task.name, "status": response.status_code,
                       "live": page.live}
found["public_page"] = client().get("/documentos/").status_code

# The gestor records an activity in their territory from the admin.
gestor = log_in("gestor")
response = gestor.post("/admin/records/activity/add/", {
    "kind": Activity.Kind.choices[0][0], "title": "Recorrido de seguridad",
    "date": datetime.date.today().isoformat(), "territory": territory.pk,
    "place": "Parque principal", "description": "",
    "attendees-TOTAL_FORMS": "0", "attendees-INITIAL_FORMS": "0",
    "attendees-MIN_NUM_FORMS": "0", "attendees-MAX_NUM_FORMS": "1000",
})
found["gestor"] = {"status": response.status_code,
                   "activity": Activity.objects.filter(territory=territory).count()}

# A citizen files through the API; Coordinación assigns it; the unit starts and answers.
response = client().post("/api/pqrsd/", {
    "type": "peticion", "subject": "Alumbrado del parque",
    "description": "Solicito información sobre el alumbrado del parque del barrio.",
    "name": "Ana Ruiz", "id_type": "CC", "id_number": "1012345678",
    "email": "ana@example.org", "reply_channel": "correo", "consent": True,
}, content_type="application/json")
radicado = response.json().get("radicado", "")
petition = Petition.objects.get(radicado=radicado)
found["citizen"] = {"status": response.status_code,
                    "code": bool(re.fullmatch(r"[A-Z0-9]{12}", response.json().get("tracking_code", "")))}
coordinator = log_in("coordinadora")
found["coordinadora"] = coordinator.post(
    f"/admin/citizens/petition/{petition.pk}/tramite/asignar/", {"unit": unit.pk}).status_code
staff = log_in("atencion")
found["unit"] = {
    "sees_it": staff.get(f"/admin/citizens/petition/{petition.pk}/change/").status_code,
    "start": staff.post(f"/admin/citizens/petition/{petition.pk}/tramite/iniciar/").status_code,
    "answer": staff.post(f"/admin/citizens/petition/{petition.pk}/tramite/responder/", {
        "text": "El alumbrado se revisará el próximo mes.", "refusal": ""}).status_code,
}
petition.refresh_from_db()
found["unit"]["petition_status"] = petition.status
found["notices_waiting"] = Notice.objects.filter(status=Notice.Status.PENDING).count()
print(json.dumps(found, ensure_ascii=False))
