"""load_demo builds the demo site and is idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from content.demo.accounts import DEMO_ACCOUNTS
from content.models import MissionPage
from tests.conftest import log_in_through_the_form

pytestmark = pytest.mark.django_db


def _counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_running_load_demo_twice_changes_nothing(demo):
    first = _counts()
    call_command("load_demo", "--force", verbosity=0)
    assert _counts() == first


def test_mission_objectives_are_separate_items_in_order(demo):
    page = MissionPage.objects.get(slug="mision")
    texts = [o.text for o in page.objectives.all()]
    assert len(texts) == 10
    assert texts[0].startswith("Diseñar e implementar estrategias y acciones")
    assert texts[6] == (
        "Implementar estrategias para fortalecer la convivencia ciudadana desde la "
        "aplicación del Código Nacional de Seguridad y Convivencia."
    )
    assert page.url_path.endswith("/mision/")


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.username)
def test_each_demo_account_can_log_in_with_the_demo_password(client, demo, settings, account):
    assert log_in_through_the_form(client, account.username, settings.DEMO_PASSWORD)
    user = get_user_model().objects.get(username=account.username)
    assert user.is_superuser == account.is_superuser
    assert sorted(user.groups.values_list("name", flat=True)) == sorted(account.groups)


def test_without_debug_or_force_no_accounts_are_created(db, settings):
    get_user_model().objects.all().delete()
    settings.DEBUG = False
    call_command("load_demo", verbosity=0)
    assert not get_user_model().objects.exists()
    assert MissionPage.objects.live().count() == 1


def test_editors_reach_the_cms_and_staff_do_not(client, demo, settings):
    log_in_through_the_form(client, "editora", settings.DEMO_PASSWORD)
    assert client.get("/cms/").status_code == 200
    client.logout()
    log_in_through_the_form(client, "analista", settings.DEMO_PASSWORD)
    assert client.get("/cms/").status_code == 302
