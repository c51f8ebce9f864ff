"""Every channel a PDF can leak through: planted data goes in, none comes out.

Each test builds its input in the test, runs `manage.py redact`, and reads
the output with pdfminer, pypdf, a pikepdf walk over all objects and decoded
streams, and the raw bytes (tests/redaction/leaks.py), never with PyMuPDF,
which wrote it.
"""

import io

import pikepdf
import pymupdf
import pytest

from tests.redaction.leaks import assert_gone, assert_kept, ocr_pages, raw_pdf, text_pdf

NAME = "Zuleima Quintero Bedoya"
EMAIL = "zuleima.quintero@example.org"


def digits_step(text: str, x: float, y: float, step: float) -> bytes:
    """One Tj per character, each placed with its own Td move."""
    ops = [f"BT /F1 11 Tf {x} {y} Td ({text[0]}) Tj".encode()]
    ops += [f"{step} 0 Td ({ch}) Tj".encode() for ch in text[1:]]
    return b" ".join(ops) + b" ET\n"


def test_text_split_into_single_character_show_operations(redact):
    content = (
        b"BT /F1 11 Tf 72 700 Td (Asistente de la mesa:) Tj ET\n"
        b"BT /F1 11 Tf 200 700 Td [(J)-20(u)(a)(n) -250 (C)(a)(m)(i)(l)(o)( )(B)(e)(c)(e)(r)(r)(a)]"
        b" TJ ET\n"
        b"BT /F1 11 Tf 72 680 Td (Celular) Tj ET\n"
        + digits_step("3001234567", 120, 680, 6.2)
        + b"BT /F1 11 Tf 72 660 Td (Fin del acta ordinaria.) Tj ET\n"
    )
    run = redact(raw_pdf(content), terms=["Juan Camilo Becerra"])
    assert_gone(run.pdf, ["Juan Camilo Becerra", "Camilo Becerra", "3001234567"])
    assert_kept(run.pdf, ["Asistente de la mesa", "Celular", "Fin del acta ordinaria"])
    categories = sorted(r["category"] for r in run.report["redactions"])
    assert categories == ["telefono", "termino"]


def test_info_dictionary_entries_never_reach_the_output(redact):
    doc = pymupdf.open(stream=text_pdf(["Informe trimestral de convivencia."]))
    doc.set_metadata({"author": NAME, "title": f"Acta de {NAME}", "subject": EMAIL,
                      "keywords": "C.C. 79845123", "creator": NAME, "producer": NAME})
    pdf = pikepdf.open(io.BytesIO(doc.tobytes()))
    pdf.docinfo["/Responsable"] = pikepdf.String(NAME)
    pdf.docinfo["/Telefono"] = pikepdf.String("310 555 0101")
    buffer = io.BytesIO()
    pdf.save(buffer)
    source_id = bytes(pdf.trailer.ID[0])
    run = redact(buffer.getvalue(), terms=[NAME])
    assert_gone(run.pdf, [NAME, "Zuleima", EMAIL, "79845123", "310 555 0101"])
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert dict(out.docinfo) == {"/Title": "Versión pública"}
        assert set(out.Root.keys()) == {"/Type", "/Pages"}
        assert bytes(out.trailer.ID[0]) != source_id  # a new document, not a new revision
    assert_kept(run.pdf, ["Informe trimestral de convivencia"])


def test_xmp_metadata_of_document_and_page_never_reaches_the_output(redact):
    pdf = pikepdf.open(io.BytesIO(text_pdf(["Acta de la mesa territorial."])))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [NAME]
        meta["dc:title"] = f"Acta {NAME}"
        meta["pdf:Keywords"] = EMAIL
    page_xmp = f"<x:xmpmeta xmlns:x='adobe:ns:meta/'>{NAME} {EMAIL}</x:xmpmeta>".encode()
    pdf.pages[0].obj.Metadata = pdf.make_stream(page_xmp, Type=pikepdf.Name.Metadata,
                                                Subtype=pikepdf.Name.XML)
    buffer = io.BytesIO()
    pdf.save(buffer)
    run = redact(buffer.getvalue(), terms=[NAME])
    assert_gone(run.pdf, [NAME, EMAIL])
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert "/Metadata" not in out.Root and "/Metadata" not in out.pages[0].obj


