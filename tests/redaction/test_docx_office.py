"""DOCX, ODT and DOC through LibreOffice: real layout, and only what a reader of the
final document sees.

Inputs are built the way real ones are: python-docx for the DOCX (with XML
injected where python-docx has no API: tracked changes), LibreOffice itself
for the ODT and DOC versions of the same minute. The PDFs are read with
pdfminer/pypdf/pikepdf (tests/redaction/leaks.py) and PyMuPDF for word
positions and images.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches
from PIL import Image, PngImagePlugin

from redaction import office
from redaction.errors import UnreadableInput
from redaction.office import (
    office_to_pdf,
    sanitize_docx,
    sanitize_odt,
    sniff_office,
    strip_jpeg_metadata,
    strip_png_metadata,
)
from tests.redaction.leaks import assert_gone, assert_kept, fold

SOFFICE = shutil.which("soffice")
OFFICE_OFF = os.environ.get("REDACTION_OFFICE", "").lower() == "off"
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or OFFICE_OFF,
    reason="LibreOffice (soffice) no está instalado o REDACTION_OFFICE=off: se omite la "
           "conversión con diseño real")

ATTENDEES = [
    ("Marleny Ospina Giraldo", "43.521.987", "300 412 5566", "marleny.ospina@example.org"),
    ("Jhon Fredy Cardona", "71.654.321", "311 908 7744", "jf.cardona@example.org"),
    ("Yurany Patiño Mesa", "1.036.224.118", "315 220 3311", "yurany.patino@example.org"),
]
HEADER = ("Nombre", "Cédula", "Teléfono", "Correo")

INSERTED = "acuerdo aprobado por unanimidad"
DELETED = "propuesta descartada Quebradona"
MOVED_FROM = "texto movido Sabaneta"
COMMENT = "Revisar el dato de la vereda Quimera"
AUTHOR = "Luz Dary"
HIDDEN = "Teléfono oculto 310 555 7788"

# Everything that must never reach an output: deleted and moved-away text, comment
# text and author, hidden text, document properties, image metadata.
NEVER = [DELETED, MOVED_FROM, COMMENT, AUTHOR, "Luz Dary Revisora", "310 555 7788",
         "3105557788", "Titulo interno Quimera", "Palabras Clave Reservadas"]

W = nsdecls("w")


def _changes_paragraph() -> str:
    return (
        f'<w:p {W}><w:r><w:t xml:space="preserve">Resultado: </w:t></w:r>'
        f'<w:ins w:id="901" w:author="Luz Dary Revisora" w:date="2024-05-02T10:00:00Z">'
        f'<w:r><w:t>{INSERTED}</w:t></w:r></w:ins>'
        f'<w:del w:id="902" w:author="Luz Dary Revisora" w:date="2024-05-02T10:01:00Z">'
        f'<w:r><w:delText xml:space="preserve"> {DELETED}</w:delText></w:r></w:del>'
        f'<w:r><w:t xml:space="preserve"> en la sesión.</w:t></w:r></w:p>'
    )


def _moved_paragraph() -> str:
    return (
        f'<w:p {W}><w:r><w:t xml:space="preserve">Orden del día: </w:t></w:r>'
        f'<w:moveFrom w:id="903" w:author="Luz Dary Revisora" w:date="2024-05-02T10:02:00Z">'
        f'<w:r><w:t>{MOVED_FROM}</w:t></w:r></w:moveFrom>'
        f'<w:r><w:rPr><w:b/><w:rPrChange w:id="904" w:author="Luz Dary Revisora" '
        f'w:date="2024-05-02T10:03:00Z"><w:rPr/></w:rPrChange></w:rPr>'
        f'<w:t>sin cambios de fondo.</w:t></w:r></w:p>'
    )


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (240, 120), (30, 120, 200))
    for x in range(0, 240, 20):
        for y in range(120):
            image.putpixel((x, y), (250, 250, 250))
    exif = Image.Exif()
    exif[0x013B] = "Autor Luz Dary"  # Artist
    exif[0x010E] = "Foto de Luz Dary en la vereda"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes(), comment=b"Luz Dary comentario")
    data = buffer.getvalue()
    assert b"Exif" in data and b"Luz Dary" in data
    return data


def png_with_text() -> bytes:
    image = Image.new("RGB", (120, 60), (200, 60, 30))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Luz Dary")
    info.add_itxt("Comment", "Luz Dary iTXt")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    assert b"Luz Dary" in data
    return data


def build_docx(extra_pages: int = 0) -> bytes:
    document = docx.Document()
    props = document.core_properties
    props.author = "Luz Dary Autora"
    props.last_modified_by = "Luz Dary Autora"
    props.title = "Titulo interno Quimera"
    props.keywords = "Palabras Clave Reservadas"

    document.add_heading("Acta de la mesa de seguridad del barrio La Esperanza", level=1)
    intro = document.add_paragraph("Se reunió la mesa con la comunidad del sector.")
    document.add_comment(intro.runs, text=COMMENT, author="Luz Dary Comentarista",
                         initials="LD")
    section_properties = document.element.body.sectPr  # body content goes before it
    section_properties.addprevious(parse_xml(_changes_paragraph()))
    section_properties.addprevious(parse_xml(_moved_paragraph()))

    hidden = document.add_paragraph("Dato visible del acta. ")
    run = hidden.add_run(HIDDEN)
    run.font.hidden = True
    hidden.add_run(" Continúa el texto visible.")

    document.add_paragraph("Lista de asistencia:")
    table = document.add_table(rows=1 + len(ATTENDEES), cols=4)
    table.style = "Table Grid"
    for column, title in enumerate(HEADER):
        table.cell(0, column).text = title
    for row, values in enumerate(ATTENDEES, start=1):
        for column, value in enumerate(values):
            table.cell(row, column).text = value

    document.add_paragraph("Registro fotográfico:")
    document.add_picture(io.BytesIO(jpeg_with_exif()), width=Inches(2.5))
    document.add_picture(io.BytesIO(png_with_text()), width=Inches(1.2))

    for page in range(extra_pages):
        document.add_page_break()
        document.add_heading(f"Desarrollo de la sesión, parte {page + 1}", level=2)
        for n in range(9):
            document.add_paragraph(
                f"Punto {n + 1}: la comunidad expuso la situación de seguridad del sector, "
                "las rondas de la policía, el alumbrado público y los compromisos de la "
                "secretaría para el siguiente trimestre, con seguimiento en la próxima mesa.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def soffice_convert(data: bytes, source_ext: str, target: str, tmp: Path) -> bytes:
    """Build a test input with LibreOffice itself (own profile, independent of the module)."""
    source = tmp / f"origen.{source_ext}"
    source.write_bytes(data)
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", "--nologo", "--nolockcheck",
         f"-env:UserInstallation={(tmp / 'perfil').as_uri()}", "--convert-to", target,
         "--outdir", str(tmp / "salida"), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp)})
    return (tmp / "salida" / f"origen.{target.split(':')[0]}").read_bytes()


def all_member_bytes(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


def image_streams(pdf: bytes) -> list[bytes]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        streams = []
        for page in doc:
            for image in page.get_images(full=True):
                streams.append(doc.xref_stream_raw(image[0]))
                streams.append(doc.xref_object(image[0]).encode())
        return streams
    finally:
        doc.close()


def assert_clean_output(pdf: bytes) -> None:
    assert_gone(pdf, NEVER)
    assert_kept(pdf, [INSERTED, "en la sesión", "sin cambios de fondo", "Dato visible del acta",
                      "Continúa el texto visible", "Lista de asistencia", *HEADER,
                      ATTENDEES[0][0], ATTENDEES[2][3]])
    streams = image_streams(pdf)
    assert streams, "the images of the document must reach the PDF"
    for data in streams:
        assert b"Exif" not in data and b"Luz Dary" not in data


def assert_real_table(pdf: bytes) -> None:
    """Header cells side by side on one line, and each value under its header."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        words = [w for page in doc for w in page.get_text("words")]
    finally:
        doc.close()

    def first(word: str):
        # A long e-mail wraps inside its cell: its first line starts the word.
        found = [w for w in words if fold(w[4]) == fold(word)
                 or (len(fold(w[4])) >= 8 and fold(word).startswith(fold(w[4])))]
        assert found, f"{word!r} not found as a word"
        return found[0]

    header = [first(title) for title in HEADER]
    xs = [w[0] for w in header]
    assert xs == sorted(xs) and len({round(x) for x in xs}) == 4, xs
    assert max(w[1] for w in header) - min(w[1] for w in header) < 3  # one line
    assert xs[-1] - xs[0] > 200  # spread across the page, not one run of text
    # A value in each column starts near its header's left edge, below it.
    for column, value in enumerate(ATTENDEES[1]):
        cell = first(value.split()[0])
        assert abs(cell[0] - xs[column]) < 15, (value, cell[0], xs[column])
        assert cell[1] > header[column][1]


