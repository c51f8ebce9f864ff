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
from records.models import Activity, Attendee, CommitteeMember, Territory

SOUTH = "TER-S-001"  # gestor_sur's; gestor_norte may not see it

MEMBER = {"full_name": "Zacarías Ulloa Membrillo", "id_number": "91.357.246",
          "phone": "318 246 1357", "email": "zacarias.ulloa@example.net",
          "address": "Transversal 93 # 41B-17 Sur"}
ATTENDEE = {"full_name": "Perpetua Quiñones Yarumal", "id_number": "63.852.741",
            "phone": "316 852 7410", "email": "perpetua.yarumal@example.net"}
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
def user_named(db):
    return lambda name: get_user_model().objects.get(username=name)


@pytest.fixture
def elsewhere(demo):
    """Records in gestor_sur's territory and a petition of another unit than «atencion»."""
    south = Territory.objects.get(code=SOUTH)
    member = CommitteeMember.objects.create(territory=south, role="Tesorero", **MEMBER)
    activity = Activity.objects.create(kind="prevencion", title="Recorrido nocturno sur",
                                       date="2026-10-10", territory=south)
    attendee = Attendee.objects.create(activity=activity, organization="JAC", **ATTENDEE)
    petition, _code = pqrsd.file_petition(fields={
        "petition_type": "peticion", "subject": "Cámaras del parque",
        "description": "Solicito el plan de instalación de cámaras.", "reply_channel": "correo",
        **PETITIONER}, consent=True)
    pqrsd.assign(petition, unit=Unit.objects.get(code="convivencia"), by=None)
    attachment = PetitionAttachment(petition=petition, content_type="application/pdf", size=20)
    attachment.file.save("soporte.pdf", ContentFile(b"%PDF-1.4\n% Wenceslao\n%%EOF\n"))
    return {"member": member, "activity": activity, "attendee": attendee, "petition": petition,
            "attachment": attachment, "territory": south}


def secret_values() -> list[str]:
    return [v for group in (MEMBER, ATTENDEE, PETITIONER) for k, v in group.items()
            if k != "id_type"]


def leaked(body: str) -> list[str]:
    return [value for value in secret_values() if value in body]
