"""The seeds are transcribed completely: counts per page and spot-checked texts."""

from collections import Counter

import pytest

from content.models import ProcedurePage, ProcessCardPage

pytestmark = pytest.mark.django_db


def card(code):
    return ProcessCardPage.objects.get(code=code)


def procedure(slug):
    return ProcedurePage.objects.get(slug=slug)


def phases(page):
    return Counter(block.value["phase"] for block in page.phva_rows)


def test_c_gs_01_is_complete(demo):
    page = card("C-GS-01")
    assert page.title == "Gestión de Seguridad y Convivencia"
    assert page.version == "6"
    assert page.process_type == "misional"
    assert page.responsible_unit == "Subsecretaría de Seguridad y Convivencia"
    assert len(page.policies) == 12
    assert page.policies[4].value.startswith("Para la articulación entre grupos de trabajo")
    assert page.policies[11].value.startswith("Los canales para el relacionamiento entre comunidad")
    assert phases(page) == {"P": 1, "H": 7, "V": 1, "A": 1}
    assert page.phva_rows[2].value["activity"].startswith(
        "Fortalecer la participación y corresponsabilidad"
    )
    assert page.phva_rows[9].value["activity"] == "Definir e implementar acciones preventivas o de mejora"
    assert len(page.general_information) == 8
    assert [b.value["category"] for b in page.resources] == [
        "Humanos", "Financieros", "Tecnológicos", "Infraestructura",
    ]
    assert [b.value["role"] for b in page.formalization] == ["drafted", "drafted", "reviewed"]
    assert page.formalization[2].value["name"] == "Alberto Sánchez Galeano"


def test_c_ar_01_is_complete(demo):
    page = card("C-AR-01")
    assert page.title == "Atención y Relación con el Ciudadano"
    assert len(page.policies) == 5
    assert page.policies[4].value.startswith("De manera periódica se deberán definir")
    assert phases(page) == {"P": 3, "H": 1, "V": 1, "A": 1}
    assert page.phva_rows[2].value["activity"].startswith(
        "Planificar la ruta estratégica para la i"
    )
    assert len(page.formalization) == 6


def test_territorial_intervention_procedure_is_complete(demo):
    page = procedure("mm-gsc-p-003")
    assert page.code == "MM-GSC-P-003"
    assert page.get_parent().specific.code == "C-GS-01"
    assert len(page.legal_basis) == 3
    assert [d.term.term for d in page.definitions.all()][1].startswith("Diagnósticos tempranos")
    assert page.definitions.count() == 4
    assert len(page.policies) == 6
    steps = [block.value for block in page.steps]
    assert [s["number"] for s in steps] == list(range(1, 10))
    assert steps[0]["description"].startswith("Identificación de los barrios")
    assert steps[3]["description"].startswith("Socialización de diagnóstico barrial a i")
    assert steps[8]["responsible_role"] == "Secretario"
    assert list(steps[8]["records"]) == ["Copia de certificados."]
    assert len(page.annexes) == 1
    assert page.change_control == [{
        "version": "1", "date": "2019-06-21",
        "description": page.change_control[0]["description"],
    }]
    assert "Resolución 3725 del 21 de junio de 2019" in page.change_control[0]["description"]
    assert [b.value["role"] for b in page.formalization] == [
        "drafted", "reviewed", "reviewed", "approved",
    ]
    assert len(page.additional_provisions) == 2


def test_technical_assistance_procedure_is_complete(demo):
    page = procedure("asesoria-asistencia-tecnica")
    assert page.get_parent().specific.code == "C-GS-01"
    assert page.version == "04"
    assert page.effective_date.isoformat() == "2020-12-09"
    assert page.definitions.count() == 12
    assert len(page.general_conditions) == 6
    steps = [block.value for block in page.steps]
    assert len(steps) == 15
    assert steps[3]["description"].startswith("Preparar los materiales de trabajo")
    branch = steps[1]["branches"][0]
    assert branch["question"] == "¿Cumple con los requisitos?"
    assert [(o["answer"], o["next_step"]) for o in branch["outcomes"]] == [("Si", "comision"), ("No", "solicitud")]
    assert sum(1 for s in steps if s["branches"]) == 1
    assert len(page.annexes) == 3
    assert len(page.change_control) == 1
    assert page.change_control[0]["version"] == "04"
    assert len(page.formalization) == 3


def test_glossary_terms_are_shared_snippets(demo):
    from content.models import GlossaryTerm

    assert GlossaryTerm.objects.count() == 16
    assert GlossaryTerm.objects.filter(term="Asistencia Técnica").exists()
