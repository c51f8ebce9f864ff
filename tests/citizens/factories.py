"""Factories for citizen services: the pages at /atencion/ that a filing test needs
(wagtail-factories), and petitions filed through the service, as the portal files them."""

import factory
import wagtail_factories

from citizens.models import CitizenServicesIndexPage, PetitionFormPage, PetitionTrackingPage
from citizens.services import pqrsd
from tests.content.factories import home


class CitizenServicesIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CitizenServicesIndexPage

    title = "Atención al ciudadano"
    slug = "atencion"
    parent = factory.LazyFunction(home)


class PetitionFormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PetitionFormPage

    title = "PQRSD"
    slug = "pqrsd"
    consent_text = "Autorizo el tratamiento de mis datos personales (Ley 1581 de 2012)."
    # max_count = 1 on the index: the existing one, or a new one.
    parent = factory.LazyFunction(
        lambda: CitizenServicesIndexPage.objects.first() or CitizenServicesIndexPageFactory())


class PetitionTrackingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PetitionTrackingPage

    title = "Consulta de PQRSD"
    slug = "consulta"
    parent = factory.LazyFunction(
        lambda: PetitionFormPage.objects.first() or PetitionFormPageFactory())


def file_petition(**overrides):
    """(petition, tracking code), filed through the service with valid defaults."""
    fields = {
        "petition_type": "peticion", "subject": "Asunto de prueba",
        "description": "Descripción suficiente de la solicitud.", "name": "Pedro Prueba",
        "email": "pedro@example.org", "reply_channel": "correo",
    }
    fields.update(overrides)
    return pqrsd.file_petition(fields=fields, consent=True)
