"""Documents as a secretariat makes them: wrapped table cells, scans, photos, odd text layers.

Every output is read back with tools that share nothing with the writer:
poppler's pdftotext, and pdftoppm + the tesseract command for what a reader
sees on the rendered page.
"""

import io

import pikepdf
import pymupdf
import pytest
from PIL import Image

from redaction import ocr
from redaction.errors import VerificationFailed
from redaction.pipeline import apply_redactions, find_redactions, redact
from tests.redaction.leaks import (
    assert_gone, assert_no_digits_of, fold, ocr_pages, poppler_text, raw_pdf,
)

needs_ocr = pytest.mark.skipif(not ocr.tessdata_path(),
                               reason="Tesseract con datos en español no está instalado")


def _cell_table() -> bytes:
    """An attendance table with narrow cells; values wrap inside their cell as Word wraps them."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((56, 60), "Acta de reunión de la mesa de convivencia", fontsize=13)
    columns = [(56, "Nombre"), (200, "Cédula"), (270, "Teléfono"), (340, "Correo")]
    for x, title in columns:
        page.insert_text((x, 100), title, fontsize=9)
    rows = [
        ("Asistente uno", ["C.C. 80.112.", "334"], ["300 123", "4567"],
         ["luz.dary.gomez.ara", "ngo1987@gmail.com"]),
        ("Asistente dos", ["C.C. 1.023.", "456.789"], ["(601) 345", "6789"],
         ["wilmer.asprilla@", "hotmail.com"]),
    ]
    y = 125
    for label, cedula, phone, email in rows:
        page.insert_text((56, y), label, fontsize=9)
        for (x, _title), lines in zip(columns[1:], (cedula, phone, email)):
            for k, line in enumerate(lines):
                page.insert_text((x, y + 11 * k), line, fontsize=9)
        page.draw_line((50, y + 18), (560, y + 18))
        y += 40
    page.insert_text((56, y + 20), "La mesa acordó realizar el recorrido nocturno el jueves.",
                     fontsize=10)
    return doc.tobytes()


def test_values_wrapped_inside_table_cells_leave_no_digit_and_no_part_of_the_email():
    result, proposals = redact(_cell_table())
    text = poppler_text(result.pdf)
    for value in ("80.112.334", "1.023.456.789", "3001234567", "6013456789"):
        assert_no_digits_of(text, value)
    folded = fold(text)
    for piece in ("luz.dary", "ngo1987", "gmail", "wilmer.asprilla", "hotmail"):
        assert piece not in folded
    assert "recorridonocturno" in folded
    categories = {p.category for p in proposals}
    assert {"cedula", "telefono", "correo"} <= categories


def _render_page_as_image(lines: list[str], *, dpi: int = 200) -> bytes:
    """A text page printed and scanned: one image, no text layer."""
    source = pymupdf.open()
    page = source.new_page(width=612, height=792)
    y = 90
    for line in lines:
        page.insert_text((60, y), line, fontsize=12)
        y += 24
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    scanned = scan.new_page(width=612, height=792)
    scanned.insert_image(scanned.rect, stream=pixmap.tobytes("png"))
    return scan.tobytes(deflate=True)


SCANNED_LINES = [
    "ACTA DE COMPROMISO",
    "Yo, Marleny Palacios Rentería, identificada con C.C. 52.345.678,",
    "celular 310 555 1234, correo marleny.palacios@gmail.com,",
    "residente en la Calle 45 # 12-30 Apto 201, me comprometo a asistir.",
    "La reunión terminó a las cinco de la tarde.",
]


@needs_ocr
def test_a_scanned_page_is_read_with_ocr_and_its_data_removed_as_pixels():
    result, proposals = redact(_render_page_as_image(SCANNED_LINES))
    categories = {p.category for p in proposals}
    assert {"cedula", "telefono", "correo", "direccion"} <= categories
    assert result.report["pages_read_with_ocr"][0]["reasons"] == ["solo_imagen"]
    seen = ocr_pages(result.pdf)[0]
    folded = fold(seen)
    assert_no_digits_of(seen, "52.345.678")
    assert_no_digits_of(seen, "310 555 1234")
    assert "marleny.palacios" not in folded and "gmail" not in folded
    assert "reuniontermino" in folded  # ordinary text is still there for the reader


def _turned_scan(lines: list[str], degrees: int, *, dpi: int = 150) -> bytes:
    """A page scanned sideways or upside down at a low resolution, as a JPEG."""
    source = pymupdf.open()
    page = source.new_page(width=612, height=792)
    for k, line in enumerate(lines):
        page.insert_text((60, 90 + 24 * k), line, fontsize=12)
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    turned = image.rotate(degrees, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    turned.save(buffer, "JPEG", quality=75)
    scan = pymupdf.open()
    width, height = turned.width * 72 / dpi, turned.height * 72 / dpi
    scan.new_page(width=width, height=height).insert_image(
        pymupdf.Rect(0, 0, width, height), stream=buffer.getvalue())
    return scan.tobytes()


def _upright_ocr(pdf: bytes) -> str:
    """The output read by tesseract the way up that reads most like Spanish."""
    import subprocess
    import tempfile

    pixmap = pymupdf.open(stream=pdf)[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    readings = []
    for degrees in (0, 90, 180, 270):
        with tempfile.NamedTemporaryFile(suffix=".png") as file:
            image.rotate(degrees, expand=True, fillcolor=255).save(file.name)
            readings.append(subprocess.run(["tesseract", file.name, "-", "-l", "spa"],
                                           capture_output=True, text=True).stdout)
    return max(readings, key=lambda text: ocr.language_score(text) or 0)


@needs_ocr
@pytest.mark.parametrize("degrees", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_turned_before_it_is_read(degrees):
    """Read as it lies, such a page is noise to OCR: nothing found, and the gate saw nothing."""
    result, proposals = redact(_turned_scan(SCANNED_LINES, degrees))
    assert {"cedula", "telefono", "correo", "direccion", "nombre"} <= {
        p.category for p in proposals}
    seen = _upright_ocr(result.pdf)
    folded = fold(seen)
    assert "reuniontermino" in folded  # read the right way up
    assert_no_digits_of(seen, "52.345.678")
    assert_no_digits_of(seen, "310 555 1234")
    assert "marleny" not in folded and "palacios" not in folded


def test_ocr_misreadings_of_at_and_hash_are_corrected_in_place():
    for read, meant in [
        ("Correo marleny.palaciosQ+-gmail.com", "Correo marleny.palacios@  gmail.com"),
        ("escribir a juanOgmail.com", "escribir a juan@gmail.com"),
        ("Dirección Calle 45 4 12-30 Apto", "Dirección Calle 45 # 12-30 Apto"),
        ("Calle 45 % 12-30", "Calle 45 # 12-30"),
        ("residente en la Calle 45 +t 12-30 Apto", "residente en la Calle 45 #  12-30 Apto"),
        ("Calle 45 No 12-30", "Calle 45 No 12-30"),
        # Left alone: a web address, a count, a correct address.
        ("visite www.cali.gov.co", "visite www.cali.gov.co"),
        ("en 2024 4 12-30 casos", "en 2024 4 12-30 casos"),
        ("pedro@gmail.com", "pedro@gmail.com"),
    ]:
        assert ocr.fix_ocr(read) == meant


def test_language_score_tells_spanish_from_what_ocr_makes_of_a_turned_page():
    assert ocr.language_score("La reunión terminó a las cinco de la tarde con los vecinos "
                              "del barrio y se acordó una nueva visita para el jueves.") > 0.2
    assert ocr.language_score("eisia ensnu eun oplode as wos reuwbo soisejed Áus 1eu "
                              "p10b0g SP elajuay Soloe eg ÁUSeJA PpuaInia BJIsin eJoy") < 0.12
    assert ocr.language_score("Ss E o") is None  # too little to say


@needs_ocr
def test_an_image_of_a_list_pasted_into_a_text_page_is_read_too():
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((60, 70), "Informe de actividades del mes de noviembre.", fontsize=11)
    pasted = pymupdf.open(stream=_render_page_as_image(SCANNED_LINES[1:3]), filetype="pdf")
    image = pasted[0].get_images(full=True)[0][0]
    page.insert_image(pymupdf.Rect(40, 100, 572, 500),
                      stream=pasted.extract_image(image)["image"])
    result, _proposals = redact(doc.tobytes())
    assert result.report["pages_read_with_ocr"][0]["reasons"] == ["imagen"]
    seen = ocr_pages(result.pdf)[0]
    assert_no_digits_of(seen, "52.345.678")
    assert "informedeactividades" in fold(seen)


def _photo_with_metadata() -> bytes:
    image = Image.new("RGB", (320, 200), (90, 140, 60))
    exif = Image.Exif()
    exif[0x013B] = "Luz Dary Gomez Arango"  # Artist
    exif[0x010E] = "Foto de la casa de Wilmer Asprilla, cel 3104443322"  # ImageDescription
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"'
           b'><dc:creator>Luz Dary Gomez Arango</dc:creator></rdf:Description></rdf:RDF>'
           b'</x:xmpmeta>')
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=xmp, comment=b"tel 3104443322")
    return buffer.getvalue()


def test_photos_lose_exif_xmp_comments_and_their_original_file_name():
    photo = _photo_with_metadata()
    assert b"Exif" in photo and b"3104443322" in photo
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 60), "Registro fotográfico del recorrido", fontsize=12)
    page.insert_image(pymupdf.Rect(60, 80, 380, 280), stream=photo)
    with pikepdf.open(io.BytesIO(doc.tobytes())) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                obj["/PTEX.FileName"] = pikepdf.String("casa_wilmer_3104443322.jpg")
        buffer = io.BytesIO()
        pdf.save(buffer)
    result, _ = redact(buffer.getvalue())
    assert_gone(result.pdf, ["3104443322", "Luz Dary Gomez Arango", "casa_wilmer"])
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                  and o.get("/Subtype") == pikepdf.Name.Image]
        assert images, "the photo is still shown"
        for image in images:
            assert not any("PTEX" in key for key in image.keys())
            assert b"Exif" not in image.read_raw_bytes()
            assert b"xmpmeta" not in image.read_raw_bytes()


def test_the_gate_refuses_an_image_that_still_carries_metadata(monkeypatch):
    from redaction import pages

    monkeypatch.setattr(pages, "clean_all_images", lambda pdf: 0)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(60, 80, 380, 280), stream=_photo_with_metadata())
    with pytest.raises(VerificationFailed) as caught:
        redact(doc.tobytes())
    assert "metadatos_imagen" in {f.category for f in caught.value.findings}


@needs_ocr
def test_glyphs_stored_right_to_left_are_flagged_and_read_with_ocr():
    # "C.C. 79845123" drawn glyph by glyph from the right: MuPDF reads it backwards.
    text = "C.C. 79845123 de Bogota"
    widths = [pymupdf.get_text_length(ch, fontname="helv", fontsize=12) for ch in text]
    xs = [72 + sum(widths[:k]) for k in range(len(text))]
    ops = [f"BT /F1 12 Tf 1 0 0 1 {x:.2f} 700 Tm ({ch}) Tj ET"
           for x, ch in reversed(list(zip(xs, text)))]
    pdf = raw_pdf("\n".join(ops).encode())
    result, proposals = redact(pdf)
    assert "orden_invertido" in result.report["pages_read_with_ocr"][0]["reasons"]
    assert any(p.category == "cedula" for p in proposals)
    assert_no_digits_of(poppler_text(result.pdf), "79845123")
    assert_no_digits_of(ocr_pages(result.pdf)[0], "79845123")


def test_letter_spaced_identifiers_are_found_whole():
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 80), "Documento: C . C .  7 9 8 4 5 1 2 3  expedida en Cali", fontsize=11)
    page.insert_text((60, 100), "Teléfono: 3 1 0 5 5 5 1 2 3 4", fontsize=11)
    result, _ = redact(doc.tobytes())
    text = poppler_text(result.pdf)
    assert_no_digits_of(text.replace(" ", ""), "79845123")
    assert_no_digits_of(text.replace(" ", ""), "3105551234")
    assert "expedidaencali" in fold(text)


def test_the_gate_reads_removed_values_again_with_its_own_engine(monkeypatch):
    """A remover that misses one occurrence is caught even where no detector would fire."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((60, 80), "Asistió Zuleima Quintero Bedoya a la reunión.", fontsize=11)
    pdf = doc.tobytes()
    proposals = find_redactions(pdf, ["Zuleima Quintero Bedoya"])
    assert proposals
    # The remover finds the glyphs but MuPDF deletes nothing.
    monkeypatch.setattr(pymupdf.Page, "apply_redactions", lambda self, **kwargs: True)
    with pytest.raises(VerificationFailed) as caught:
        # No terms given to the gate: it still knows what was under the areas.
        apply_redactions(pdf, proposals)
    assert {"dato_eliminado"} <= {f.category for f in caught.value.findings}


