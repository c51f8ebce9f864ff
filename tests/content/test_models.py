"""Model rules that keep published content coherent."""

import pytest
from django.core.exceptions import ValidationError

from content import blocks
from content.models import ProcedurePage, TerritoryPage

pytestmark = pytest.mark.django_db


def steps_value(raw):
    return blocks.StepsBlock().to_python([{"type": "step", "value": v} for v in raw])


def step(number, **extra):
    return {"number": number, "description": f"Actividad {number}", "records": [], "branches": [], **extra}


def test_steps_must_be_numbered_in_order():
    with pytest.raises(ValidationError) as error:
        blocks.StepsBlock().clean(steps_value([step(1), step(3)]))
    assert "en orden y sin saltos" in str(error.value.as_json_data())


def test_a_branch_cannot_point_to_a_missing_step():
    branch = {"question": "¿Cumple?", "outcomes": [{"answer": "No", "next_step": 7}]}
    with pytest.raises(ValidationError) as error:
        blocks.StepsBlock().clean(steps_value([step(1), step(2, branches=[branch])]))
    assert "remite a la actividad 7" in str(error.value.as_json_data())


def test_the_seeded_procedures_pass_their_own_rules(demo):
    for page in ProcedurePage.objects.all():
        page.full_clean()


def test_a_certified_territory_needs_its_certificate(demo):
    page = TerritoryPage.objects.get(slug="el-mirador")
    page.status = TerritoryPage.Status.CERTIFIED
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert set(error.value.message_dict) >= {"certificate_number", "certificate_date"}


def test_a_revocation_needs_a_reason_and_the_route_has_nine_steps(demo):
    page = TerritoryPage.objects.get(slug="los-almendros")
    page.status = TerritoryPage.Status.REVOKED
    page.current_step = 10
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert set(error.value.message_dict) >= {"revocation_reason", "current_step"}