# --- image helpers -------------------------------------------------------------------------------


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def test_strip_jpeg_metadata_drops_exif_xmp_comments_thumbnails_and_trailers():
    base = jpeg_with_exif()
    # Add by hand what Pillow does not write: XMP, IPTC, an Adobe APP14, a JFIF thumbnail,
    # and data after EOI (vendor trailers, appended second images).
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x02\x01" + b"\x80" * 6
    extra = (_segment(0xE0, jfif) + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00Luz Dary")
             + _segment(0xED, b"Photoshop 3.0\x00Luz Dary IPTC")
             + _segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
             + _segment(0xFE, b"Autor Luz Dary"))
    data = b"\xff\xd8" + extra + base[2:] + b"Luz Dary trailer"
    cleaned = strip_jpeg_metadata(data)
    assert b"Luz Dary" not in cleaned and b"Exif" not in cleaned and b"xap" not in cleaned
    assert b"Adobe" in cleaned  # colour transform kept
    assert b"\x80" * 6 not in cleaned  # JFIF thumbnail gone
    assert cleaned.endswith(b"\xff\xd9")
    original = Image.open(io.BytesIO(base))
    result = Image.open(io.BytesIO(cleaned))
    result.load()
    assert result.size == original.size
    assert strip_jpeg_metadata(cleaned) == cleaned
    assert strip_jpeg_metadata(b"no es jpeg") == b"no es jpeg"
    with pytest.raises(ValueError):
        strip_jpeg_metadata(b"\xff\xd8\xff\xe1\x40\x00Exif")


