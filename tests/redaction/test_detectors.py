"""Detectors and normalisation, called directly on strings (no PDF involved)."""

import pytest

from redaction.detect import detect, find_terms
from redaction.grounds import Category, LegalGround
from redaction.text import (
    MappedText,
    Term,
    TermsFileError,
    compact,
    fingerprint,
    normalize,
    parse_terms,
)


def found(text: str) -> list[tuple[str, str]]:
    normal = normalize(text)
    return [(normal[m.start:m.end], m.category) for m in detect(normal)]


POSITIVES = [
    ("C.C. 1.023.456.789", "1.023.456.789", Category.CEDULA),
    ("CC 79845123", "79845123", Category.CEDULA),
    ("identificado con cédula 52.345.678", "52.345.678", Category.CEDULA),
    ("identificada con C.C. No. 79.888.777 de Bogotá", "79.888.777", Category.CEDULA),
    ("Cédula de ciudadanía N° 1.023.456.789", "1.023.456.789", Category.CEDULA),
    ("cc79845123", "79845123", Category.CEDULA),
    ("T.I. 1.098.765.432", "1.098.765.432", Category.OTHER_ID),
    ("C.E. 456789", "456789", Category.OTHER_ID),
    ("PPT 1234567", "1234567", Category.OTHER_ID),
    ("PEP 123456789012345", "123456789012345", Category.OTHER_ID),
    ("pasaporte AB123456", "ab123456", Category.OTHER_ID),
    ("NIT 900.373.923-8", "900.373.923-8", Category.NIT),
    ("nit: 900373923-8", "900373923-8", Category.NIT),
    ("proveedor 900.373.923-8", "900.373.923-8", Category.NIT),
    ("+57 300 123 4567", "+57 300 123 4567", Category.PHONE),
    ("300 123 4567", "300 123 4567", Category.PHONE),
    ("3001234567", "3001234567", Category.PHONE),
    ("(300) 123-4567", "(300) 123-4567", Category.PHONE),
    ("300.123.4567", "300.123.4567", Category.PHONE),
    ("+573001234567", "+573001234567", Category.PHONE),
    ("(57) 310 555 0101", "(57) 310 555 0101", Category.PHONE),
    ("(601) 345 6789", "(601) 345 6789", Category.PHONE),
    ("601 3456789", "601 3456789", Category.PHONE),
    ("+57 605 4201234", "+57 605 4201234", Category.PHONE),
    ("Tel. 345 6789", "345 6789", Category.PHONE),
    ("teléfono fijo: 345-67-89", "345-67-89", Category.PHONE),
    ("juan.perez@example.org", "juan.perez@example.org", Category.EMAIL),
    ("Correo: MARTA_R+x@Sub.Dominio.gov.co.", "marta_r+x@sub.dominio.gov.co", Category.EMAIL),
    ("Cl. 45 # 12-34 Sur Apto 301", "cl. 45 # 12-34 sur apto 301", Category.ADDRESS),
    ("Carrera 7 No. 32-16", "carrera 7 no. 32-16", Category.ADDRESS),
    ("Kr 15 #80-21 Torre 2", "kr 15 #80-21 torre 2", Category.ADDRESS),
    ("Diagonal 22 Sur # 5-40 Casa 3", "diagonal 22 sur # 5-40 casa 3", Category.ADDRESS),
    ("Av. Calle 26 # 59-51 Interior 4", "av. calle 26 # 59-51 interior 4", Category.ADDRESS),
    ("Calle 45A Bis # 12B-30", "calle 45a bis # 12b-30", Category.ADDRESS),
    ("Transversal 3 Este No. 45-12", "transversal 3 este no. 45-12", Category.ADDRESS),
    ("Cra. 10 N° 20-30 Bloque B Apto 502", "cra. 10 n° 20-30 bloque b apto 502", Category.ADDRESS),
    ("vehículo de placas ABC123", "abc123", Category.PLATE),
    ("placa: XYZ 12D", "xyz 12d", Category.PLATE),
]


