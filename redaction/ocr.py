"""Pages whose text layer cannot be trusted, and reading them with OCR (Tesseract, Spanish).

A scan has no text at all; a photo of a list pasted into a report has text
around it but not in it; text drawn as vector outlines, in a font without a
Unicode map or with its glyphs stored right to left reads wrong or not at
all. The detectors can only find what is read, so such pages are read again
from their rendered image, by the finder and by the verification gate.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile

import pymupdf

from .errors import UnreadableInput
from .pages import PageText, drawing_log, log_has_images, log_paths, read_page

# Share of a page's area an image must cover before the page is OCR-read: logos
# and stamps are small; a pasted list, a photo of a document or a scan is not.
_IMAGE_AREA_SHARE = 0.04
# Vector paths per extracted character above which text is probably drawn as outlines.
_PATHS_PER_CHAR = 2.0
OCR_DPI = 300

REASONS = {
    "solo_imagen": "página sin texto, solo imagen (escaneada)",
    "imagen": "imagen que puede contener texto",
    "contornos": "texto dibujado como contornos vectoriales",
    "sin_unicode": "tipografía sin correspondencia Unicode",
    "orden_invertido": "glifos guardados en orden inverso",
    "texto_disperso": "texto guardado carácter por carácter",
}


def untrusted_reasons(
    page: pymupdf.Page, content: PageText | None = None, *, order: bool = True,
    log: list | None = None, text: str | None = None,
) -> list[str]:
    """Why the text layer of a page may not show what a reader sees (empty: it can be trusted).

    Codes are the keys of REASONS. Such pages are OCR-read by the finder and by
    the gate. With `order=False` (the gate, on an output it wrote itself) the
    glyph order is not examined: pages whose original order was suspect are
    OCR-read there anyway. The answer for a document's page is kept, so the
    stages after the finder do not examine it again.
    """
    key = (getattr(page.parent, "convive_key", None), page.number, order)
    if key[0] is not None and key in _REASONS:
        return _REASONS[key]
    if order and content is None:
        content = read_page(page)
    reasons = _examine(page, content if order else None, log, text)
    if key[0] is not None:
        _REASONS[key] = reasons
        while len(_REASONS) > _REASONS_KEPT:
            _REASONS.pop(next(iter(_REASONS)))
    return reasons


def remember_reasons(doc: pymupdf.Document, number: int, reasons: list[str]) -> None:
    """Keep a page's reasons found in another process, for the stages after the finder here."""
    key = getattr(doc, "convive_key", None)
    if key is not None:
        _REASONS[(key, number, True)] = reasons


_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")
_REASONS: dict[tuple, list[str]] = {}
_REASONS_KEPT = 20_000


def _examine(page: pymupdf.Page, content: PageText | None, log: list | None,
             text: str | None) -> list[str]:
    reasons = []
    if text is None:
        text = content.text if content is not None else page.get_text("text")
    visible = len("".join(text.split()))
    page_area = abs(page.rect) or 1.0
    image_area = 0.0
    if log is None:
        log = drawing_log(page)
    if log_has_images(log):
        for info in page.get_image_info():
            bbox = pymupdf.Rect(info["bbox"]) & page.rect
            if not bbox.is_empty:
                image_area += abs(bbox)
    if image_area and not visible:
        reasons.append("solo_imagen")
    elif image_area >= page_area * _IMAGE_AREA_SHARE:
        reasons.append("imagen")
    limit = max(40, visible * _PATHS_PER_CHAR)
    # The log counts a filled and stroked path twice: only above the limit is the count exact.
    if log_paths(log) > limit and len(page.get_cdrawings()) > limit:
        reasons.append("contornos")
    if _UNMAPPED.search(text):
        reasons.append("sin_unicode")
    backwards, scattered = _glyph_order(content) if content is not None else (False, False)
    if backwards:
        reasons.append("orden_invertido")
    if scattered:
        reasons.append("texto_disperso")
    return reasons


def _glyph_order(content: PageText) -> tuple[bool, bool]:
    """(stored right to left, stored one character per line) for a page's text.

    Words should advance along their line; when many lines run backwards (or
    one-glyph "lines" on one baseline go back), an extractor that trusts the
    stored order reads words backwards. When most "lines" hold one glyph, each
    character was its own text object: spacing and order are guesses, and
    values break apart. Decided per line, not per glyph: it runs on every page.
    """
    backwards = forwards = 0
    lines = single = 0
    previous = None
    for first, last, length in content.lines():
        lines += 1
        single += length == 1
        (fx, fy), (dx, dy) = first
        (lx, ly), _ = last
        start, across = fx * dx + fy * dy, fy * dx - fx * dy
        end = lx * dx + ly * dy
        if length > 1:
            if end < start - 0.5:
                backwards += length - 1
            elif end > start + 0.5:
                forwards += length - 1
        if previous is not None and abs(across - previous[1]) < 1.0:
            if start < previous[0] - 0.5:
                backwards += 1
            elif start > previous[0] + 0.5:
                forwards += 1
        previous = (end, across)
    return (backwards >= 4 and backwards > forwards * 0.2,
            single >= 8 and single > lines * 0.3)