def test_strip_jpeg_metadata_keeps_every_scan_of_a_progressive_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 90)).save(buffer, "JPEG", progressive=True,
                                                   comment=b"Luz Dary")
    cleaned = strip_jpeg_metadata(buffer.getvalue())
    assert b"Luz Dary" not in cleaned
    assert cleaned.count(b"\xff\xda") == buffer.getvalue().count(b"\xff\xda") > 1
    Image.open(io.BytesIO(cleaned)).load()


def test_strip_png_metadata_drops_text_chunks():
    data = png_with_text() + b"Luz Dary after IEND"
    cleaned = strip_png_metadata(data)
    assert b"Luz Dary" not in cleaned and b"tEXt" not in cleaned and b"iTXt" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).getpixel((5, 5)) == (200, 60, 30)
    assert strip_png_metadata(b"GIF89a") == b"GIF89a"


# --- sniffing and cleaning (no LibreOffice needed) ------------------------------------------------


def test_sniff_office_by_content():
    assert sniff_office(build_docx()) == "docx"
    assert sniff_office(b"%PDF-1.7\n") is None
    assert sniff_office(b"") is None
    not_word = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    not_word[0x1E:0x20] = (9).to_bytes(2, "little")
    not_word[0x4C : 0x4C + 436] = b"\xff" * 436
    not_word[512:600] = "Workbook".encode("utf-16-le").ljust(88, b"\x00")
    assert sniff_office(bytes(not_word)) is None  # an .xls shares the magic
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    assert sniff_office(buffer.getvalue()) is None


