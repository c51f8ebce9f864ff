"""Attachments are checked in depth, not by their first bytes (finding 11): polyglots, PDFs
that run code or carry files, DOCX zip bombs and macros, images past the pixel cap; the
redaction pipeline's DOCX conversion is bounded before anything inflates."""

import io
import time
import warnings
import zipfile

import docx
import pikepdf
import pymupdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citizens.models import Petition
from citizens.validators import DOCX, JPEG, PDF, PNG, validate_attachment
from redaction.archives import ArchiveTooLarge
from redaction.errors import UnreadableInput
from redaction.pipeline import to_pdf
from tests.citizens.conftest import FORM_URL, petition_data, real_pdf


def upload(data: bytes, name="anexo.bin"):
    return SimpleUploadedFile(name, data)


def refused(data, name="anexo.bin"):
    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload(data, name), max_mb=10)
    return " ".join(caught.value.messages)


def word_document(paragraphs=3) -> bytes:
    document = docx.Document()
    for number in range(paragraphs):
        document.add_paragraph(f"Párrafo {number} del acta de la reunión comunitaria.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(name, content)
    return buffer.getvalue()


def png(width, height, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


# --- What must still be accepted --------------------------------------------------


def test_ordinary_files_are_accepted():
    assert validate_attachment(upload(real_pdf()), max_mb=10) == PDF
    assert validate_attachment(upload(png(2480, 3508)), max_mb=10) == PNG  # A4 at 300 dpi
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(buffer, "JPEG")  # a 12 MP phone photo
    assert validate_attachment(upload(buffer.getvalue()), max_mb=10) == JPEG
    assert validate_attachment(upload(word_document(200)), max_mb=10) == DOCX


def test_a_pdf_that_opens_at_a_page_is_fine():
    with pikepdf.open(io.BytesIO(real_pdf())) as pdf:
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
        buffer = io.BytesIO()
        pdf.save(buffer)
    assert validate_attachment(upload(buffer.getvalue()), max_mb=10) == PDF


# --- What is refused -----------------------------------------------------------------


def test_a_pdf_html_polyglot_is_refused():
    data = real_pdf() + b"%<html><body><script>fetch('/admin/')</script></body></html>\n"
    assert "código de página web" in refused(data, "acta.pdf")
    image = png(10, 10) + b"<SCRIPT src=//x.example/a.js></SCRIPT>"
    assert "código de página web" in refused(image, "foto.png")


def pdf_with(setup) -> bytes:
    with pikepdf.open(io.BytesIO(real_pdf())) as pdf:
        setup(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def nested_actions(depth):
    """A harmless GoTo whose /Next chain, written inline, ends in JavaScript ``depth``
    dictionaries down: deeper than any walk with a fixed depth limit looks."""
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    for _ in range(depth):
        action = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([0]), Next=action)
    return action


@pytest.mark.parametrize("setup", [
    lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))),
    lambda pdf: setattr(pdf.Root, "OpenAction", pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))),
    lambda pdf: setattr(pdf.Root, "Names", pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("a"), pdf.make_indirect(pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()")))])))),
    lambda pdf: setattr(pdf.pages[0].obj, "AA", pikepdf.Dictionary(O=pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("1")))),
    lambda pdf: setattr(pdf.Root, "AcroForm", pikepdf.Dictionary(
        Fields=pikepdf.Array(), XFA=pikepdf.Array())),
    lambda pdf: setattr(pdf.Root, "OpenAction", nested_actions(40)),
], ids=["openaction-js", "launch", "names-js", "page-aa", "xfa", "js-40-actions-deep"])
def test_pdfs_that_run_code_are_refused(setup):
    assert "JavaScript, acciones automáticas o archivos incrustados" in refused(
        pdf_with(setup), "formulario.pdf")


def test_a_pdf_with_an_embedded_file_is_refused():
    document = pymupdf.open(stream=real_pdf())
    document.embfile_add("factura.exe", b"MZ\x90\x00" + b"\x00" * 100)
    data = document.tobytes()
    document.close()
    assert "archivos incrustados" in refused(data, "acta.pdf")


def test_a_password_protected_pdf_is_refused_with_a_clear_message():
    with pikepdf.open(io.BytesIO(real_pdf())) as pdf:
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(user="clave", owner="dueño"))
    assert "contraseña" in refused(buffer.getvalue(), "protegido.pdf")


def test_a_144_megapixel_png_is_refused_before_decoding():
    data = png(12000, 12000, mode="1")
    started = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        message = refused(data, "plano.png")
    assert "144 megapíxeles" in message and "máximo es 40" in message
    assert time.monotonic() - started < 2


def test_a_docx_that_inflates_to_gigabytes_is_refused_without_inflating_it():
    # About 2 MB on disk, 2 GiB inflated: a zip bomb dressed as a Word document.
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_document())) as source, zipfile.ZipFile(
            bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (64 * 1024 * 1024)
            for _ in range(32):
                member.write(chunk)
    data = bomb.getvalue()
    assert len(data) < 3 * 1024 * 1024
    started = time.monotonic()
    assert "demasiado al descomprimirlo" in refused(data, "acta.docx")
    with pytest.raises(ArchiveTooLarge):
        to_pdf(data)  # the redaction pipeline refuses it too, before python-docx reads it
    assert time.monotonic() - started < 5


def test_a_docx_whose_member_lies_about_its_size_never_inflates_past_it():
    data = with_member(word_document(), "word/media/relleno.bin", b"\x00" * (30 * 1024 * 1024))
    # The central directory declares the 30 MB member as 100 bytes: reading stops there
    # and the checksum gives the lie away.
    name = b"word/media/relleno.bin"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    patched = bytearray(data)
    patched[central + 24:central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(UnreadableInput, match="dañado"):
        to_pdf(bytes(patched))


def test_a_docx_with_macros_or_embedded_objects_is_refused():
    for part in ("word/vbaProject.bin", "word/embeddings/oleObject1.bin", "word/activeX/x.xml"):
        assert "macros, controles ActiveX u objetos incrustados" in refused(
            with_member(word_document(), part, b"\x00" * 64), "acta.docx"), part


@pytest.mark.django_db
def test_the_portal_form_refuses_a_polyglot_in_spanish_and_files_nothing(client, demo, settings):
    settings.PQRSD_RATE_PER_HOUR = 1000
    before = Petition.objects.count()
    polyglot = SimpleUploadedFile("acta.pdf", real_pdf() + b"<html><script>x</script></html>")
    response = client.post(FORM_URL, {**petition_data(), "attachments": [polyglot]})
    assert response.status_code == 400
    assert "código de página web" in response.content.decode()
    assert Petition.objects.count() == before
