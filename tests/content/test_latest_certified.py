"""The home page's «territorios certificados»: the three certified last that are still
certified today, read without reading every territory page."""

import datetime

import pytest
from django.db.models.signals import post_init
from django.utils import timezone

from content.models import HomePage, TerritoryIndexPage, TerritoryPage
from content.models.territories import latest_certified
from content.selectors import listed
from records.models import TerritoryPublicStatus
from tests.content.factories import territory

pytestmark = pytest.mark.django_db


def certified(page, issued, valid_until=None, status="certificado"):
    """The stored status a certificate leaves (records.services.public_status)."""
    TerritoryPublicStatus.objects.filter(territory=page.territory).update(
        status=status, certificate_number=f"CTS-{page.pk}", certificate_date=issued,
        certificate_valid_until=valid_until or issued + datetime.timedelta(days=730))
    return page


def shown():
    home = HomePage.objects.get()
    return [page.title for page in
            latest_certified(listed(TerritoryPage.objects.live().descendant_of(home)), 3)]


def test_the_newest_three_still_certified_today_newest_first(demo):
    index = TerritoryIndexPage.objects.get()
    today = timezone.localdate()
    days = datetime.timedelta
    TerritoryPublicStatus.objects.filter(status="certificado").update(
        certificate_date=today - days(900), certificate_valid_until=today + days(10))
    certified(territory(index, title="Certificado hace un mes"), today - days(30))
    certified(territory(index, title="Certificado hace una semana"), today - days(7))
    certified(territory(index, title="Vencido ayer"), today - days(5),
              valid_until=today - days(1))
    certified(territory(index, title="Vence hoy"), today - days(60), valid_until=today)
    certified(territory(index, title="Revocado"), today - days(2), status="revocado")
    territory(index, title="Sin ruta")
    unpublished = certified(territory(index, title="Despublicado"), today - days(1))
    unpublished.unpublish()

    assert shown() == ["Certificado hace una semana", "Certificado hace un mes", "Vence hoy"]


def test_equal_dates_keep_the_tree_order(demo):
    index = TerritoryIndexPage.objects.get()
    day = timezone.localdate() - datetime.timedelta(days=3)
    pages = [certified(territory(index, title=f"Mismo día {n}"), day) for n in range(4)]
    assert shown() == [page.title for page in sorted(pages, key=lambda p: p.path)[:3]]


def test_a_territory_whose_status_was_never_stored_is_computed_and_shown(client, demo):
    before = shown()
    assert "Barrio San Martín" in before  # certified in the demo, with a real certificate
    page = TerritoryPage.objects.get(title="Barrio San Martín")
    TerritoryPublicStatus.objects.filter(territory=page.territory).delete()  # a bulk load
    assert shown() == before
    assert "Barrio San Martín" in client.get("/").content.decode()


def test_only_candidates_are_read_however_many_territory_pages_there_are(demo):
    index = TerritoryIndexPage.objects.get()
    start = timezone.localdate() - datetime.timedelta(days=100)
    for n in range(40):
        certified(territory(index), start + datetime.timedelta(days=n))
    for _ in range(40):
        territory(index)  # on no route
    read = []

    def counted(sender, instance, **kwargs):
        read.append(instance)

    post_init.connect(counted, sender=TerritoryPage)
    try:
        newest = shown()
    finally:
        post_init.disconnect(counted, sender=TerritoryPage)
    assert len(newest) == 3
    assert len(read) <= 12  # the first candidates only, of 86 territory pages