def test_sanitize_docx_accepts_changes_and_removes_comments_hidden_text_and_properties():
    clean, counts = sanitize_docx(build_docx())
    assert counts["insertions"] == 1
    assert counts["deletions"] == 2  # a deletion and a move away
    assert counts["comments"] == 1
    assert counts["hidden"] == 1
    assert counts["images_cleaned"] == 2
    raw = all_member_bytes(clean)
    for value in NEVER + ["Exif", "Luz Dary Comentarista", "Luz Dary Autora"]:
        assert value.encode() not in raw, value
    assert INSERTED.encode() in raw
    assert "Continúa el texto visible".encode() in raw
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml")
        rels = archive.read("word/_rels/document.xml.rels")
    assert not [n for n in names if "comment" in n.lower() or n.startswith("docProps/")]
    assert b"comments" not in types and b"comments" not in rels
    for marker in (b"w:ins ", b"w:del ", b"w:moveFrom", b"w:rPrChange", b"w:vanish",
                   b"commentRange", b"commentReference"):
        assert marker not in raw, marker
    reopened = docx.Document(io.BytesIO(clean))  # still a valid package
    assert len(reopened.tables) == 1 and len(reopened.inline_shapes) == 2


def test_hidden_text_through_a_character_style_is_removed():
    document = docx.Document()
    styles = document.styles.element
    styles.append(parse_xml(
        f'<w:style {W} w:type="character" w:styleId="Secreto"><w:name w:val="Secreto"/>'
        '<w:rPr><w:vanish/></w:rPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {W} w:type="character" w:styleId="SecretoHijo"><w:name w:val="SecretoHijo"/>'
        '<w:basedOn w:val="Secreto"/></w:style>'))
    paragraph = document.add_paragraph("Visible. ")
    paragraph.add_run("Oculto por estilo 320 111 2233")._r.get_or_add_rPr().append(
        parse_xml(f'<w:rStyle {W} w:val="SecretoHijo"/>'))
    shown = paragraph.add_run(" Mostrado pese al estilo.")
    shown._r.get_or_add_rPr().append(parse_xml(f'<w:rStyle {W} w:val="Secreto"/>'))
    shown._r.get_or_add_rPr().append(parse_xml(f'<w:vanish {W} w:val="0"/>'))
    buffer = io.BytesIO()
    document.save(buffer)
    clean, counts = sanitize_docx(buffer.getvalue())
    raw = all_member_bytes(clean)
    assert b"320 111 2233" not in raw and b"Mostrado pese al estilo" in raw
    assert counts["hidden"] == 1


