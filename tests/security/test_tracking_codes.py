"""Tracking codes: digests under a derived key that survives key rotation, and the clear
code never kept in the server's session table (finding 14)."""

import hashlib
import hmac
import re

import pytest
from django.contrib.sessions.models import Session

from citizens.models import Petition
from citizens.models.pages import RECEIPT_COOKIE, SESSION_RECEIPT
from citizens.services import codes, pqrsd
from tests.citizens.conftest import FORM_URL, petition_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(demo):
    return pqrsd.file_petition(fields={
        "petition_type": "peticion", "subject": "Rotación", "description": "Prueba de rotación.",
        "name": "Persona Prueba", "email": "p@example.org", "reply_channel": "correo"},
        consent=True)


def test_the_digest_is_not_a_plain_hmac_of_the_raw_key(filed, settings):
    petition, code = filed
    raw = hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()
    assert petition.tracking_digest != raw


def test_codes_survive_a_key_rotation_with_the_old_key_as_fallback(filed, settings):
    petition, code = filed
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "new-" + "n" * 60
    settings.SECRET_KEY_FALLBACKS = [old]
    assert pqrsd.find_for_tracking(petition.radicado, code) == petition
    petition.refresh_from_db()
    # Re-kept under the new key: it keeps working once the old key is retired.
    settings.SECRET_KEY_FALLBACKS = []
    assert pqrsd.find_for_tracking(petition.radicado, code) == petition


def test_a_retired_key_without_fallback_no_longer_opens_a_code(filed, settings):
    petition, code = filed
    settings.SECRET_KEY = "other-" + "o" * 60
    settings.SECRET_KEY_FALLBACKS = []
    assert pqrsd.find_for_tracking(petition.radicado, code) is None


def test_codes_issued_under_the_old_scheme_still_open_and_are_upgraded(filed, settings):
    petition, code = filed
    legacy = hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()
    Petition.objects.filter(pk=petition.pk).update(tracking_digest=legacy)
    assert pqrsd.find_for_tracking(petition.radicado, code) == petition
    petition.refresh_from_db()
    assert petition.tracking_digest == codes.tracking_digest(code)


def test_the_session_table_never_holds_the_clear_code(client, demo, settings):
    settings.PQRSD_RATE_PER_HOUR = 1000
    response = client.post(FORM_URL, petition_data())
    assert response.status_code == 302
    cookie = response.cookies[RECEIPT_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    stored = client.session[SESSION_RECEIPT]
    assert "code" not in stored
    receipt = client.get(response["Location"])
    code = re.search(r"Código de consulta: <strong><code>([A-Z0-9]{12})</code>",
                     receipt.content.decode()).group(1)
    for session in Session.objects.all():
        assert code not in str(session.get_decoded())
        assert code not in session.session_data
    assert code not in cookie.value
    assert receipt.cookies[RECEIPT_COOKIE].value == ""  # the key is dropped once shown
    # Shown once: a second visit goes back to the form.
    assert client.get(response["Location"]).status_code == 302


def test_sealed_halves_reveal_nothing_alone():
    masked, key = codes.seal("ABCDEFGHJKMN")
    assert "ABCDEFGHJKMN" not in masked and codes.unseal(masked, key) == "ABCDEFGHJKMN"
    assert codes.unseal(masked, codes.seal("ABCDEFGHJKMN")[1]) is None
    assert codes.unseal(masked, "zz") is None