@functools.cache
def tessdata_path() -> str | None:
    """Tesseract's language folder if it holds Spanish data; looked up once per process."""
    try:
        folder = pymupdf.get_tessdata()
    except Exception:  # noqa: BLE001 - no Tesseract at all
        return None
    return folder if os.path.exists(os.path.join(folder, "spa.traineddata")) else None


def ocr_textpage(page: pymupdf.Page) -> pymupdf.TextPage:
    """Tesseract's reading of the rendered page, as a text page with glyph boxes.

    Raises UnreadableInput when Tesseract or its Spanish data is missing: a
    page that needs OCR must not pass as if it had been read.
    """
    return _ocr_textpage_and_turn(page)[0]


def _ocr_textpage_and_turn(page: pymupdf.Page) -> tuple[pymupdf.TextPage, int]:
    """ocr_textpage(), and the degrees the page was turned to read it."""
    tessdata = tessdata_path()
    if not tessdata:
        raise UnreadableInput(
            "Este documento tiene páginas que solo se pueden leer con OCR, y Tesseract con "
            "el idioma español (tesseract-ocr-spa) no está instalado en el servidor."
        )
    textpage = page.get_textpage_ocr(language="spa", dpi=OCR_DPI, full=True, tessdata=tessdata)
    score = language_score(page.get_text("text", textpage=textpage))
    if score is None or score >= _UPRIGHT_SCORE:
        return textpage, 0
    # Too few Spanish words for a page that holds text: perhaps scanned sideways or upside
    # down, which Tesseract reads as noise and no detector can find anything in. Turn
    # the page as its script detection says and read it again. Positions still come back
    # in the page's own coordinates, so the boxes land on the right glyphs.
    turn = _script_rotation(page)
    if not turn:
        return textpage, 0
    turned = _ocr_turned(page, turn, OCR_DPI)
    turned_score = language_score(page.get_text("text", textpage=turned))
    return (turned, turn) if turned_score is not None and turned_score > score else (textpage, 0)


def _ocr_turned(page: pymupdf.Page, turn: int, dpi: int) -> pymupdf.TextPage:
    """OCR of the page shown turned by ``turn`` degrees; positions in its own coordinates."""
    if not turn:
        return page.get_textpage_ocr(language="spa", dpi=dpi, full=True,
                                     tessdata=tessdata_path())
    original = page.rotation
    page.set_rotation((original + turn) % 360)
    try:
        return page.get_textpage_ocr(language="spa", dpi=dpi, full=True,
                                     tessdata=tessdata_path())
    finally:
        page.set_rotation(original)


# Spanish function words: about a third of the words of any running text, almost
# none of what OCR makes of a page read sideways ("eisia ensnu eun oplode").
_FUNCTION_WORDS = frozenset(
    "de la que el en los del se las por un para con no una su al lo como mas pero sus "
    "le ya fue este ha si porque esta entre cuando muy sin sobre tambien me hasta hay "
    "donde quien desde todo nos durante todos uno les ni contra otros ese eso ante esto "
    "antes unos otro otras otra tanto esa estos quienes nada cual poco ella estas algunas "
    "algo sr sra senor senora calle carrera no cc".split()
)
_WORD_TOKEN = re.compile(r"[^\W\d_]+")
# Below this, script detection is asked which way is up. Running text scores about 0.3;
# forms and tables less, which costs them one detection, not a wrong reading: the turned
# reading is kept only if it scores higher.
_UPRIGHT_SCORE = 0.2
_MIN_WORDS = 8


def language_score(text: str) -> float | None:
    """Share of function words among a reading's words; None when there are too few to say."""
    from .text import normalize

    words = _WORD_TOKEN.findall(normalize(text))
    if len(words) < _MIN_WORDS:
        return None
    # Single letters count among the words, not as hits: noise is mostly single letters.
    return sum(len(w) > 1 and w in _FUNCTION_WORDS for w in words) / len(words)


