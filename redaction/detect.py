"""Detectors for Colombian personal data, run on normalised text (see text.normalize).

Every pattern here works on the normal form: lower case, no accents, one space
for any run of whitespace. A detector returns the span of the value itself;
the cue that announced it ("C.C.", "Tel.", "placa") stays readable, because
the public version should still say *what* was withheld (Ley 1712 de 2014,
art. 21: withhold only the indispensable part).

Identifiers without a check digit (cédulas, old 7-digit landlines, plates)
are only taken with a cue: on their own they are indistinguishable from the
process codes, certificate numbers, years and amounts a public document is
full of, and those must survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum.co import nit as stdnum_nit

from .grounds import Category
from .text import Term


@dataclass(frozen=True, slots=True)
class Match:
    """A span [start, end) of the normalised text and what it is."""

    start: int
    end: int
    category: str
    legal_ground: str | None = None  # None: DEFAULT_GROUND of the category


# --- identity documents ---------------------------------------------------

# Cue tokens; the last one before the number decides cédula vs other document.
_OTHER_ID_CUE = (
    r"c\.? ?e|t\.? ?i|ppt|pep|pasaporte|nuip|cedula de extranjeria|tarjeta de identidad"
    r"|permiso (?:por|de) proteccion temporal|permiso especial de permanencia"
)
_CEDULA_CUE = (
    r"cedula(?: de ciudadania)?|c\.? ?c|documento de identi(?:dad|ficacion)"
    r"|doc\.? (?:de )?identidad|identificad[oa]s?(?: ?\(a\))? con"
)
_ANY_ID_CUE = rf"(?:{_OTHER_ID_CUE}|{_CEDULA_CUE})"
_NUMBER_WORD = r"(?:numero|nro|num|no|n)(?![a-z])"
_CUE_SEP = r"[ :.#°,-]"
# 1.023.456.789 / 79 845 123 / 79845123 / passports and PEP: letters + digits.
_ID_NUMBER = r"(?:\d{1,3}(?:[., ]\d{3}){1,4}|[a-z]{0,2}\d{6,15})"

# Possessive quantifiers: "no." can split as word+dot or word then separator,
# and without them a run of "no. no. no." backtracks exponentially.
_ID_RE = re.compile(
    rf"(?<!\w)(?P<cues>{_ANY_ID_CUE}(?![a-z])\.?"
    rf"(?:{_CUE_SEP}*+(?:{_ANY_ID_CUE}|{_NUMBER_WORD})(?![a-z])\.?+)*+)"
    rf"{_CUE_SEP}*"
    rf"(?P<num>{_ID_NUMBER})(?!\w|[.,]\d)"
)
_OTHER_CUE_RE = re.compile(rf"(?<!\w)(?:{_OTHER_ID_CUE})(?![a-z])")
_CEDULA_CUE_RE = re.compile(rf"(?<!\w)(?:{_CEDULA_CUE})(?![a-z])")


def _ids(text: str) -> Iterable[Match]:
    for m in _ID_RE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group("num"))
        cues = m.group("cues")
        last_other = max((c.end() for c in _OTHER_CUE_RE.finditer(cues)), default=-1)
        last_cedula = max((c.end() for c in _CEDULA_CUE_RE.finditer(cues)), default=-1)
        is_other = last_other > last_cedula
        # Cédulas have 6 to 10 digits; PEP numbers reach 15.
        if digits < 6 or (not is_other and digits > 10):
            continue
        if not is_other and not m.group("num")[0].isdigit():
            continue
        yield Match(m.start("num"), m.end("num"),
                    Category.OTHER_ID if is_other else Category.CEDULA)


# --- NIT ------------------------------------------------------------------

_NIT_CUE = rf"(?<!\w)n\.? ?i\.? ?t\.?(?![a-z]){_CUE_SEP}*+(?:{_NUMBER_WORD}\.?{_CUE_SEP}*+)?+"
_NIT_BODY = r"(?:\d{1,3}(?:[.,]\d{3}){1,3}|\d{6,10})"
_NIT_WITH_CUE = re.compile(rf"{_NIT_CUE}(?P<num>{_NIT_BODY}(?: ?- ?\d)?)(?!\w|[.,]\d)")
# Without a cue only the unmistakable shape 900.373.923-8 / 900373923-8.
_NIT_BARE = re.compile(r"(?<![\w.,-])(?P<num>\d{3}\.?\d{3}\.?\d{3} ?- ?\d)(?!\w|[.,-]\d)")


def _nits(text: str) -> Iterable[Match]:
    seen = set()
    for regex in (_NIT_WITH_CUE, _NIT_BARE):
        for m in regex.finditer(text):
            number = m.group("num")
            if m.start("num") in seen:
                continue
            # Ley 1581 and the DIAN both use the check digit: an invalid one is not a NIT.
            if stdnum_nit.is_valid(re.sub(r"\D", "", number)):
                seen.add(m.start("num"))
                yield Match(m.start("num"), m.end("num"), Category.NIT)


# --- phones ---------------------------------------------------------------

_PHONE_SEP = r"[ .-]{0,2}"
_COUNTRY = r"(?:(?:\+|00) ?57|\( ?\+? ?57 ?\))[ .-]?"
_TAIL = rf"{_PHONE_SEP}\d{{3}}{_PHONE_SEP}(?:\d{{4}}|\d{{2}}{_PHONE_SEP}\d{{2}})"
# Mobiles 3xx, landlines 60X since the 2021 numbering plan, and "(1) 345 6789" from before.
_PHONE_BODY = (
    rf"(?:{_COUNTRY})?(?:\(3\d{{2}}\)|3\d{{2}}|\(60[1-8]\)|60[1-8]){_TAIL}"
    rf"|\(\d\) ?\d{{3}}[ .-]?\d{{4}}"
)
_NOT_BEFORE = r"(?<![\w+])(?<!\d[.,/-])"
_NOT_AFTER = r"(?!\w|[.,-]?\d)"
_PHONE_RE = re.compile(rf"{_NOT_BEFORE}(?:{_PHONE_BODY}){_NOT_AFTER}")
# Older 7-digit numbers are ordinary-looking: only after a phone cue.
_SEVEN = r"\d{3}[ .-]?(?:\d{4}|\d{2}[ .-]?\d{2})"
_PHONE_CUE_RE = re.compile(
    rf"(?<!\w)(?:tel(?:efono)?s?(?: fijos?)?|fijos?|fax|pbx|conmutador|celular(?:es)?|cel|movil"
    rf"|whatsapp|contacto)(?![a-z])\.?{_CUE_SEP}*+(?:{_NUMBER_WORD}\.?{_CUE_SEP}*+)?+"
)
_LISTED_PHONE = re.compile(rf"{_NOT_BEFORE}(?:{_PHONE_BODY}|{_SEVEN}){_NOT_AFTER}")
_LIST_SEP = re.compile(r" ?(?:/|-|,|;|y|o) ?")


def _listed(text: str, cue_re: re.Pattern, item_re: re.Pattern, category: str) -> Iterable[Match]:
    """Items following a cue, including the rest of a list ("Tel. 345 6789 / 234 5678")."""
    for cue in cue_re.finditer(text):
        pos = cue.end()
        while True:
            item = item_re.match(text, pos)
            if not item:
                break
            yield Match(item.start(), item.end(), category)
            sep = _LIST_SEP.match(text, item.end())
            if not sep:
                break
            pos = sep.end()


def _phones(text: str) -> Iterable[Match]:
    for m in _PHONE_RE.finditer(text):
        yield Match(m.start(), m.end(), Category.PHONE)
    yield from _listed(text, _PHONE_CUE_RE, _LISTED_PHONE, Category.PHONE)


# --- e-mail ---------------------------------------------------------------

# A line break right after "@" is common in narrow table cells.
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[a-z0-9][a-z0-9._%+-]*@ ?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![a-z0-9-])"
)


def _emails(text: str) -> Iterable[Match]:
    for m in _EMAIL_RE.finditer(text):
        yield Match(m.start(), m.end(), Category.EMAIL)


# --- addresses (Colombian urban nomenclature) -------------------------------

_ROAD = (
    r"(?:av(?:enida)?\.? ?(?:calle|carrera|cra|kra|kr|cll|cl)|avenida|av|ak|ac|calle|cll|cl"
    r"|carrera|cra|kra|kr|cr|diagonal|diag|dg|transversal|transv|trans|tv|tr|circular|circ|cir|cq)"
)
_ROAD_NUMBER = r"\d{1,3}(?: ?[a-z](?![a-z]))?(?: ?bis)?(?: ?[a-z](?![a-z]))?"
_QUADRANT = r"(?: ?,? ?(?:sur|este|norte|oeste)(?![a-z]))?"
_HOUSE_MARK = r"(?:#|no\.?|n°|n\.|n|num\.?|numero|nro\.?)"
_DETAIL = (
    r"(?: ?,? ?(?:apartamento|apto|apt|ap|torre|to|bloque|blq|bl|interior|int|manzana|mz"
    r"|casa|cs|lote|lt|local|lc|oficina|of|piso|etapa)\.? ?(?:no\.? ?|n° ?|# ?)?"
    r"(?:\d[a-z0-9]{0,4}(?:-[a-z0-9]{1,4})?|[a-z](?![a-z]))(?![a-z0-9]))*+"
)
_ADDRESS_RE = re.compile(
    rf"(?<!\w){_ROAD}\.?(?![a-z]) ?{_ROAD_NUMBER}{_QUADRANT} ?,? ?(?:{_HOUSE_MARK}(?![a-z]) ?)?"
    rf"\d{{1,3}}(?: ?[a-z](?![a-z]))?(?: ?bis)? ?- ?\d{{1,3}}(?: ?[a-z](?![a-z0-9]))?(?!\d)"
    rf"{_QUADRANT}{_DETAIL}"
)


def _addresses(text: str) -> Iterable[Match]:
    for m in _ADDRESS_RE.finditer(text):
        end = m.end()
        # Trailing ", " swallowed by an optional separator is not part of the address.
        while end > m.start() and text[end - 1] in " ,":
            end -= 1
        yield Match(m.start(), end, Category.ADDRESS)


# --- vehicle plates -----------------------------------------------------------

_PLATE_CUE_RE = re.compile(
    rf"(?<!\w)placas?(?: (?:de|del) (?:vehiculo|carro|moto|motocicleta))?(?![a-z])"
    rf"{_CUE_SEP}*+(?:{_NUMBER_WORD}\.?{_CUE_SEP}*+)?+"
)
_PLATE_RE = re.compile(r"[a-z]{3}[ -]?(?:\d{3}|\d{2}[a-z])(?![a-z0-9])")


def _plates(text: str) -> Iterable[Match]:
    yield from _listed(text, _PLATE_CUE_RE, _PLATE_RE, Category.PLATE)


_DETECTORS = (_nits, _ids, _emails, _phones, _plates, _addresses)


def _dedupe(matches: list[Match]) -> list[Match]:
    """Drop matches contained in another (first detector wins on equal spans)."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if any(k.start <= m.start and m.end <= k.end for k in kept):
            continue
        kept.append(m)
    return kept


def detect(text: str) -> list[Match]:
    """Personal data found in normalised `text`, as non-nested spans in text order."""
    found: list[Match] = []
    for detector in _DETECTORS:
        found.extend(detector(text))
    return _dedupe(found)


def find_terms(text: str, terms: Iterable[Term]) -> list[Match]:
    """Occurrences of reviewer terms in normalised `text` (overlaps between terms kept)."""
    found = []
    for term in terms:
        for m in term.pattern.finditer(text):
            found.append(Match(m.start(), m.end(), Category.TERM, term.legal_ground))
    return found


def scan(text: str, terms: Iterable[Term] = ()) -> list[Match]:
    """Detectors and terms together: everything the pipeline removes from `text`."""
    return detect(text) + find_terms(text, terms)
