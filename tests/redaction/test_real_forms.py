"""Forms of personal data an outside tester's documents used, and look-alikes that must stay."""

import pytest

from redaction.detect import detect
from redaction.text import normalize


def found(text: str) -> list[tuple[str, str]]:
    normal = normalize(text)
    return [(str(m.category), normal[m.start : m.end]) for m in detect(normal)]


@pytest.mark.parametrize("text, category, value", [
    ("identificado con cédula 1'036.482.915 de Medellín", "cedula", "1'036.482.915"),
    ("C.C. N° 43’921.667", "cedula", "43’921.667"),
    ("Mi teléfono fijo en Bogotá es 601 7 45 32 10", "telefono", "601 7 45 32 10"),
    ("llamar al 312-456-7890 en la tarde", "telefono", "312-456-7890"),
    ("celular 312.456.78.90", "telefono", "312.456.78.90"),
    ("Se movilizaba en un Renault Logan HTK482 gris", "placa", "htk482"),
    ("Documento  número 1.020.304.050", "cedula", "1.020.304.050"),
    ("Documento: 1020304050", "cedula", "1020304050"),
    ("escribió desde luz.gomez@cali.gov.co", "correo", "luz.gomez@cali.gov.co"),
    # A second outside pass (2026-12-03): foreign IDs and phones, words between a cue and
    # its number, links and handles, "(arroba)".
    ("C.I. V-20.118.645", "otro_documento", "V-20.118.645"),
    ("Pasaporte venezolano No. 145887263", "otro_documento", "145887263"),
    ("Registro Civil de Nacimiento No. 1.023.987.654", "otro_documento", "1.023.987.654"),
    ("C.C. enlace 98.552.174", "cedula", "98.552.174"),
    ("me dijo que mi cedula es 71.882.640", "cedula", "71.882.640"),
    ("WhatsApp +58 424 1187654", "telefono", "+58 424 1187654"),
    ("escríbame a wa.me/573214589076", "telefono", "573214589076"),
    ("correo yuriana(arroba)gmail.com", "correo", "yuriana(arroba)gmail.com"),
    ("perfil facebook.com/yorbelis.uriana.epieyu.", "perfil_red_social",
     "facebook.com/yorbelis.uriana.epieyu"),
    ("en Instagram @yorbe_uriana93 publica", "perfil_red_social", "@yorbe_uriana93"),
    ("info@fundacionvecinos.org", "correo", "info@fundacionvecinos.org"),
    ("la moto (ABC12D) quedó retenida", "placa", "abc12d"),
])
def test_found_whole(text, category, value):
    assert (category, normalize(value)) in found(text)


@pytest.mark.parametrize("text", [
    "taxi con número interno 345",
    "moto AKT 125 roja",
    "Radicado 2026-3001234567-1 de la Secretaría",
    "el proceso CAS-166 del vehículo oficial",
    "Toyota patrocinó la feria de 2026",
    "según el documento CONPES 3975 de 2019",
    # An entity's published channels are not personal data.
    "Radique en atencionciudadano@medellin.gov.co o en pqrsd@seguridad.gov.co",
    "notificacionesjudiciales@cali.gov.co",
    "la cédula y el certificado de 2015",
    "Ley 1712 de 2014 y +5 puntos de cobertura",
    "el valor subió @ 5 %",
    "el documento 1081 de 2015 y el radicado 20261234567",
])
def test_look_alikes_stay(text):
    assert found(text) == []


def test_a_column_titled_no_de_documento_is_a_cedula_column():
    import pymupdf

    from redaction import pages
    from redaction.columns import column_values

    doc = pymupdf.open()
    page = doc.new_page()
    for x, title in ((50, "No."), (80, "Nombre completo"), (230, "No. de documento"),
                     (340, "Celular/WhatsApp"), (450, "E-mail")):
        page.insert_text((x, 100), title, fontsize=9)
    page.insert_text((50, 115), "1", fontsize=9)
    page.insert_text((80, 115), "Ana Ruiz", fontsize=9)
    page.insert_text((230, 115), "1017223904", fontsize=9)
    page.insert_text((340, 115), "310 555 1234", fontsize=9)
    page.insert_text((450, 115), "ana.r@", fontsize=9)
    page.insert_text((450, 126), "mail.com", fontsize=9)
    content = pages.read_page(page)
    cells, _open = column_values(content)
    values = {(category, content.text[first : last + 1]) for first, last, category, _ in cells}
    assert ("cedula", "1017223904") in values
    assert ("telefono", "310 555 1234") in values
    assert ("correo", "mail.com") in values
    assert ("nombre", "Ana Ruiz") in values