def test_annotations_links_and_popups_are_dropped(redact):
    doc = pymupdf.open(stream=text_pdf(["Comentarios de la revisión del acta."]))
    page = doc[0]
    note = page.add_text_annot((300, 300), f"Revisar datos de {NAME}, cel 310 555 0101")
    note.set_popup(pymupdf.Rect(320, 300, 480, 380))
    note.set_info(title=NAME, subject=EMAIL)
    note.update()
    page.add_freetext_annot(pymupdf.Rect(72, 400, 320, 440), f"Nota libre: {NAME}", fontsize=10)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 60, 260, 80),
                      "uri": f"mailto:{EMAIL}"})
    run = redact(doc.tobytes(), terms=[NAME])
    assert_gone(run.pdf, [NAME, EMAIL, "310 555 0101", "Nota libre"])
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert "/Annots" not in out.pages[0].obj
    assert_kept(run.pdf, ["Comentarios de la revisión del acta"])
    assert run.report["redactions"] == []  # annotation text is dropped, not boxed on the page


def test_file_attachments_are_dropped(redact):
    doc = pymupdf.open(stream=text_pdf(["Anexos del expediente."]))
    doc.embfile_add("listado.txt", f"{NAME};C.C. 79845123;{EMAIL}".encode(), desc=NAME)
    doc[0].add_file_annot((50, 50), f"adjunto de {NAME}".encode(), "adjunto.txt", desc=NAME)
    run = redact(doc.tobytes(), terms=[NAME])
    assert_gone(run.pdf, [NAME, "79845123", EMAIL, "listado.txt"])
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert "/Names" not in out.Root
        assert not [o for o in out.objects if isinstance(o, pikepdf.Dictionary)
                    and o.get("/Type") in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec)]


def test_form_fields_with_values_and_appearances_are_dropped(redact):
    doc = pymupdf.open(stream=text_pdf(["Formulario de inscripción a la mesa."]))
    for name, value, y in (("nombre", NAME, 200), ("correo", EMAIL, 240)):
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        widget.field_name = name
        widget.field_value = value
        widget.rect = pymupdf.Rect(72, y, 360, y + 20)
        doc[0].add_widget(widget)
    source = doc.tobytes()
    assert NAME.encode() in source  # the value and its appearance stream are really there
    run = redact(source, terms=[NAME])
    assert_gone(run.pdf, [NAME, EMAIL])
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert "/AcroForm" not in out.Root
    assert_kept(run.pdf, ["Formulario de inscripción a la mesa"])


def test_incremental_update_leaves_no_earlier_revision_behind(redact, tmp_path):
    path = tmp_path / "original.pdf"
    path.write_bytes(raw_pdf(
        f"BT /F1 11 Tf 72 700 Td (Expediente de {NAME}, reservado.) Tj ET".encode(),
        compress=False))  # revision 1 has the name in the clear
    doc = pymupdf.open(path)
    xref = doc[0].get_contents()[0]
    doc.update_stream(xref, b"BT /F1 11 Tf 72 700 Td (Resumen publico de la sesion.) Tj ET")
    doc.saveIncr()
    source = path.read_bytes()
    assert NAME.encode() in source and source.count(b"%%EOF") == 2
    run = redact(source)  # no terms: the old revision is not on any page any more
    assert_gone(run.pdf, [NAME, "Expediente", "reservado"])
    assert run.pdf.count(b"%%EOF") == 1
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        assert "/Prev" not in out.trailer
    assert_kept(run.pdf, ["Resumen publico de la sesion"])


