"""Fixtures for the attacker's tests: distinctive secrets where the attacker may not look.

The demo's people repeat across territories, so a leak of "another territory's"
data could not be told from the attacker's own.  These records carry values
that exist nowhere else; finding one of them in a response is a leak.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile

from citizens.models import PetitionAttachment, Unit
from citizens.services import pqrsd
from records.models import Activity, Attendee, Case, CaseRecord, CommitteeMember, Territory
from redaction.models import PublicVersion

SOUTH = "TER-S-001"  # gestor_sur's; gestor_norte may not see it

MEMBER = {"full_name": "Zacarías Ulloa Membrillo", "id_number": "91.357.246",
          "phone": "318 246 1357", "email": "zacarias.ulloa@example.net",
          "address": "Transversal 93 # 41B-17 Sur"}
ATTENDEE = {"full_name": "Perpetua Quiñones Yarumal", "id_number": "63.852.741",
            "phone": "316 852 7410", "email": "perpetua.yarumal@example.net"}
# Not personal, but another's: a manager of the north must not read them either.
MARKER_ACTIVITY = "Recorrido nocturno sur Xq7"
MARKER_RECORD = "Acta reservada del sur Kw3"
MARKER_PETITION = "Cámaras del parque Jz5"
PETITIONER = {"name": "Wenceslao Ibarra Zuluaga", "id_type": "CC", "id_number": "1122334455",
              "email": "wenceslao.iz@example.net", "phone": "3209988776",
              "address": "Calle 187 # 9-76 Interior 4"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits, lockouts and kept answers live in the cache, beyond each transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user_named(demo):
    return lambda name: get_user_model().objects.get(username=name)


@pytest.fixture
def elsewhere(demo):
    """Records in gestor_sur's territory and a petition of another unit than «atencion»."""
    south = Territory.objects.get(code=SOUTH)
    member = CommitteeMember.objects.create(territory=south, role="Tesorero", **MEMBER)
    activity = Activity.objects.create(kind="prevencion", title=MARKER_ACTIVITY,
                                       date="2026-10-10", territory=south)
    attendee = Attendee.objects.create(activity=activity, organization="JAC", **ATTENDEE)
    petition, _code = pqrsd.file_petition(fields={
        "petition_type": "peticion", "subject": MARKER_PETITION,
        "description": "Solicito el plan de instalación de cámaras.", "reply_channel": "correo",
        **PETITIONER}, consent=True)
    pqrsd.assign(petition, unit=Unit.objects.get(code="convivencia"), by=None)
    attachment = PetitionAttachment(petition=petition, content_type="application/pdf", size=20)
    attachment.file.save("soporte.pdf", ContentFile(
        f"%PDF-1.4\n% {PETITIONER['name']}\n%%EOF\n".encode()))
    # An original and a prepared public version in the south, both naming the member.
    case = Case.objects.filter(territory=south).first()
    step = case.steps.order_by("number").first()
    kind = step.definition["records"][0]
    original = f"%PDF-1.4\n% Acta: {MEMBER['full_name']} C.C. {MEMBER['id_number']}\n%%EOF\n"
    record = CaseRecord.objects.create(step=step, kind=kind, description=MARKER_RECORD)
    # Named as staff name scans («acta-<cédula>.pdf»): the stored path is personal data too.
    record.file.save(f"acta-sur-{MEMBER['id_number']}.pdf", ContentFile(original.encode()))
    version = PublicVersion.objects.create(
        record=record, title=MARKER_RECORD, kind="acta", document_date="2026-06-01",
        summary="Resumen.", status=PublicVersion.Status.PREPARED, page_count=1,
        extra_terms=MEMBER["full_name"])
    version.output.save("v.pdf", ContentFile(original.encode()))
    return {"member": member, "activity": activity, "attendee": attendee, "petition": petition,
            "attachment": attachment, "territory": south, "case": case, "record": record,
            "version": version}


def secret_values() -> list[str]:
    return [v for group in (MEMBER, ATTENDEE, PETITIONER) for k, v in group.items()
            if k != "id_type"]


def leaked(body: str) -> list[str]:
    return [value for value in secret_values() if value in body]
