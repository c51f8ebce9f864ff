"""The Python API the admin uses: find, review (dismiss, add areas), apply, preview, verify."""

import dataclasses
import json

import pymupdf
import pytest

from redaction.errors import Finding, UnreadableInput, VerificationFailed
from redaction.pipeline import (
    Area,
    Proposal,
    apply_redactions,
    find_redactions,
    render_previews,
    to_pdf,
)
from redaction.text import fingerprint
from redaction.verify import verify
from tests.redaction.leaks import assert_gone, assert_kept, text_pdf

LINES = [
    "Atención ciudadana en la línea institucional 601 3813000 de la Secretaría.",
    "La lideresa Zuleima Quintero",
    "Bedoya dejó su celular 310 555 0101 para el seguimiento.",
    "Operativo reservado en el sector de la plaza central.",
]


def test_proposals_carry_geometry_category_ground_and_fingerprint_but_no_text():
    proposals = find_redactions(text_pdf(LINES), ["Zuleima Quintero Bedoya"])
    assert {f.name for f in dataclasses.fields(Proposal)} == {
        "page", "rect", "category", "legal_ground", "fingerprint", "reason", "confidence",
        "official"}
    phones = [p for p in proposals if p.category == "telefono"]
    assert [p.fingerprint for p in phones] == [fingerprint("601 3813000"),
                                               fingerprint("310 555 0101")]
    names = [p for p in proposals if p.category == "termino"]
    assert len(names) == 2 and len({p.fingerprint for p in names}) == 1  # one name, two lines
    for p in proposals:
        assert p.page == 0 and len(p.rect) == 4 and p.rect[0] < p.rect[2]
        assert p.legal_ground == "datos_personales" and p.legal_ground_label == "Ley 1581/2012"
        dumped = json.dumps(p.as_dict())
        assert "Zuleima" not in dumped and "0101" not in dumped


def test_a_dismissed_false_positive_passes_the_gate_only_when_allowed():
    pdf = text_pdf(LINES)
    terms = ["Zuleima Quintero Bedoya"]
    proposals = find_redactions(pdf, terms)
    institutional = fingerprint("601 3813000")
    kept = [p for p in proposals if p.fingerprint != institutional]
    with pytest.raises(VerificationFailed) as failure:
        apply_redactions(pdf, kept, terms)
    assert failure.value.findings == [Finding("telefono", 1)]
    assert "3813000" not in str(failure.value)

    result = apply_redactions(pdf, kept, terms, allowed_fingerprints={institutional})
    assert_kept(result.pdf, ["601 3813000"])
    assert_gone(result.pdf, ["310 555 0101", "Zuleima", "Quintero", "Bedoya"])
    assert result.report["verification"]["allowed_items"] >= 1


def test_manual_areas_are_removed_with_their_own_ground():
    pdf = text_pdf(LINES)
    doc = pymupdf.open(stream=pdf)
    passage = doc[0].search_for("Operativo reservado en el sector")[0]
    areas = [*find_redactions(pdf, ["Zuleima Quintero Bedoya"]),
             Area(0, tuple(passage), "area", "seguridad_publica")]
    result = apply_redactions(pdf, areas, ["Zuleima Quintero Bedoya"])
    assert_gone(result.pdf, ["Operativo reservado en el sector"])
    assert_kept(result.pdf, ["de la plaza central", "Ley 1712/2014 art. 19"])
    [manual] = [r for r in result.report["redactions"] if r["category"] == "area"]
    assert manual["page"] == 1 and manual["legal_ground"] == "seguridad_publica"
    assert manual["legal_ground_label"] == "Ley 1712/2014 art. 19"
    assert manual["rect"] == pytest.approx(list(passage), abs=0.01)


@pytest.mark.parametrize("area,message", [
    ((3, (0, 0, 10, 10), "area", "seguridad_publica"), "no existe"),
    ((0, (0, 0, 10, 10), "inventada", "seguridad_publica"), "inventada"),
    ((0, (0, 0, 10, 10), "area", "capricho"), "capricho"),
    ((0, (10, 10, 5, 5), "area", "seguridad_publica"), "inválida"),
])
def test_invalid_areas_are_rejected(area, message):
    with pytest.raises(ValueError, match=message):
        apply_redactions(text_pdf(["Texto"]), [area])


def test_previews_are_pngs_per_page_with_numbered_boxes():
    pdf = text_pdf(LINES)
    proposals = find_redactions(pdf)
    images = render_previews(pdf, proposals, zoom=1.0)
    assert len(images) == 1 and images[0].startswith(b"\x89PNG")
    plain = render_previews(pdf, [], zoom=1.0)[0]
    assert plain != images[0]  # the boxes are drawn
    assert render_previews(pdf, proposals, zoom=1.0, pages=[0]) == images


def test_verify_finds_leftovers_by_category_and_page_without_content():
    doc = pymupdf.open(stream=text_pdf(["Portada"]))
    doc.new_page().insert_text((72, 72), "Correo enlace@example.org de Zuleima Quintero.")
    pdf = doc.tobytes()
    findings = verify(pdf, ["Zuleima Quintero"])
    assert Finding("correo", 2) in findings and Finding("termino", 2) in findings
    assert Finding("metadatos", None) in findings  # PyMuPDF's Producer: not a fresh public file
    allowed = {fingerprint("enlace@example.org"), fingerprint("Zuleima Quintero")}
    assert [f for f in verify(pdf, ["Zuleima Quintero"], allowed) if f.page] == []


def test_verify_flags_structures_a_public_version_must_not_have():
    doc = pymupdf.open(stream=text_pdf(["Texto ordinario."]))
    doc[0].add_text_annot((100, 100), "nota")
    doc.embfile_add("anexo.txt", b"anexo")
    doc.set_metadata({"author": "Alguien"})
    categories = {f.category for f in verify(doc.tobytes())}
    assert {"anotaciones", "adjuntos", "metadatos"} <= categories


def test_to_pdf_passes_pdfs_through_and_rejects_other_types_in_spanish():
    pdf = text_pdf(["Texto"])
    assert to_pdf(pdf) is pdf
    with pytest.raises(UnreadableInput, match="Formato no admitido"):
        to_pdf(b"<html>no</html>")
    assert issubclass(UnreadableInput, ValueError)