@pytest.mark.parametrize("text,value,category", POSITIVES, ids=[p[0] for p in POSITIVES])
def test_each_spelling_of_personal_data_is_detected_value_only(text, value, category):
    assert (value, category) in found(text)


def test_a_phone_list_after_a_cue_is_detected_item_by_item():
    assert found("Teléfonos 345 6789 / 412 3456") == [
        ("345 6789", Category.PHONE), ("412 3456", Category.PHONE)]


def test_several_plates_after_one_cue_are_detected():
    assert [v for v, _ in found("placas ABC123 y DEF456")] == ["abc123", "def456"]


NEGATIVES = [
    "MM-GSC-P-003", "CTS-2026-0001", "2026-11-23", "NIT 900.373.923-5", "900.373.923-5",
    "Año 2026", "página 3 de 10", "Decreto 1081 de 2015", "Ley 1755 de 2015",
    "Resolución 1519 de 2020", "$ 3.124.501.200", "radicado 20261234567", "ABC123",
    "la calle 45 está cerrada", "casa de la cultura", "Ley 1581/2012", "Ley 1712/2014 art. 19",
    "expediente 2026-00123", "contrato 300-2026", "10 de noviembre de 2026",
    "CC: Dirección de Seguridad", "1.234 personas", "folio 300 123", "Acta 7 de 2026, punto 4.2",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_codes_dates_years_and_invalid_nits_are_not_personal_data(text):
    assert found(text) == []


def test_normal_form_ignores_case_accents_and_whitespace_runs():
    assert normalize("JOSÉ\n  María\tPÉREZ") == "jose maria perez"
    assert normalize("Pe\u00adrez\u200b") == "perez"  # soft hyphen and zero-width space
    assert compact("José  María") == "josemaria"
    assert normalize("Calle 45 # 12\u201334") == "calle 45 # 12-34"  # en dash from Word


def test_mapped_text_points_back_at_source_characters():
    source = "Señor  JOSÉ\nPérez ﬁn"
    mapped = MappedText(source)
    assert mapped.text == normalize(source)
    start = mapped.text.index("jose perez")
    first, last = mapped.source_span(start, start + len("jose perez"))
    assert source[first : last + 1] == "JOSÉ\nPérez"


def test_terms_match_across_line_breaks_accents_and_case_but_only_whole_words():
    text = normalize("Asistió JOSE maria\nperéz y Mariana; también Ana.")
    terms = [Term("José María Pérez"), Term("Ana")]
    values = [text[m.start:m.end] for m in find_terms(text, terms)]
    assert values == ["jose maria perez", "ana"]


def test_terms_file_skips_comments_and_blanks_and_reads_ground_overrides():
    terms = parse_terms(["# personas", "", "  Juan Pérez  ", "Testigo Uno\tvida_seguridad",
                         "juan perez"])
    assert [t.text for t in terms] == ["Juan Pérez", "Testigo Uno"]
    assert terms[0].legal_ground == LegalGround.PERSONAL_DATA
    assert terms[1].legal_ground == LegalGround.LIFE_SAFETY


def test_terms_file_rejects_unknown_ground_in_spanish():
    with pytest.raises(TermsFileError, match="no es un fundamento legal válido"):
        parse_terms(["Juan\tsecreto"])


def test_fingerprint_ignores_spacing_differences_between_extractors():
    assert fingerprint("300 123 4567") == fingerprint("3001234567 ")
    assert fingerprint("Juan PÉREZ") == fingerprint("juan perez")
    assert fingerprint("300 123 4567") != fingerprint("300 123 4568")
    assert len(fingerprint("x")) == 64


def test_detectors_stay_linear_on_pathological_input():
    import time

    text = normalize("c.c. " + "no. " * 3000 + "x " + "1." * 3000 + " calle " * 2000)
    start = time.perf_counter()
    detect(text)
    assert time.perf_counter() - start < 1.0