def test_deleted_table_row_and_deleted_paragraph_go_whole():
    document = docx.Document()
    document.add_paragraph("Antes.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Fila que queda"
    table.cell(1, 0).text = "Fila borrada 44.555.666"
    table.rows[1]._tr.get_or_add_trPr().append(
        parse_xml(f'<w:del {W} w:id="7" w:author="X" w:date="2024-01-01T00:00:00Z"/>'))
    document.element.body.append(parse_xml(
        f'<w:p {W}><w:pPr><w:rPr><w:del w:id="8" w:author="X"/></w:rPr></w:pPr>'
        '<w:del w:id="9" w:author="X"><w:r><w:delText>Parrafo borrado entero</w:delText></w:r>'
        '</w:del></w:p>'))
    document.add_paragraph("Después.")
    buffer = io.BytesIO()
    document.save(buffer)
    clean, counts = sanitize_docx(buffer.getvalue())
    reopened = docx.Document(io.BytesIO(clean))
    assert len(reopened.tables[0].rows) == 1
    assert [p.text for p in reopened.paragraphs] == ["Antes.", "Después."]
    assert b"44.555.666" not in all_member_bytes(clean)
    assert counts["deletions"] == 2


def test_external_links_are_dropped_so_nothing_is_fetched():
    document = docx.Document()
    document.add_paragraph("Con imagen enlazada.")
    part = document.part
    part.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image",
        "http://tracker.example.com/pixel.png")
    part.rels.get_or_add_ext_rel(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        "https://www.example.gov.co/")
    buffer = io.BytesIO()
    document.save(buffer)
    clean, _counts = sanitize_docx(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        rels = archive.read("word/_rels/document.xml.rels")
    assert b"tracker.example.com" not in rels
    assert b"www.example.gov.co" in rels  # a hyperlink is not fetched on conversion


def test_fields_that_include_other_files_are_neutralised():
    document = docx.Document()
    document.element.body.sectPr.addprevious(parse_xml(
        f'<w:p {W}><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT "/etc/hostname" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>resultado guardado</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'))
    document.element.body.sectPr.addprevious(parse_xml(
        f'<w:p {W}><w:fldSimple '
        'w:instr=" INCLUDEPICTURE &quot;http://tracker.example.com/a.png&quot; ">'
        '<w:r><w:t>imagen guardada</w:t></w:r></w:fldSimple></w:p>'))
    buffer = io.BytesIO()
    document.save(buffer)
    clean, _counts = sanitize_docx(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        body = archive.read("word/document.xml")
    assert b"INCLUDETEXT" not in body and b"INCLUDEPICTURE" not in body
    assert b"resultado guardado" in body and b"imagen guardada" in body


ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)


def handmade_odt() -> bytes:
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ODF_NS} office:version="1.3">
<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script"
 script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.M.Main"/>
</office:event-listeners>
</office:scripts>
<office:automatic-styles><style:style style:name="T1" style:family="text">
<style:text-properties text:display="none"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>
<office:change-info><dc:creator>Luz Dary Revisora</dc:creator></office:change-info>
<text:p>{DELETED}</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="ct2"><text:insertion><office:change-info>
<dc:creator>Luz Dary Revisora</dc:creator></office:change-info></text:insertion>
</text:changed-region>
</text:tracked-changes>
<text:p>Resultado: <text:change text:change-id="ct1"/><text:change-start
 text:change-id="ct2"/>{INSERTED}<text:change-end text:change-id="ct2"
/> en la sesión.<office:annotation><dc:creator>Luz Dary</dc:creator><text:p>{COMMENT}</text:p
></office:annotation> Sigue.</text:p>
<text:p>Visible <text:span text:style-name="T1">{HIDDEN}</text:span> y final.<text:hidden-text
 text:condition="ooow:1" text:string-value="oculto 320 000 1111" text:is-hidden="true"
 >oculto 320 000 1111</text:hidden-text></text:p>
<text:section text:name="S1"><text:section-source xlink:href="file:///etc/hostname"/>
<text:p>cache de seccion</text:p></text:section>
<text:p><draw:frame draw:name="f" svg:width="1cm" svg:height="1cm"><draw:image
 xlink:href="http://tracker.example.com/p.png"/></draw:frame>tras imagen</text:p>
