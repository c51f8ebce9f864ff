"""A published procedure keeps its key, and a published version its steps and rules: the
cases running on them follow the snapshot, so the page must not say otherwise."""

import pytest
from django.core.exceptions import ValidationError

from content.models import ProcedurePage

pytestmark = pytest.mark.django_db


def test_changing_the_rules_of_a_published_version_is_refused(demo):
    page = ProcedurePage.objects.get(slug="asesoria-asistencia-tecnica")
    raw = page.steps.raw_data
    raw[0]["value"]["rules"].append({"type": "cierra", "value": {"role": "Coordinación"}})
    page.steps = raw
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "ya está publicada y sus casos siguen sus actividades y reglas" in str(
        refused.value.message_dict["version"])
    page.version, page.change_description = "05", "Solo Coordinación recibe las solicitudes."
    page.full_clean()  # a new version may change them


def test_the_key_of_a_published_procedure_cannot_change(demo):
    page = ProcedurePage.objects.get(code="MM-GSC-P-003")
    page.code = "MM-GSC-P-003-B"
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "se publicó con la clave «MM-GSC-P-003»" in str(refused.value.message_dict["code"])