def _script_rotation(page: pymupdf.Page) -> int:
    """Degrees to turn the page so its text is upright, by Tesseract's script detection."""
    binary = shutil.which("tesseract")
    if binary is None:
        return 0
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(page.get_pixmap(dpi=OCR_DPI, colorspace=pymupdf.csGRAY).tobytes("png"))
        image.flush()
        try:
            done = subprocess.run([binary, image.name, "-", "--psm", "0"], capture_output=True,
                                  text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return 0
    match = re.search(r"^Rotate: (\d+)", done.stdout, re.MULTILINE)
    return int(match.group(1)) % 360 if match else 0


# What Tesseract makes of the marks personal data depends on, corrected in place
# (same length, so every character keeps its glyph box): "#" read as "++" or "H"
# between two address numbers, "@" read as "4", "©" or "0 " before a mail domain.
_OCR_FIXES = (
    (re.compile(r"(?<=\d )(?:\+\+|\+|H|\$|%)(?= ?\d)"),
     lambda m: "#" + " " * (len(m.group()) - 1)),
    (re.compile(r"(?<=[\w.])(?:[46©®+]|0 ?|[oO] ?)(?=(?:gmail|hotmail|yahoo|outlook|live|icloud|une"
                r"|msn|[a-z0-9-]+\.gov|[a-z0-9-]+\.edu)\.)", re.IGNORECASE),
     lambda m: "@" + " " * (len(m.group()) - 1)),
    # Worse readings before a mail provider's name ("palaciosQ+-gmail.com"): up to three
    # stray characters. Only before these names: "www.cali.gov.co" is no address.
    (re.compile(r"(?<=[\w.])[^\s@]{1,3}?(?=(?:gmail|hotmail|yahoo|outlook|icloud)\.[a-z])",
                re.IGNORECASE),
     lambda m: "@" + " " * (len(m.group()) - 1)),
    # "Calle 45 4 12-30", "Calle 45 +t 12-30": "#" read as one or two other characters
    # between a road number and a house number.
    (re.compile(r"(?<![^\W\d_])((?:calle|cll|cl|carrera|cra|kra|kr|avenida|av|diagonal|dg"
                r"|transversal|tv)\.? ?\d{1,3}[a-z]? )(?!#|no\b|n[°º.])(\S{1,2})"
                r"(?= \d{1,3} ?- ?\d)", re.IGNORECASE),
     lambda m: m.group(1) + "#" + " " * (len(m.group(2)) - 1)),
)


# Spaces OCR puts inside e-mails and dotted numbers ("marleny .palacios@", "52. 345"):
# the finder also reads the page with them removed.
_STRAY_SPACE = re.compile(r"(?<=\w) (?=[.@]\w)|(?<=\w[.@]) (?=\w)")


def fix_ocr(text: str) -> str:
    """Undo the usual OCR misreadings of "#" and "@"; the result has the same length."""
    for regex, replace in _OCR_FIXES:
        text = regex.sub(replace, text)
    return text


_CACHE: dict[tuple, PageText] = {}
_CACHE_PAGES = 64


def ocr_reading(page: pymupdf.Page) -> PageText:
    """What Tesseract reads on a page, kept for the next stage on the same document.

    Finding and applying both need the OCR text of the same pages (apply reads
    the values under each area, for the gate); OCR is the slow step, so its
    result is kept for a few pages, keyed by the document's content and page.
    """
    key = _reading_key(page)
    cached = _CACHE.get(key)
    if cached is None:
        textpage, turn = _ocr_textpage_and_turn(page)
        reading = read_page(page, textpage=textpage)
        large = _large_text_reading(page, reading, turn)
        if large is not None:
            reading = reading.followed_by(large)
        text = fix_ocr(reading.text)
        cached = reading.corrected(text, (m.start() for m in _STRAY_SPACE.finditer(text)))
        _CACHE[key] = cached
        while len(_CACHE) > _CACHE_PAGES:
            _CACHE.pop(next(iter(_CACHE)))
    return cached


# Tesseract finds no line in letters much taller than body text at OCR_DPI (a chat's
# title bar, a banner, a scanned heading: 60 px and more); at half the resolution it
# reads them. What it reads there on lines the full reading has not covered is added.
_LARGE_TEXT_DPI = OCR_DPI // 2


def _large_text_reading(page: pymupdf.Page, reading: PageText, turn: int) -> PageText | None:
    """Lines read at _LARGE_TEXT_DPI (the page turned as for the full reading) where the
    full reading found nothing, or None."""
    textpage = _ocr_turned(page, turn, _LARGE_TEXT_DPI)
    covered = [pymupdf.Rect(box) for box in reading.line_rects()]

    def uncovered(bbox) -> bool:
        box = pymupdf.Rect(bbox)
        centre = (box.tl + box.br) * 0.5
        return not any(centre in rect for rect in covered)

    extra = read_page(page, textpage=textpage, keep_line=uncovered)
    return extra if extra.text.strip() else None


def kept_reading(page: pymupdf.Page) -> PageText | None:
    """The OCR reading of a page kept by ocr_reading(), if any (nothing is read here)."""
    return _CACHE.get(_reading_key(page))


def remember_reading(doc: pymupdf.Document, number: int, reading: PageText | None) -> None:
    """Keep an OCR reading made in another process, so this one need not read the page again."""
    if reading is not None:
        _CACHE[(getattr(doc, "convive_key", None) or id(doc), number)] = reading
        while len(_CACHE) > _CACHE_PAGES:
            _CACHE.pop(next(iter(_CACHE)))


def _reading_key(page: pymupdf.Page) -> tuple:
    return (getattr(page.parent, "convive_key", None) or id(page.parent), page.number)


def ocr_text(page: pymupdf.Page) -> str:
    """Plain OCR text of a page (the gate's reading; no cache, outputs are read once)."""
    return fix_ocr(page.get_text("text", textpage=ocr_textpage(page)))
