"""A published procedure keeps its key, and a published version its steps and rules: the
cases running on them follow the snapshot, so the page must not say otherwise.

Built with factories: one small procedure, published the way the workflow publishes it."""

import pytest
from django.core.exceptions import ValidationError

from records.models import ProcedureVersion
from tests.content.factories import ProcedurePageFactory, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return publish(ProcedurePageFactory(code="AC-P-001", title="Acompañamiento a instancias"))


def test_publishing_hands_the_steps_and_rules_to_the_case_engine(procedure):
    version = ProcedureVersion.objects.get(key="AC-P-001", version="01")
    assert [s["code"] for s in version.steps] == ["solicitud", "cierre"]
    assert version.steps[1]["rules"] == [{"type": "cierra", "role": "Coordinación"}]


def test_changing_the_rules_of_a_published_version_is_refused(procedure):
    raw = procedure.steps.raw_data
    raw[0]["value"]["rules"].append({"type": "cierra", "value": {"role": "Coordinación"}})
    procedure.steps = raw
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert "ya está publicada y sus casos siguen sus actividades y reglas" in str(
        refused.value.message_dict["version"])
    procedure.version, procedure.change_description = "02", "Solo Coordinación recibe."
    procedure.full_clean()  # a new version may change them


def test_the_key_of_a_published_procedure_cannot_change(procedure):
    procedure.code = "AC-P-001-B"
    with pytest.raises(ValidationError) as refused:
        procedure.full_clean()
    assert "se publicó con la clave «AC-P-001»" in str(refused.value.message_dict["code"])


def test_an_unpublished_procedure_may_still_change_its_key():
    draft = ProcedurePageFactory(code="AC-P-002")
    draft.code = "AC-P-003"
    draft.full_clean()
