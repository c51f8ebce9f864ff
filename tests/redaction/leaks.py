"""Independent leak checks for redaction tests, and small PDF builders.

Every check reads the output with something other than PyMuPDF (which
wrote it): pdfminer.six and pypdf text, a pikepdf walk over every object and
decoded stream, and the raw bytes of the file. Comparisons ignore case,
accents and whitespace, as the pipeline promises.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pikepdf
import pymupdf
import pypdf
from pdfminer.high_level import extract_text as pdfminer_text


def fold(text: str) -> str:
    """Lower case, no accents, no whitespace: the strictest comparison form."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Cc", "Cf"))
    return re.sub(r"\s+", "", kept.casefold())


def alnum(text: str) -> str:
    """Only letters and digits: "1.023.456.789" and "1023456789" compare equal."""
    return re.sub(r"[\W_]+", "", fold(text))


def extracted_texts(pdf: bytes) -> dict[str, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        "pdfminer": pdfminer_text(io.BytesIO(pdf)),
        "pypdf": "\n".join(page.extract_text() for page in reader.pages),
    }


def _variants(data: bytes) -> list[str]:
    out = [data.decode("latin-1"), data.decode("utf-8", "replace"),
           data.decode("pdfdoc", "replace")]
    for offset in (0, 1):
        chunk = data[offset:]
        out.append(chunk[: len(chunk) // 2 * 2].decode("utf-16-be", "replace"))
    return out


def object_texts(pdf: bytes) -> list[str]:
    """Every string, name and decoded stream of the file, in several encodings."""
    texts: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        def visit(obj, depth=0):
            if isinstance(obj, pikepdf.String):
                texts.extend(_variants(bytes(obj)))
            elif isinstance(obj, pikepdf.Name):
                texts.append(str(obj))
            elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                if depth and obj.is_indirect:
                    return
                mapping = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
                for key, value in mapping.items():
                    texts.append(key)
                    visit(value, depth + 1)
            elif isinstance(obj, pikepdf.Array):
                if depth and obj.is_indirect:
                    return
                for value in obj:
                    visit(value, depth + 1)

        for obj in doc.objects:
            if obj is None:
                continue
            visit(obj)
            if isinstance(obj, pikepdf.Stream):
                try:
                    data = obj.read_bytes()
                except pikepdf.PdfError:
                    data = obj.read_raw_bytes()
                texts.extend(_variants(data))
        texts.extend(str(v) for v in doc.trailer.values() if isinstance(v, pikepdf.String))
    return texts


def assert_gone(pdf: bytes, planted: list[str]) -> None:
    """None of `planted` is left anywhere in `pdf`, in any form."""
    extracted = extracted_texts(pdf)
    for source, text in extracted.items():
        folded, letters = fold(text), alnum(text)
        for value in planted:
            assert fold(value) not in folded, f"{value!r} left in {source} text"
            assert alnum(value) not in letters, f"{value!r} left in {source} text (no punctuation)"
    objects = fold("\n".join(object_texts(pdf)))
    raw = fold("\n".join(_variants(pdf)))
    for value in planted:
        assert fold(value) not in objects, f"{value!r} left in a PDF object or stream"
        assert fold(value) not in raw, f"{value!r} left in the raw file bytes"


def assert_kept(pdf: bytes, words: list[str], readers=("pdfminer", "pypdf")) -> None:
    """Ordinary text survives: every word is still extractable by both readers."""
    for source, text in extracted_texts(pdf).items():
        if source not in readers:
            continue
        folded = fold(text)
        for word in words:
            assert fold(word) in folded, f"{word!r} missing from {source} text"


# --- builders --------------------------------------------------------------------------------


def raw_pdf(content: bytes, *, extra_resources: dict | None = None, size=(612, 792),
            compress: bool = True) -> bytes:
    """One-page PDF whose content stream is exactly `content`; font /F1 is Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding,
    ))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    for key, value in (extra_resources or {}).items():
        resources[key] = value(pdf) if callable(value) else value
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, *size], Contents=pdf.make_stream(content),
        Resources=resources,
    )))
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=compress)
    return buffer.getvalue()


def text_pdf(lines: list[str], *, fontsize: float = 11, leading: float = 16) -> bytes:
    """One page of plain lines (PyMuPDF writer; only used for inputs)."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72.0
    for line in lines:
        page.insert_text((72, y), line, fontsize=fontsize)
        y += leading
    return doc.tobytes()


# --- readers that share nothing with PyMuPDF -------------------------------------------------


def poppler_text(pdf: bytes) -> str:
    """pdftotext's reading of the whole file (poppler)."""
    import subprocess

    return subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8", "replace")


def ocr_pages(pdf: bytes, dpi: int = 300) -> list[str]:
    """Each page rendered by poppler (pdftoppm) and read by the tesseract command, in Spanish."""
    import pathlib
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        source = pathlib.Path(tmp, "doc.pdf")
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), f"{tmp}/p"], check=True)
        texts = []
        for image in sorted(pathlib.Path(tmp).glob("p*.png")):
            done = subprocess.run(["tesseract", str(image), "-", "-l", "spa"],
                                  capture_output=True, check=True)
            texts.append(done.stdout.decode("utf-8", "replace"))
        return texts


def digit_runs(text: str) -> list[str]:
    """Runs of digits with the separators people put between them (dots, spaces, dashes)."""
    return [re.sub(r"\D", "", m) for m in re.findall(r"\d(?:[ .,-]?\d)*", text)]


def assert_no_digits_of(text: str, value: str, window: int = 4) -> None:
    """No `window` consecutive digits of `value` are left in `text`."""
    digits = re.sub(r"\D", "", value)
    grams = {digits[k : k + window] for k in range(len(digits) - window + 1)}
    # Digits one per line (a box per digit) are one run for a reader.
    for run in digit_runs(re.sub(r"\s*\n\s*", "", text)):
        for k in range(len(run) - window + 1):
            assert run[k : k + window] not in grams, f"digits of {value!r} left: {run!r}"