def test_a_name_found_by_its_cue_is_withheld_wherever_else_it_appears():
    doc = pymupdf.open()
    page = doc.new_page()
    lines = ["El señor Ermenegildo Quiñimiz Tafurth manifestó que el parque está oscuro.",
             "La mesa acordó revisar el alumbrado con la empresa de energía.",
             "Más tarde QUIÑIMIZ TAFURTH, Ermenegildo pidió la palabra de nuevo.",
             "También Ermenegildo Quiñimiz Tafurth entregó la lista."]
    for k, line in enumerate(lines):
        page.insert_text((60, 72 + 18 * k), line, fontsize=11)
    result, proposals = redact(doc.tobytes())
    text = fold(poppler_text(result.pdf))
    for word in ("ermenegildo", "quinimiz", "tafurth"):
        assert word not in text
    assert "lamesaacordorevisarelalumbrado" in text
    reasons = {p.reason for p in proposals}
    assert "tras «señor»" in reasons
    assert "otra mención de un nombre detectado en el documento" in reasons


def _two_columns() -> bytes:
    """A newsletter in two columns: one text string per line, one font, so MuPDF's trace
    puts several lines in one span; an address wraps from one line onto the next."""
    doc = pymupdf.open()
    page = doc.new_page()
    left = ["El boletín informa a la comunidad sobre los", "avances del plan municipal."]
    right = ["Para inscripciones escriba o llame al", "despacho. La señora Natalia Cano Salazar",
             "recibirá los documentos en la Diagonal 55 # 34-12,",
             "interior 201. Los interesados deben llevar fotocopia",
             "de la cédula. La feria artesanal será el domingo."]
    for x, lines in ((50, left), (310, right)):
        for k, line in enumerate(lines):
            page.insert_text((x, 90 + 15.5 * k), line, fontsize=10.5)
    return doc.tobytes()