def test_a_form_with_one_digit_per_box_loses_every_digit():
    import pymupdf

    from redaction.pipeline import redact
    from tests.redaction.leaks import assert_no_digits_of, poppler_text

    doc = pymupdf.open()
    page = doc.new_page()
    # Label, then its boxes, as a form is filled in; each digit is its own text object.
    page.insert_text((50, 80), "Número de documento (un dígito por casilla):", fontsize=10)
    for k, digit in enumerate("70123456"):
        page.draw_rect((50 + 16 * k, 90, 64 + 16 * k, 106))
        page.insert_text((54 + 16 * k, 102), digit, fontsize=10)
    page.insert_text((50, 132), "Teléfono:", fontsize=10)
    for k, digit in enumerate("3105559911"):
        page.draw_rect((110 + 16 * k, 120, 124 + 16 * k, 136))
        page.insert_text((114 + 16 * k, 132), digit, fontsize=10)
    result, proposals = redact(doc.tobytes())
    text = poppler_text(result.pdf)
    assert_no_digits_of(text, "70123456")
    assert_no_digits_of(text, "3105559911")
    assert {"cedula", "telefono"} <= {p.category for p in proposals}


@pytest.mark.parametrize("text, name", [
    ("Hoy la señora kelly johana manifestó ruido en la noche.", "kelly johana"),
    ("Respetada señora Zuleta:\nle informamos que su petición fue radicada.", "Zuleta"),
    ("el señor wilmar asprilla cuesta dijo que no había luz.", "wilmar asprilla cuesta"),
])
def test_people_addressed_as_senor_or_senora_are_names_in_any_case(text, name):
    from redaction.names import find_names

    assert name in [text[m.start : m.end] for m in find_names(text)]


@pytest.mark.parametrize("text", [
    "la señora presidenta de la junta abrió la sesión.",
    "El señor Secretario de Gobierno presentó el informe.",
    "el señor alcalde llegó tarde.",
])
def test_a_role_after_senor_is_not_a_name(text):
    from redaction.names import find_names

    assert find_names(text) == []


def test_a_cue_followed_by_an_abbreviation_is_not_a_name():
    from redaction.names import find_names

    text = "Testigo: la señora\nC.C. Ley 1581/2012\nCorreo del testigo:"
    assert find_names(text) == []


def test_the_forms_an_outside_pass_found_leaking_are_removed_whole():
    """A form row "Documento | número", addresses without a dash or with the road's other
    name, and a phone letter-spaced around dashes: no digit of them may remain."""
    import pymupdf

    from redaction.pipeline import redact
    from tests.redaction.leaks import assert_kept, assert_no_digits_of, poppler_text

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 80), "Documento", fontsize=10)  # label cell
    page.insert_text((200, 80), "1.020.304.050", fontsize=10)  # value cell, same row
    page.insert_text((50, 110), "Dirección de residencia: Calle 10 # 43 E 31, barrio Centro.",
                     fontsize=10)
    page.insert_text((50, 130), "Lugar de la visita: Av. 80 (Carrera 65) No. 30-16.", fontsize=10)
    # Helvetica has no en dash here: MuPDF draws a middle dot, as some fonts do.
    page.insert_text((50, 150), "Celular: 3 1 0 – 4 5 6 – 7 8 9 0.", fontsize=10)
    page.insert_text((50, 165), "WhatsApp 3 1 5 - 2 2 2 - 3 3 4 4", fontsize=10)
    page.insert_text((50, 180), "La mesa de convivencia sesiona cada mes.", fontsize=10)
    result, _proposals = redact(doc.tobytes())
    text = poppler_text(result.pdf)
    for value in ("1.020.304.050", "3104567890", "3152223344"):
        assert_no_digits_of(text, value)
    for value in ("43 E 31", "30-16", "Carrera 65", "Calle 10", "Av. 80"):
        assert value not in text
    assert_kept(result.pdf, ["mesa de convivencia sesiona cada mes", "Dirección de residencia"])


def _page_with_a_name_under_a_white_patch():
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Informe de la visita al barrio.", fontsize=11)
    page.insert_text((72, 130), "Asistió el vecino Restrepo Gaviria a la reunión.", fontsize=11)
    white = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 60, 10), False)
    white.set_rect(white.irect, (255, 255, 255))
    # Over "Restrepo Gaviria": drawn after the text, so the reader sees a blank.
    page.insert_image(pymupdf.Rect(160, 119, 255, 134), pixmap=white, keep_proportion=False)
    return doc.tobytes()


def test_text_hidden_under_an_image_is_removed_and_the_reviewer_is_told_why():
    from redaction.pipeline import find_redactions, redact
    from tests.redaction.leaks import assert_kept, poppler_text

    data = _page_with_a_name_under_a_white_patch()
    proposals = find_redactions(data)
    hidden = [p for p in proposals if "tapado por una imagen" in p.reason]
    assert len(hidden) == 1
    result, _ = redact(data)
    text = poppler_text(result.pdf)
    assert "Restrepo" not in text and "Gaviria" not in text
    assert_kept(result.pdf, ["Informe de la visita al barrio", "Asistió el vecino"])


