"""load_demo builds the demo site and is idempotent."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

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


def test_certificates_agree_with_the_documents_that_publish_them(demo):
    """A territory's certificate and the published certificate say the same number and day."""
    import re

    from content.models import DocumentPage
    from records.models import Certificate

    published = DocumentPage.objects.live().filter(kind="certificado")
    assert published.exists()
    for page in published:
        number = re.search(r"CTS-\d{4}-\d{4}", page.summary).group(0)
        certificate = Certificate.objects.get(number=number)
        assert certificate.issued_on == page.date, number
        assert certificate.territory.code == page.territory.code
    # No demo certificate is dated the day the demo loaded: every one has its history.
    assert not Certificate.objects.filter(issued_on=timezone.localdate()).exists()
    assert not Certificate.objects.filter(revoked_on=timezone.localdate()).exists()


def test_change_control_rows_never_carry_the_day_the_demo_loaded(client, demo):
    from content.models import VersionNote

    assert not VersionNote.objects.filter(date=timezone.localdate()).exists()
    html = client.get("/procesos/c-gs-01/").content.decode()
    assert "<td>Sin fecha en el documento fuente</td>" in html  # the seed gives no date
    html = client.get("/procesos/c-gs-01/mm-gsc-p-003/").content.decode()
    assert '<td class="date">2019-06-21</td>' in html
