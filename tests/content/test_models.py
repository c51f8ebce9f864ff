"""Model rules that keep published content coherent."""

import pytest
from django.core.exceptions import ValidationError

from content import blocks
from content.models import ProcedurePage

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
    assert "remite a la actividad «7», que no existe" in str(error.value.as_json_data())


def test_the_seeded_procedures_pass_their_own_rules(demo):
    for page in ProcedurePage.objects.all():
        page.full_clean()