def test_the_gate_refuses_text_left_under_an_image():
    from redaction.verify import verify

    findings = verify(_page_with_a_name_under_a_white_patch())
    assert ("texto_oculto", 1) in {(f.category, f.page) for f in findings}


def test_a_scan_with_its_text_layer_under_the_image_is_not_hidden_text():
    """Some scanners draw the invisible OCR layer first, then the page image over it."""
    import pymupdf

    from redaction import pages

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Acta de la mesa de convivencia", fontsize=11, render_mode=3)
    grey = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 50, 50), False)
    grey.set_rect(grey.irect, (240, 240, 240))
    page.insert_image(page.rect, pixmap=grey, keep_proportion=False)
    assert pages.covering_images(doc[0]) == []


def test_a_layer_switched_off_in_the_original_is_removed_not_revealed():
    """Dropping the layer structure alone printed a hidden note on the public version."""
    import pymupdf

    from redaction.pipeline import redact
    from tests.redaction.leaks import assert_gone, assert_kept

    doc = pymupdf.open()
    page = doc.new_page()
    notes = doc.add_ocg("Notas internas", on=False)
    shown = doc.add_ocg("Texto", on=True)
    page.insert_text((72, 100), "Acta de la mesa de convivencia.", fontsize=11)
    page.insert_text((72, 130), "Nota: Gildardo Moná informó al cuadrante.", fontsize=11, oc=notes)
    page.insert_text((72, 160), "Se acordó una nueva reunión.", fontsize=11, oc=shown)
    result, _ = redact(doc.tobytes())
    assert_gone(result.pdf, ["Gildardo", "cuadrante"])
    assert_kept(result.pdf, ["Acta de la mesa de convivencia", "Se acordó una nueva reunión"])


def test_every_line_drawn_before_a_covering_image_counts_not_only_the_first():
    """Several text spans, then the image: the drawing order decides, not block numbers."""
    import pymupdf

    from redaction import pages

    doc = pymupdf.open()
    page = doc.new_page()
    for k in range(6):
        page.insert_text((72, 100 + 14 * k), f"Línea {k} del informe de la visita", fontsize=10)
    page.insert_text((72, 200), "Vecina Restrepo Gaviria", fontsize=10)
    white = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 10), False)
    white.set_rect(white.irect, (255, 255, 255))
    page.insert_image(pymupdf.Rect(60, 188, 260, 204), pixmap=white, keep_proportion=False)
    page.insert_text((72, 240), "Texto escrito después de la imagen", fontsize=10)
    page.insert_image(pymupdf.Rect(60, 228, 300, 244), pixmap=white, keep_proportion=False,
                      overlay=False)  # drawn under the page's content: hides nothing
    covered = pages.covering_images(pymupdf.open(stream=doc.tobytes())[0])
    assert [text for _box, text in covered] == ["Vecina Restrepo Gaviria"]


def test_an_image_in_a_layer_switched_off_is_not_drawn_in_the_public_version():
    import pymupdf

    from redaction.pipeline import redact

    doc = pymupdf.open()
    page = doc.new_page()
    notes = doc.add_ocg("Anexo interno", on=False)
    page.insert_text((72, 100), "Registro fotográfico de la visita.", fontsize=11)
    red = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 30, 30), False)
    red.set_rect(red.irect, (220, 20, 20))
    page.insert_image(pymupdf.Rect(72, 120, 272, 320), pixmap=red, oc=notes)
    assert doc[0].get_pixmap().pixel(150, 200) == (255, 255, 255)  # off: not shown
    result, _ = redact(doc.tobytes())
    rendered = pymupdf.open(stream=result.pdf)[0].get_pixmap()
    assert rendered.pixel(150, 200) == (255, 255, 255)
    assert "Registro fotográfico" in pymupdf.open(stream=result.pdf)[0].get_text()


def test_the_gate_does_not_read_the_random_file_identifier_as_text():
    """/ID is random bytes; in an xref stream's dictionary the walk met it and once read
    '@…' in it as a social-media handle, refusing a clean output."""
    import io

    import pikepdf

    from redaction.verify import verify
    from tests.redaction.leaks import text_pdf

    with pikepdf.open(io.BytesIO(text_pdf(["Acta de la mesa de convivencia."]))) as pdf:
        pdf.trailer.ID = pikepdf.Array([pikepdf.String(b" @yorbe_93 3104567890 "),
                                        pikepdf.String(b" @yorbe_93 3104567890 ")])
        buffer = io.BytesIO()
        pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 static_id=False, fix_metadata_version=False)
    findings = verify(buffer.getvalue())
    assert not [f for f in findings if f.category in ("perfil_red_social", "telefono")]