</office:text></office:body></office:document-content>"""
    meta = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {ODF_NS}><office:meta><dc:creator>Luz Dary Autora</dc:creator>
<dc:title>Titulo interno Quimera</dc:title></office:meta></office:document-meta>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png"
 manifest:media-type="image/png"/>
</manifest:manifest>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("meta.xml", meta)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("Thumbnails/thumbnail.png", png_with_text())
    return buffer.getvalue()


def test_sanitize_odt_accepts_changes_and_drops_annotations_hidden_text_links_and_meta():
    data = handmade_odt()
    assert sniff_office(data) == "odt"
    clean, counts = sanitize_odt(data)
    assert counts == {"insertions": 1, "deletions": 1, "comments": 1, "hidden": 2,
                      "images_cleaned": 0, "properties": 1}
    raw = all_member_bytes(clean)
    for value in NEVER + ["320 000 1111", "tracker.example.com", "/etc/hostname",
                          "event-listener", "Thumbnails"]:
        assert value.encode() not in raw, value
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        content = archive.read("content.xml").decode()
    # Text around removed inline elements survives (ODF keeps text in element tails).
    for kept in (f"Resultado: {INSERTED} en la sesión. Sigue.", "Visible ", " y final.",
                 "cache de seccion", "tras imagen"):
        assert kept in content, kept


def test_a_password_protected_odt_is_refused_in_spanish():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"\x00cifrado")
        archive.writestr("META-INF/manifest.xml", "<manifest:encryption-data/>")
    with pytest.raises(UnreadableInput, match="contraseña"):
        sanitize_odt(buffer.getvalue())


def test_a_broken_docx_is_reported_in_spanish():
    data = bytearray(build_docx())
    position = data.find(b"word/document.xml")
    data[position + 30 : position + 400] = b"\x00" * 370
    with pytest.raises(UnreadableInput, match="DOCX"):
        sanitize_docx(bytes(data))


# --- without LibreOffice --------------------------------------------------------------------------


def test_fallback_text_path_when_office_is_off(monkeypatch):
    monkeypatch.setenv("REDACTION_OFFICE", "off")
    result = office_to_pdf(build_docx(), "docx")
    assert result.engine == "texto"
    assert "solo texto" in result.notes[0]
    assert "Se aceptaron 3 cambios controlados (texto final)." in result.notes
    assert "Se eliminó 1 comentario." in result.notes
    assert "Se eliminó texto oculto (1 fragmento)." in result.notes
    assert_gone(result.pdf, NEVER)
    assert_kept(result.pdf, [INSERTED, "Dato visible del acta", *HEADER])
    for kind in ("odt", "doc"):
        with pytest.raises(UnreadableInput, match="LibreOffice"):
            office_to_pdf(b"PK\x03\x04 cualquier cosa", kind)


def test_fallback_note_when_soffice_is_not_installed(monkeypatch):
    monkeypatch.delenv("REDACTION_OFFICE", raising=False)
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    result = office_to_pdf(build_docx(), "docx")
    assert result.engine == "texto"
    assert result.notes[0] == ("LibreOffice no está disponible: se usó la conversión de solo "
                               "texto (sin imágenes ni diseño).")


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


def test_a_conversion_that_hangs_is_killed_and_reported(monkeypatch, tmp_path):
    fake = _fake_soffice(tmp_path, "sleep 60 & sleep 60")
    monkeypatch.delenv("REDACTION_OFFICE", raising=False)
    monkeypatch.setattr(office, "_soffice", lambda: fake)
    monkeypatch.setattr(office, "TIMEOUT_SECONDS", 1)
    started = time.monotonic()
    with pytest.raises(UnreadableInput, match="tardó más de 1 segundos"):
        office_to_pdf(build_docx(), "docx")
    assert time.monotonic() - started < 15
    leftovers = subprocess.run(["pgrep", "-f", fake], capture_output=True, text=True).stdout
    assert not leftovers.strip()


def test_a_conversion_without_output_is_reported(monkeypatch, tmp_path):
    fake = _fake_soffice(tmp_path, "exit 0")
    monkeypatch.delenv("REDACTION_OFFICE", raising=False)
    monkeypatch.setattr(office, "_soffice", lambda: fake)
    with pytest.raises(UnreadableInput, match="LibreOffice no pudo convertir"):
        office_to_pdf(build_docx(), "docx")


# --- with LibreOffice -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source_docx() -> bytes:
    return build_docx()


@pytest.fixture(scope="module")
def docx_result(source_docx):
    if SOFFICE is None or OFFICE_OFF:
        pytest.skip("LibreOffice (soffice) no está instalado o REDACTION_OFFICE=off")
    return office_to_pdf(source_docx, "docx")


@pytest.fixture(scope="module")
def odt_input(source_docx, tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) no está instalado")
    return soffice_convert(source_docx, "docx", "odt", tmp_path_factory.mktemp("odt"))


@pytest.fixture(scope="module")
def doc_input(source_docx, tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) no está instalado")
    return soffice_convert(source_docx, "docx", "doc:MS Word 97", tmp_path_factory.mktemp("doc"))


@needs_soffice
def test_docx_with_layout_keeps_final_text_table_and_images_only(docx_result):
    assert docx_result.engine == "libreoffice"
    assert_clean_output(docx_result.pdf)
    assert_real_table(docx_result.pdf)


@needs_soffice
def test_docx_notes_say_what_was_dropped(docx_result):
    assert docx_result.notes == [
        "Se aceptaron 3 cambios controlados (texto final).",
        "Se eliminó 1 comentario.",
        "Se eliminó texto oculto (1 fragmento).",
        "Se quitaron los metadatos (EXIF y similares) de 2 imágenes.",
        "Se descartaron las propiedades del documento (autor, título, datos personalizados).",
    ]


@needs_soffice
def test_odt_input_is_cleaned_and_converted(odt_input):
    assert sniff_office(odt_input) == "odt"
    content = zipfile.ZipFile(io.BytesIO(odt_input)).read("content.xml")
    # The input really carries what must go (so the test proves the cleaning).
    assert b"office:annotation" in content and b"text:tracked-changes" in content
    assert COMMENT.encode() in content and HIDDEN.encode() in content
    clean, counts = sanitize_odt(odt_input)
    raw = all_member_bytes(clean)
    for value in (DELETED, COMMENT, HIDDEN, "Luz Dary"):
        assert value.encode() not in raw, value
    assert counts["comments"] == 1 and counts["hidden"] >= 1
    assert counts["insertions"] + counts["deletions"] >= 2
    result = office_to_pdf(odt_input, "odt")
    assert result.engine == "libreoffice"
    assert_clean_output(result.pdf)
    assert_real_table(result.pdf)
    assert "Se eliminó 1 comentario." in result.notes


@needs_soffice
def test_doc_input_is_converted_to_docx_cleaned_and_converted(doc_input):
    assert doc_input.startswith(b"\xd0\xcf\x11\xe0")
    assert sniff_office(doc_input) == "doc"
    result = office_to_pdf(doc_input, "doc")
    assert result.engine == "libreoffice"
    assert result.notes[0].startswith("El documento de Word 97-2003 (.doc)")
    assert "Se eliminó 1 comentario." in result.notes
    assert any(note.startswith("Se eliminó texto oculto") for note in result.notes)
    assert any(note.startswith("Se acept") for note in result.notes)
    assert_clean_output(result.pdf)
    assert_real_table(result.pdf)


@needs_soffice
def test_a_damaged_document_is_reported_in_spanish():
    with pytest.raises(UnreadableInput):
        office_to_pdf(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "doc")


@needs_soffice
def test_three_page_docx_conversion_time(capsys):
    data = build_docx(extra_pages=2)
    started = time.monotonic()
    result = office_to_pdf(data, "docx")
    elapsed = time.monotonic() - started
    pages = pymupdf.open(stream=result.pdf, filetype="pdf").page_count
    with capsys.disabled():
        print(f"\n[conversión DOCX de {pages} páginas con LibreOffice: {elapsed:.1f} s]")
    assert pages >= 3
    assert elapsed < office.TIMEOUT_SECONDS
