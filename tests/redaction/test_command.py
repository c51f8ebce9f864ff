"""`manage.py redact`: terms, report, labels, the verification gate and bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from django.core.management import CommandError, call_command

from redaction import pipeline
from tests.redaction.leaks import assert_gone, assert_kept, extracted_texts, fold, text_pdf

ROOT = Path(__file__).resolve().parents[2]

DETECTABLE = [
    "Asistente identificado con C.C. 1.023.456.789 expedida en Bogotá.",
    "También CC 79845123 y la señora identificada con cédula 52.345.678.",
    "El proveedor con NIT 900.373.923-8 firmó el contrato.",
    "Celular +57 300 123 4567 y fijo (601) 345 6789 para citas.",
    "Correo marta.restrepo@example.org como contacto.",
    "Vive en la Cl. 45 # 12-34 Sur Apto 301 del barrio.",
    "Otra sede en Carrera 7 No. 32-16 y en Kr 15 #80-21 Torre 2 al norte.",
    "Vehículo de placas ABC123 estacionado.",
]
SURVIVORS = [
    "Proceso MM-GSC-P-003 y certificado CTS-2026-0001 del 2026-11-23.",
    "Según el Decreto 1081 de 2015 y la Ley 1755 de 2015, año 2026.",
    "NIT 900.373.923-5 no válido, página 3 de 12.",
]


def test_every_detector_category_is_removed_and_codes_dates_and_laws_survive(redact):
    run = redact(text_pdf(DETECTABLE + SURVIVORS, fontsize=10))
    assert_gone(run.pdf, ["1.023.456.789", "79845123", "52.345.678", "900.373.923-8",
                          "300 123 4567", "345 6789", "marta.restrepo@example.org",
                          "45 # 12-34", "32-16", "80-21", "ABC123"])
    assert_kept(run.pdf, SURVIVORS + ["identificado con C.C.", "expedida en Bogotá",
                                      "Vehículo de placas", "estacionado", "Celular", "Correo"])
    categories = {r["category"] for r in run.report["redactions"]}
    assert categories == {"cedula", "nit", "telefono", "correo", "direccion", "placa"}


def test_terms_match_regardless_of_case_accents_and_line_breaks(redact):
    source = text_pdf([
        "En la sesión intervino la lideresa MARIA JOSE",
        "perez galindo, quien pidió reserva.",
        "Testigo protegido: Ramiro Antonio Pulido.",
    ])
    terms = ["# personas a proteger", "", "María José Pérez Galindo",
             "ramiro antonio pulido\tvida_seguridad"]
    run = redact(source, terms=terms)
    assert_gone(run.pdf, ["MARIA JOSE", "perez galindo", "Ramiro Antonio Pulido", "Ramiro"])
    assert_kept(run.pdf, ["En la sesión intervino la lideresa", "quien pidió reserva",
                          "Testigo protegido", "Ley 1712/2014 art. 18 lit. b"])
    grounds = sorted((r["category"], r["legal_ground"]) for r in run.report["redactions"])
    assert grounds == [("termino", "datos_personales"), ("termino", "datos_personales"),
                       ("termino", "vida_seguridad")]  # the split name is two boxes


def test_report_has_pages_areas_and_counts_but_never_the_removed_text(redact):
    run = redact(text_pdf(["Contacto 310 555 0101 del enlace Zuleima Quintero."]),
                 terms=["Zuleima Quintero"])
    report = run.report
    assert report["source_pages"] == 1
    assert report["coordinates"]["origin"] == "top-left"
    assert report["verification"]["passed"] is True
    assert report["verification"]["pages_checked"] == 1
    for item in report["redactions"]:
        assert set(item) == {"page", "rect", "category", "legal_ground", "legal_ground_label"}
        assert item["page"] == 1 and len(item["rect"]) == 4
    raw = fold(run.report_path.read_text(encoding="utf-8"))
    for value in ("310 555 0101", "3105550101", "Zuleima", "Quintero"):
        assert fold(value) not in raw


def test_label_is_extractable_and_text_around_a_box_survives(redact):
    run = redact(text_pdf(["Antes del dato, correo zuleima@example.org, después del dato."]))
    texts = extracted_texts(run.pdf)
    for source, text in texts.items():
        assert "Ley 1581/2012" in text, source
    assert_kept(run.pdf, ["Antes del dato, correo", ", después del dato."])


def test_text_after_a_removal_keeps_its_position(tmp_path):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def x_of(pdf: bytes, needle: str) -> float:
        chars = [c for page in extract_pages(__import__("io").BytesIO(pdf))
                 for box in page for line in getattr(box, "_objs", []) for c in
                 getattr(line, "_objs", []) if isinstance(c, LTChar)]
        text = "".join(c.get_text() for c in chars)
        return chars[text.index(needle)].x0

    source = text_pdf(["Asistió Zuleima Quintero Bedoya, celular 300 123 4567, a la mesa."])
    result, _ = pipeline.redact(source, ["Zuleima Quintero Bedoya"])
    for needle in (", celular", "a la mesa"):
        assert abs(x_of(result.pdf, needle) - x_of(source, needle)) < 0.05


def test_gate_failure_deletes_output_exits_1_and_names_category_and_page_only(
        tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "_remove_page_content", lambda page, rects: None)
    source = tmp_path / "acta.pdf"
    source.write_bytes(text_pdf(["Portada del informe."]))
    doc = pymupdf.open(source)
    doc.new_page().insert_text((72, 72), "Contacto 300 123 4567.", fontsize=11)
    doc.saveIncr()
    output = tmp_path / "salida.pdf"
    output.write_bytes(b"stale output of an earlier run")
    report = tmp_path / "informe.json"
    with pytest.raises(CommandError) as error:
        call_command("redact", str(source), str(output), "--report", str(report))
    message = str(error.value)
    assert error.value.returncode == 1
    assert "Verificación fallida" in message and "telefono en la página 2" in message
    assert "300" not in message and "4567" not in message
    assert not output.exists()
    failed = json.loads(report.read_text(encoding="utf-8"))
    assert failed["verification"]["passed"] is False
    assert {"category": "telefono", "page": 2} in failed["verification"]["failures"]
    assert "4567" not in report.read_text(encoding="utf-8")


def test_a_file_whose_pages_hang_is_cancelled_at_the_time_limit_with_exit_3(
        tmp_path, monkeypatch, settings):
    """Run unattended, a file that makes the page work loop ends the command with a reason
    (the worker's limit) instead of holding it for good; no output is left."""
    import time

    from tests.redaction.test_parallel import _settle_threads

    _settle_threads()  # the limit works in children: no other thread may be running
    settings.REDACTION_SECONDS_PER_PAGE, settings.REDACTION_MIN_SECONDS = 0.01, 2

    def hangs(shared, pages):
        time.sleep(600)  # as MuPDF looping on a damaged page would

    monkeypatch.setattr(pipeline, "_find_pages", hangs)
    source = tmp_path / "acta.pdf"
    source.write_bytes(text_pdf(["Contacto 300 123 4567."]))
    output = tmp_path / "salida.pdf"
    output.write_bytes(b"stale output of an earlier run")
    started = time.monotonic()
    with pytest.raises(CommandError, match="tardó más de 2 segundos y se canceló") as error:
        call_command("redact", str(source), str(output))
    assert time.monotonic() - started < 60
    assert error.value.returncode == 3
    assert not output.exists()


def _encrypted() -> bytes:
    doc = pymupdf.open(stream=text_pdf(["Documento reservado."]))
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="clave", owner_pw="dueño")