def test_black_box_drawn_over_live_text_becomes_a_real_redaction(redact):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Se programó el Operativo Halcón Nocturno para el sábado.",
                     fontsize=11)
    hidden = page.search_for("Operativo Halcón Nocturno")[0]
    page.draw_rect(hidden, color=None, fill=(0, 0, 0))  # the sloppy "redaction"
    banner = pymupdf.Rect(72, 150, 400, 175)
    page.draw_rect(banner, color=None, fill=(0.05, 0.1, 0.3))  # dark header, text on top
    page.insert_text((80, 167), "SECRETARIA DE SEGURIDAD", fontsize=11, color=(1, 1, 1))
    run = redact(doc.tobytes())
    assert_gone(run.pdf, ["Operativo Halcón Nocturno", "Halcon", "Nocturno"])
    assert_kept(run.pdf, ["Se programó el", "para el sábado", "SECRETARIA DE SEGURIDAD",
                          "Ley 1712/2014 art. 19"])
    [box] = run.report["redactions"]
    assert box["category"] == "recuadro_previo" and box["legal_ground"] == "seguridad_publica"


def _red_image_page(number_y: float):
    doc = pymupdf.open()
    page = doc.new_page()
    image_rect = pymupdf.Rect(72, 90, 372, 130)
    red = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 40), False)
    red.set_rect(red.irect, (220, 20, 20))
    page.insert_image(image_rect, pixmap=red)
    prefix = pymupdf.get_text_length("Celular ", fontsize=11)
    width = pymupdf.get_text_length("300 123 4567", fontsize=11)
    number = pymupdf.Rect(80 + prefix, number_y - 8, 80 + prefix + width, number_y)
    # Vector art drawn first, entirely under the number, then the text over it.
    page.draw_rect(number + (2, 1, -2, -1), color=None, fill=(0.7, 0.85, 1))
    page.insert_text((80, number_y), "Celular 300 123 4567 de contacto", fontsize=11)
    page.draw_line((60, 140), (500, 140), color=(0, 0.5, 0), width=1)  # a rule elsewhere
    page.draw_line((number.x0 - 30, number.y1 + 1), (number.x1 + 30, number.y1 + 1),
                   color=(0, 0.5, 0), width=0.5)  # underline crossing the box edges
    return doc.tobytes(), image_rect, number


def test_image_pixels_and_vector_art_under_an_area_are_removed(redact):
    source, image_rect, number = _red_image_page(115)
    run = redact(source)
    [area] = run.report["redactions"]
    assert area["category"] == "telefono"
    with pikepdf.open(io.BytesIO(run.pdf)) as out:
        [image] = [pikepdf.PdfImage(o) for o in out.objects
                   if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]
        pixels = image.as_pil_image().convert("RGB")
    sx = pixels.width / image_rect.width
    sy = pixels.height / image_rect.height
    x0, y0, x1, y1 = area["rect"]
    inside = pixels.getpixel((int(((x0 + x1) / 2 - image_rect.x0) * sx),
                              int(((y0 + y1) / 2 - image_rect.y0) * sy)))
    outside = pixels.getpixel((5, 5))
    assert outside == (220, 20, 20)
    assert inside != (220, 20, 20)  # the pixels themselves changed, not just covered

    # Rendered, the region is the black box now; the drawing is gone from the file.
    rendered = pymupdf.open(stream=run.pdf)[0]
    drawings = rendered.get_drawings()
    assert not [d for d in drawings if d.get("fill") and d["fill"][2] == 1.0]
    greens = [d for d in drawings if d.get("color") and d["color"][1] == 0.5]
    assert len(greens) == 2  # rules only touching the area stay (REMOVE_IF_COVERED)
    pix = rendered.get_pixmap(clip=pymupdf.Rect(area["rect"]) + (2, 2, -2, -2))
    rgb = [tuple(pix.samples[i:i + 3]) for i in range(0, len(pix.samples), 3)]
    assert (220, 20, 20) not in rgb  # no red left visible inside the area
    assert sum(1 for p in rgb if max(p) < 40) > len(rgb) * 0.5  # black box, white label
    assert_gone(run.pdf, ["300 123 4567", "3001234567"])
    assert_kept(run.pdf, ["Celular", "de contacto"])


def _image_stream(pdf):
    return pdf.make_stream(b"\xff\xff\xff" * 4, Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=2, Height=2,
                           ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)