def test_a_value_wrapped_onto_the_next_line_takes_no_ordinary_word_with_it():
    result, proposals = redact(_two_columns())
    assert any(p.category == "direccion" for p in proposals)
    text = fold(poppler_text(result.pdf))
    for kept in ("recibiralosdocumentosenla", "losinteresadosdebenllevarfotocopia",
                 "delacedula"):
        assert kept in text
    assert "diagonal55" not in text and "interior201" not in text


def test_the_gate_refuses_an_output_that_lost_ordinary_words(monkeypatch):
    from redaction import pages

    real = pages.remove_areas

    def greedy(page, rects):  # a remover whose bands cover whole lines
        wide = [(0, r[1], page.rect.width, r[3]) for r in rects]
        real(page, wide)
        return [""] * len(rects)

    monkeypatch.setattr(pages, "remove_areas", greedy)
    with pytest.raises(VerificationFailed) as caught:
        redact(_two_columns())
    assert "texto_perdido" in {f.category for f in caught.value.findings}


def _chat_screenshot() -> bytes:
    """A phone's chat screenshot pasted into a PDF as a citizen sends it: the contact's name
    in large white letters on the title bar, no cue before it, messages in bubbles."""
    from PIL import ImageDraw, ImageFont

    fonts = "/usr/share/fonts/truetype/dejavu/"
    image = Image.new("RGB", (720, 1280), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 720, 110], fill=(7, 94, 84))
    draw.ellipse([20, 20, 90, 90], fill=(200, 200, 200))
    draw.text((110, 25), "Yuliana Patiño Ocampo",
              font=ImageFont.truetype(fonts + "DejaVuSans-Bold.ttf", 34), fill="white")
    draw.text((110, 68), "en línea", font=ImageFont.truetype(fonts + "DejaVuSans.ttf", 22),
              fill=(220, 240, 235))
    body = ImageFont.truetype(fonts + "DejaVuSans.ttf", 24)
    y = 150
    for text, mine in (("Buenas tardes, le escribo por lo del parque.", False),
                       ("Claro, cuénteme qué pasó anoche.", True),
                       ("Otra vez hubo riña cerca de la cancha.", False),
                       ("Mi número es 312 456 7890 por si acaso.", False)):
        width = draw.textlength(text, font=body)
        x = 720 - width - 40 if mine else 20
        draw.rounded_rectangle([x, y, x + width + 24, y + 56], 12,
                               fill=(220, 248, 198) if mine else "white")
        draw.text((x + 12, y + 14), text, font=body, fill="black")
        y += 80
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    doc = pymupdf.open()
    page = doc.new_page(width=360, height=640)
    page.insert_image(page.rect, stream=buffer.getvalue())
    return doc.tobytes()


@needs_ocr
def test_a_name_in_large_letters_on_a_chat_screenshot_is_read_and_removed():
    """At the resolution body text is read at, Tesseract finds no line in letters this
    large: the contact's name, with no cue before it, passed the finder and the gate."""
    result, proposals = redact(_chat_screenshot())
    names = [p for p in proposals if p.category == "nombre"]
    assert names and names[0].reason == "nombre y apellido conocidos"
    [seen] = ocr_pages(result.pdf)
    folded = fold(seen)
    assert "yuliana" not in folded and "patino" not in folded and "ocampo" not in folded
    assert_no_digits_of(seen, "312 456 7890")
    assert "cuentemequepasoanoche" in folded  # the conversation is still there