BAD_INPUTS = [
    ("corrupt", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF", "dañado"),
    ("truncated", text_pdf(["Texto"])[:300], "dañado"),
    ("encrypted", _encrypted(), "cifrado"),
    ("text", "Nombre;Cédula\nJuan;79845123\n".encode(), "Formato no admitido"),
    ("old_office", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Office 97-2003"),
    ("zip", b"PK\x03\x04" + b"\x00" * 64, "Formato no admitido"),
    ("empty", b"", "vacío"),
]


@pytest.mark.parametrize("name,data,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_a_spanish_error_exit_2_and_no_output(tmp_path, name, data, message):
    source = tmp_path / "entrada.pdf"
    source.write_bytes(data)
    output = tmp_path / "salida.pdf"
    with pytest.raises(CommandError, match=message) as error:
        call_command("redact", str(source), str(output))
    assert error.value.returncode == 2
    assert not output.exists()


def test_missing_input_and_missing_terms_file_are_reported_in_spanish(tmp_path):
    with pytest.raises(CommandError, match="No existe el archivo de entrada") as error:
        call_command("redact", str(tmp_path / "nada.pdf"), str(tmp_path / "salida.pdf"))
    assert error.value.returncode == 2
    source = tmp_path / "entrada.pdf"
    source.write_bytes(text_pdf(["Texto"]))
    with pytest.raises(CommandError, match="No existe el archivo de términos"):
        call_command("redact", str(source), str(tmp_path / "salida.pdf"),
                     "--terms-file", str(tmp_path / "terminos.txt"))
    assert not (tmp_path / "salida.pdf").exists()


def test_exit_codes_from_the_command_line(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "convive.test_settings"}
    good = tmp_path / "bueno.pdf"
    good.write_bytes(text_pdf(["Contacto 300 123 4567."]))
    bad = tmp_path / "malo.pdf"
    bad.write_bytes(b"no es un pdf")
    manage = [sys.executable, str(ROOT / "manage.py"), "redact"]

    ok = subprocess.run([*manage, str(good), str(tmp_path / "ok.pdf")], env=env,
                        capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "Verificación superada" in ok.stdout
    with pikepdf.open(tmp_path / "ok.pdf") as out:
        assert len(out.pages) == 1

    failed = subprocess.run([*manage, str(bad), str(tmp_path / "no.pdf")], env=env,
                            capture_output=True, text=True, cwd=ROOT)
    assert failed.returncode == 2
    assert "Formato no admitido" in failed.stderr
    assert not (tmp_path / "no.pdf").exists()


def test_image_only_pages_are_flagged_for_manual_review(tmp_path):
    import io

    doc = pymupdf.open()
    page = doc.new_page()
    scan = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 100, 140), False)
    scan.set_rect(scan.irect, (235,))
    page.insert_image(page.rect, pixmap=scan)
    doc.new_page().insert_text((72, 72), "Segunda página con texto.")
    source = tmp_path / "escaneo.pdf"
    source.write_bytes(doc.tobytes())
    report = tmp_path / "informe.json"
    stderr = io.StringIO()
    call_command("redact", str(source), str(tmp_path / "salida.pdf"), "--report", str(report),
                 stdout=io.StringIO(), stderr=stderr)
    assert json.loads(report.read_text(encoding="utf-8"))["pages_without_text"] == [1]
    assert "la página 1 se leyó con OCR (página sin texto, solo imagen" in stderr.getvalue()