def test_hidden_text_of_every_kind_is_found_and_removed(redact):
    content = b"""BT /F1 12 Tf 72 740 Td (Texto visible del acta.) Tj ET
BT /F1 12 Tf 3 Tr 72 720 Td (Invisible cel 3001234501 oculto) Tj ET
BT /F1 12 Tf 0 Tr 1 1 1 rg 72 700 Td (Blanco cel 3001234502 oculto) Tj ET
BT /F1 0.4 Tf 0 0 0 rg 72 690 Td (Diminuto cel 3001234503 oculto) Tj ET
BT /F1 12 Tf 72 900 Td (Fuera cel 3001234504 oculto) Tj ET
BT /F1 12 Tf 72 660 Td (Bajo imagen cel 3001234505 oculto) Tj ET
q 300 0 0 20 60 655 cm /Im1 Do Q
/OC /oc1 BDC BT /F1 12 Tf 72 630 Td (Capa apagada cel 3001234506 oculto) Tj ET EMC
/Span <</ActualText (Zuleima Quintero Bedoya)>> BDC BT /F1 12 Tf 72 610 Td (xyz) Tj ET EMC
q 1 0 0 1 72 580 cm /Fx Do Q
BT /F1 12 Tf 72 540 Td (Cierre visible del acta.) Tj ET
"""

    def form(pdf):
        font = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
        shown = pdf.make_stream(b"BT /F1 12 Tf 0 0 Td (En formulario cel 3001234507 oculto) Tj ET",
                                Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                BBox=[0, 0, 500, 40],
                                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
        never = pdf.make_stream(b"BT /F1 12 Tf 0 0 Td (Nunca dibujado 3001234508) Tj ET",
                                Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                BBox=[0, 0, 500, 40],
                                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))
        return pikepdf.Dictionary(Fx=shown, Unused=never, Im1=_image_stream(pdf))

    def properties(pdf):
        ocg = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG,
                                                   Name=pikepdf.String(f"Capa de {NAME}")))
        pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[ocg], D=pikepdf.Dictionary(OFF=[ocg]))
        return pikepdf.Dictionary(oc1=ocg)

    source = raw_pdf(content, extra_resources={"/XObject": form, "/Properties": properties})
    run = redact(source, terms=[NAME])
    planted = [f"300123450{i}" for i in range(1, 9)] + [NAME, "Zuleima"]
    assert_gone(run.pdf, planted)
    assert_kept(run.pdf, ["Texto visible del acta", "Cierre visible del acta", "Invisible cel",
                          "Capa apagada cel", "En formulario cel"])


def test_neighbouring_lines_survive_in_tight_leading(redact):
    lines = ["Primera línea ordinaria del acta de seguimiento",
             "Contacto 300 123 4567 y C.C. 79845123 registrados",
             "Tercera línea ordinaria del acta de seguimiento"]
    run = redact(text_pdf(lines, fontsize=11, leading=11.5))
    assert_gone(run.pdf, ["3001234567", "79845123"])
    assert_kept(run.pdf, [lines[0], lines[2], "Contacto", "y C.C.", "registrados"])


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_are_redacted_in_the_right_place(redact, rotation):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Correo zuleima.quintero@example.org del enlace", fontsize=11)
    page.set_rotation(rotation)
    run = redact(doc.tobytes())
    assert_gone(run.pdf, [EMAIL])
    # pdfminer's layout analysis scrambles rotated lines letter by letter, before and after.
    assert_kept(run.pdf, ["Correo", "del enlace", "Ley 1581/2012"], readers=("pypdf",))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_labels_read_upright_on_a_page_shown_turned(redact, rotation):
    """A page stored turned and shown upright (/Rotate, as a landscape page or a scan
    straightened by its scanner): the box's label reads the way the text around it does,
    not sideways or upside down."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(rotation)
    page.insert_text(pymupdf.Point(72, 100) * page.derotation_matrix,
                     "Correo zuleima.quintero@example.org del enlace", fontsize=11,
                     rotate=rotation)
    run = redact(doc.tobytes())
    assert_gone(run.pdf, [EMAIL])
    [shown] = ocr_pages(run.pdf, dpi=200)
    assert "Correo" in shown and "del enlace" in shown  # the page reads upright
    assert "Ley 1581/2012" in shown
