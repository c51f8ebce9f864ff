"""DOCX input (text-only path): every part a reader sees is rendered and redacted;
properties and comments never pass."""

import io

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from redaction.errors import UnreadableInput
from redaction.pipeline import to_pdf
from tests.redaction.leaks import assert_gone, assert_kept, extracted_texts, fold

NAME = "Zuleima Quintero Bedoya"


@pytest.fixture(autouse=True)
def text_only_path(monkeypatch):
    """These tests are about the text-only renderer, whatever is installed; the LibreOffice
    path is tested in test_docx_office.py."""
    monkeypatch.setenv("REDACTION_OFFICE", "off")


TEXT_BOX = (
    '<w:r {w} {mc} {wps} {v}><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    '<w:p><w:r><w:t>Cuadro de texto con placa ABC123 del vehículo</w:t></w:r></w:p>'
    '</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
    '<w:p><w:r><w:t>Cuadro de texto con placa ABC123 del vehículo</w:t></w:r></w:p>'
    '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r>'
).format(
    w=nsdecls("w"),
    mc='xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"',
    wps='xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"',
    v='xmlns:v="urn:schemas-microsoft-com:vml"',
)


FOOTNOTES = (
    '<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r>'
    '<w:t>Nota al pie: contacto enlace.norte@example.org de la mesa.</w:t>'
    '</w:r></w:p></w:footnote></w:footnotes>'
).format(w=nsdecls("w"))


def build_docx() -> bytes:
    document = docx.Document()
    props = document.core_properties
    props.author = NAME
    props.last_modified_by = NAME
    props.title = "Titulo interno Quimera"
    props.subject = "zuleima.quintero@example.org"
    props.keywords = "C.C. 79845123"
    props.comments = "Nota de propiedades Quimera"

    document.add_heading("Acta de reunión comunitaria", level=1)
    paragraph = document.add_paragraph(f"Asistió {NAME}, celular 300 123 4567, a la mesa.")
    paragraph._p.append(parse_xml(TEXT_BOX))
    document.add_comment(paragraph.runs, text=f"Verificar firma de {NAME}", author=NAME)

    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Celda visible"
    table.cell(0, 1).text = "C.C. 52.345.678"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Celda anidada"
    inner.cell(0, 1).text = "correo anidado marta.restrepo@example.org"

    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    section.header.paragraphs[0].text = "Encabezado institucional, NIT 900.373.923-8"
    section.first_page_header.paragraphs[0].text = "Primera pagina, fijo (601) 345 6789"
    section.even_page_header.paragraphs[0].text = "Pagina par, placa XYZ 12D"
    section.footer.paragraphs[0].text = "Pie institucional, Calle 45 # 12-30 Apto 201"
    section.first_page_footer.paragraphs[0].text = "Pie de primera, T.I. 1.098.765.432"
    footnotes = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        FOOTNOTES.encode(), document.part.package,
    )
    document.part.relate_to(footnotes, RT.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PLANTED = [NAME, "3001234567", "52.345.678", "marta.restrepo@example.org", "900.373.923-8",
           "(601) 345 6789", "XYZ 12D", "ABC123", "Calle 45 # 12-30 Apto 201", "1.098.765.432",
           "Titulo interno Quimera", "Nota de propiedades Quimera", "79845123",
           "zuleima.quintero@example.org", "enlace.norte@example.org"]


def test_docx_body_tables_headers_footers_text_boxes_and_notes_are_redacted(redact):
    run = redact(build_docx(), terms=[NAME], name="acta.pdf")  # the name lies: content decides
    assert_gone(run.pdf, PLANTED + ["Verificar firma"])  # comments never reach the output
    assert_kept(run.pdf, [
        "Acta de reunión comunitaria", "a la mesa", "Celda visible", "Celda anidada",
        "Encabezado institucional", "Primera pagina", "Pagina par", "Pie institucional",
        "Pie de primera", "Cuadro de texto con placa", "del vehículo",
        "Nota al pie: contacto", "de la mesa.",
    ])


def test_docx_comments_are_never_rendered_by_the_text_path():
    from redaction.docx import docx_to_pdf

    texts = extracted_texts(docx_to_pdf(build_docx()))
    for text in texts.values():
        assert fold("Verificar firma") not in fold(text)
        assert fold("Comentarios") not in fold(text)


def test_docx_text_box_is_rendered_once_not_twice_from_its_fallback():
    pdf = to_pdf(build_docx())
    text = fold(extracted_texts(pdf)["pypdf"])
    assert text.count(fold("Cuadro de texto")) == 1


def test_docx_properties_never_reach_the_converted_pdf():
    pdf = to_pdf(build_docx())
    for value in ("Titulo interno Quimera", "Nota de propiedades Quimera"):
        assert fold(value) not in fold(extracted_texts(pdf)["pypdf"])
        assert value.encode() not in pdf


def test_a_broken_docx_is_reported_in_spanish():
    data = bytearray(build_docx())
    position = data.find(b"word/document.xml")
    data[position + 30 : position + 400] = b"\x00" * 370  # damage the first member
    with pytest.raises(UnreadableInput, match="DOCX"):
        to_pdf(bytes(data))
