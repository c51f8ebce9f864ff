"""Login throttling on every login door (finding 7) and API tokens that expire, are kept as
digests and die with logout and a password change (finding 8)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from records.models import AuditEntry

pytestmark = pytest.mark.django_db

DOORS = ["/admin/login/", "/cms/login/", "/api/auth/token/"]


def attempt(client, door, username, password, address="10.1.2.3"):
    return client.post(door, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def logged_in(client, door, response):
    if door == "/api/auth/token/":
        return response.status_code == 200 and "token" in response.json()
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("door", DOORS)
def test_sixty_wrong_passwords_then_the_right_one_does_not_get_in(client, demo, settings, door):
    user = "coordinador" if door != "/cms/login/" else "editora"
    for _ in range(60):
        attempt(client, door, user, "no-es-la-clave")
    response = attempt(client, door, user, settings.DEMO_PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client, door, response)
    body = response.content.decode()
    assert "Demasiados intentos fallidos" in body
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


@pytest.mark.parametrize("door", DOORS)
def test_an_account_is_locked_from_every_address_and_an_address_for_every_account(
        client, demo, settings, door):
    limit = settings.AXES_FAILURE_LIMIT
    for number in range(limit):
        attempt(client, door, "gestor_norte", "mala", address=f"10.0.0.{number + 1}")
    # Same account, a new address: still locked (spraying from many addresses).
    response = attempt(client, door, "gestor_norte", settings.DEMO_PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    # One address guessing many accounts is locked too.
    for number in range(limit):
        attempt(client, door, f"nadie{number}", "mala", address="10.7.7.7")
    response = attempt(client, door, "gestor_sur", settings.DEMO_PASSWORD, address="10.7.7.7")
    assert response.status_code == 429
    # Somebody else, from elsewhere, logs in normally.
    response = attempt(client, door, "analista", settings.DEMO_PASSWORD, address="10.5.5.5")
    assert response.status_code in (200, 302)


def test_logins_and_failed_logins_are_in_the_audit_trail(client, demo, settings):
    attempt(client, "/admin/login/", "coordinador", "mala", address="10.4.4.4")
    attempt(client, "/admin/login/", "coordinador", settings.DEMO_PASSWORD, address="10.4.4.4")
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.object_repr == "coordinador" and failed.changes["direccion"] == "10.4.4.4"
    assert "mala" not in str(failed.changes)
    login = AuditEntry.objects.get(action="login")
    assert login.actor_name == "coordinador"


def token_for(username, settings):
    response = APIClient().post("/api/auth/token/", {"username": username,
                                                     "password": settings.DEMO_PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def api_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_tokens_are_stored_as_digests_only(demo, settings):
    issued = token_for("gestor_norte", settings)
    key = issued["token"]
    stored = ApiToken.objects.get()
    assert key not in (stored.digest, stored.prefix, stored.password_fingerprint)
    assert stored.prefix == key[:8] and len(key) >= 40
    assert api_with(key).get("/api/records/cases/").status_code == 200


def test_a_token_expires(demo, settings):
    key = token_for("gestor_norte", settings)["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_with(key).get("/api/records/cases/")
    assert response.status_code == 401
    assert "venció o fue revocado" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_a_password_change_ends_every_token(demo, settings, user_named):
    key = token_for("gestor_norte", settings)["token"]
    user = user_named("gestor_norte")
    user.set_password("otra-clave-larga-2026")
    user.save()
    assert api_with(key).get("/api/records/cases/").status_code == 401


def test_logout_ends_the_persons_tokens(client, demo, settings, login):
    key = token_for("gestor_norte", settings)["token"]
    login("gestor_norte").post("/admin/logout/")
    assert api_with(key).get("/api/records/cases/").status_code == 401


def test_a_token_can_be_revoked_by_its_holder(demo, settings):
    key = token_for("analista", settings)["token"]
    client = api_with(key)
    assert client.delete("/api/auth/token/").status_code == 204
    assert client.get("/api/records/territories/").status_code == 401
    assert AuditEntry.objects.filter(action="revoke", model="api.ApiToken").exists()


def test_a_deactivated_account_loses_its_tokens(demo, settings, user_named):
    key = token_for("analista", settings)["token"]
    user = user_named("analista")
    user.is_active = False
    user.save()
    assert api_with(key).get("/api/records/territories/").status_code == 401
