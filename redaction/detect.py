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
from .text import Term, TermMatcher


@dataclass(frozen=True, slots=True)
class Match:
    """A span [start, end) of the normalised text and what it is."""

    start: int
    end: int
    category: str
    legal_ground: str | None = None  # None: DEFAULT_GROUND of the category
    reason: str = ""  # for the reviewer, when the category alone does not say why


# --- identity documents ---------------------------------------------------

# Cue tokens; the last one before the number decides cédula vs other document.
_OTHER_ID_CUE = (
    r"c\.? ?e|t\.? ?i|ppt|pep|pasaporte|nuip|cedula de extranjeria|tarjeta de identidad"
    r"|permiso (?:por|de) proteccion temporal|permiso especial de permanencia"
    r"|t\.? ?p|tarjeta profesional"
    # Venezuelan cédula de identidad ("C.I. V-20.118.645"), a child's birth registration.
    r"|c\.? ?i|cedula de identidad|registro civil(?: de nacimiento)?"
)
_CEDULA_CUE = (
    r"cedula(?: de ciudadania)?|c\.? ?c|documento de identi(?:dad|ficacion)"
    r"|(?:numero|no\.?|nro\.?|n°) (?:de )?documento"
    # A form row "Documento | número" or "Documento: 1.020.304.050". The number must still be
    # shaped like a cédula (6 to 10 digits): "documento 1081 de 2015", "documento CONPES 3975"
    # and radicados of 11 or more digits are not taken.
    r"|documento"
    r"|doc\.? (?:de )?identidad|identificad[oa]s?(?: ?\(a\))? con"
)
_ANY_ID_CUE = rf"(?:{_OTHER_ID_CUE}|{_CEDULA_CUE})"
_NUMBER_WORD = r"(?:numero|nro|num|no|n)(?![a-z])"
_CUE_SEP = r"[ :.#°,-]"
# 1.023.456.789 / 1'023.456.789 (apostrophe for millions) / 79 845 123 / 79845123 /
# passports and PEP: letters + digits.
_ID_NUMBER = r"(?:(?:[ve] ?- ?)?\d{1,3}(?:[.,'’ ]\d{3}){1,4}|[a-z]{0,2}\d{6,15})"
# Words people put between a cue and its number: "pasaporte venezolano No.", "mi cédula
# es", "C.C. enlace". Two at most, letters only, and never a number word or another cue.
_FILLER = r"(?: (?!(?:numero|nro|num|no|n|de)(?![a-z]))[a-z]{2,12}(?![a-z0-9])){0,2}+"

# Possessive quantifiers: "no." can split as word+dot or word then separator,
# and without them a run of "no. no. no." backtracks exponentially.
_ID_RE = re.compile(
    rf"(?<!\w)(?P<cues>{_ANY_ID_CUE}(?![a-z])\.?"
    rf"(?:{_CUE_SEP}*+(?:{_ANY_ID_CUE}|{_NUMBER_WORD})(?![a-z])\.?+)*+)"
    rf"{_FILLER}(?:{_CUE_SEP}*+{_NUMBER_WORD}\.?+)?+"
    # "Número de documento (un dígito por casilla): 70123456"
    rf"(?: ?\([^()]{{0,40}}\))?"
    rf"{_CUE_SEP}*"
    rf"(?P<num>{_ID_NUMBER})(?!\w|[.,]\d)"
)
_OTHER_CUE_RE = re.compile(rf"(?<!\w)(?:{_OTHER_ID_CUE})(?![a-z])")
_CEDULA_CUE_RE = re.compile(rf"(?<!\w)(?:{_CEDULA_CUE})(?![a-z])")


def _ids(text: str) -> Iterable[Match]:
    for m in _ID_RE.finditer(text):
        number = m.group("num")
        digits = sum(ch.isdigit() for ch in number)
        # "C.C. 80.112.334 300 123 4567" (a table row read as one line): the number
        # swallowed the next cell's digits; a space is the weakest separator, cut there.
        while digits > 10 and " " in number:
            number = number.rsplit(" ", 1)[0]
            digits = sum(ch.isdigit() for ch in number)
        end = m.start("num") + len(number)
        cues = m.group("cues")
        last_other = max((c.end() for c in _OTHER_CUE_RE.finditer(cues)), default=-1)
        last_cedula = max((c.end() for c in _CEDULA_CUE_RE.finditer(cues)), default=-1)
        is_other = last_other > last_cedula
        # Cédulas have 6 to 10 digits; PEP numbers reach 15.
        if digits < 6 or (not is_other and digits > 10):
            continue
        if not is_other and not number[0].isdigit():
            continue
        yield Match(m.start("num"), end, Category.OTHER_ID if is_other else Category.CEDULA)


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
# However the ten digits are grouped: "601 7 45 32 10", "312-456-7890", "3 1 0 4 5 6 …".
_PHONE_ANY_GROUPING = rf"(?:{_COUNTRY})?(?:3\d|60)\d(?:[ .-]?\d){{7}}"
_PHONE_RE = re.compile(rf"{_NOT_BEFORE}(?:{_PHONE_BODY}|{_PHONE_ANY_GROUPING}){_NOT_AFTER}")
# Other countries' numbers, written with their "+" ("+58 424 1187654", "+1 (305) 555-0142"):
# 8 to 15 digits after it, as ITU-T E.164 allows. Without the "+" they are not told apart
# from any other figure.
_PHONE_INTL_RE = re.compile(
    r"(?<![\w+])\+ ?(?!57(?!\d))\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\w|[.,-]?\d)")
# Inside a chat link the number is glued to its country code: "wa.me/573214589076",
# "api.whatsapp.com/send?phone=573214589076", "tel:+573214589076".
_PHONE_LINK_RE = re.compile(r"(?:wa\.me/|phone=|tel:)(?P<num>\+?\d{8,15})(?!\d)")
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
    for m in _PHONE_INTL_RE.finditer(text):
        if 8 <= sum(ch.isdigit() for ch in m.group()) <= 15:
            yield Match(m.start(), m.end(), Category.PHONE)
    for m in _PHONE_LINK_RE.finditer(text):
        yield Match(m.start("num"), m.end("num"), Category.PHONE)
    yield from _listed(text, _PHONE_CUE_RE, _LISTED_PHONE, Category.PHONE)


# --- e-mail ---------------------------------------------------------------

# A line break right after "@" is common in narrow table cells.
# "@" also written out, to keep an address from robots: "yuriana(arroba)gmail.com".
_AT = r"(?:@ ?| ?[(\[]arroba[)\]] ?| arroba )"
_EMAIL_RE = re.compile(
    rf"(?<![\w.+-])[a-z0-9][a-z0-9._%+-]*{_AT}[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,}}"
    r"(?![a-z0-9-])"
)


# An entity's own mailboxes are published on purpose (Ley 1712 de 2014, art. 9: channels
# of attention to citizens): "atencionciudadano@cali.gov.co" is no one's personal data.
# Only role names at a state domain; "luz.gomez@cali.gov.co" is a person and is withheld.
_ROLE_MAILBOX = re.compile(
    r"(?:atencion(?:al)?(?:ciudadan[oa]|usuario)s?|servicioalciudadano|contactenos|contacto"
    r"|notificaciones(?:judiciales)?|info|informacion|pqrsd?|ventanilla(?:unica)?"
    r"|correspondencia|radicacion|transparencia|prensa|comunicaciones|despacho)"
    r"@(?:[a-z0-9-]+\.)+(?:gov|gob|mil)\.co"
)


def _emails(text: str) -> Iterable[Match]:
    for m in _EMAIL_RE.finditer(text):
        if _ROLE_MAILBOX.fullmatch(m.group().replace(" ", "")):
            continue
        yield Match(m.start(), m.end(), Category.EMAIL)


# --- addresses (Colombian urban nomenclature and rural locations) ----------
#
# An address is found as a chain of *units* written one after the other
# ("Mz 4 Casa 12 Barrio El Paraíso", "Corregimiento de Nazareth, vereda Las
# Auras"); the span runs from the first unit's keyword to the last detail.
# Units come in three strengths:
#   strong   an address on its own: a numbered road with house number
#            ("Calle 10 # 43E-31 Sur"), a named road with house number or
#            kilometre ("Avenida El Dorado # 68D-35", "Autopista Sur Km 3"),
#            an intersection ("Carrera 15 con Calle 93"), "Km 5 vía La Calera",
#            "vereda <name>", "finca <name>", "parcela <number>";
#   dwelling "casa 12", "manzana C", "lote 7", "torre 2", "apto 402"...: one
#            alone is too common in public text ("lote 1" of a tender) to count;
#   area     "barrio/sector/corregimiento/urbanización/conjunto <name>": public
#            geography on its own ("operativo en el barrio El Carmen").
# A chain is an address if it holds a strong unit, an area plus a dwelling, or
# dwellings of two different kinds (manzana + casa). "Calle 10" alone, "la
# avenida principal" and "carrera administrativa" have no house number, so
# they are no unit at all.
#
# Names (of a vereda, a finca, an avenue) cannot rely on capitals: the text
# is normalised. A name is one to four words of letters, read left to right
# (see _name_end); it stops at punctuation or digits, at a stop word (verbs,
# prepositions, conjunctions: "en la vereda se realizó" has no name), at a word
# that starts another unit, and at "municipio/localidad/ciudad/..." unless that
# is its first word ("Avenida Ciudad de Cali"); trailing "de/del/la/..." are
# dropped, so "vereda El Salitre del municipio de La Calera" gives "vereda el
# salitre". Known limit: an ordinary word after "vereda" is taken as a name
# ("la vereda la reunión ..."); for a vereda/finca the span may run into up
# to four ordinary words that follow the real name.
#
# Every regex below is anchored at a keyword found by _HEAD_RE and has only
# bounded or possessive repetition; names are walked in Python one word at a
# time, at most four words per unit, so the work is linear in the text.

_ROAD = (
    r"(?:av(?:enida)?\.? ?(?:calle|carrera|cra|kra|kr|cll|cl)|avenida|av|ak|ac|calle|cll|cl"
    r"|carrera|cra|kra|kr|cr|diagonal|diag|dg|transversal|transv|trans|tv|tr|circular|circ|cir|cq)"
)
# Roads are also numbered in words: "Carrera Séptima", "Calle Primera".
_ROAD_ORDINAL = (
    r"(?:primera|segunda|tercera|cuarta|quinta|sexta|septima|octava|novena|decima)(?![a-z])"
)
_ROAD_NUMBER = (
    rf"(?:\d{{1,3}}(?: ?[a-z](?![a-z]))?(?: ?bis)?(?: ?[a-z](?![a-z]))?|{_ROAD_ORDINAL})"
)
_QUADRANT = r"(?: ?,? ?(?:sur|este|norte|oeste)(?![a-z]))?"
_HOUSE_MARK = r"(?:#|no\.?|n°|n\.o\.?|n\.|n|num\.?|numero|nro\.?)"  # "N.º" folds to "n.o"
_DETAIL_VALUE = r"(?:\d[a-z0-9]{0,4}(?:-[a-z0-9]{1,4})?|[a-z](?![a-z]))(?![a-z0-9])"
_DETAIL = (
    r"(?: ?,? ?(?:apartamento|apto|apt|ap|torre|to|bloque|blq|bl|interior|int|manzana|mz"
    r"|casa|cs|lote|lt|local|lc|oficina|of|piso|etapa)\.? ?(?:no\.? ?|n° ?|# ?)?"
    rf"{_DETAIL_VALUE})*+"
)
# "# 24 A - 15 Sur Interior 3": not followed by more digits, so "30-12-2024" is no house number.
# A spaced letter after it is a suffix ("12-30 B"), unless it is the conjunction of a list
# ("Carrera 7 No. 32-16 y en Kr 15 ..." holds two addresses).
# "45 Sur - 12": the quadrant is sometimes written between the two numbers.
_HOUSE_NUMBER = (
    r"\d{1,3}(?: ?[a-z](?![a-z]))?(?: ?bis)?(?: (?:sur|este))? ?- ?\d{1,3}"
    r"(?:(?:[a-z]| (?![yoeu](?![a-z]))[a-z])(?![a-z0-9]))?(?!\d|[-/]\d)"
)
# "# 43 E 31", "No. 32 16": after a house mark, people also leave the dash out. Only there:
# without the mark, two numbers after a road are as often a count ("calle 10 15 casas").
_HOUSE_NUMBER_SPACED = (
    r"\d{1,3}(?: ?(?![yo](?![a-z]))[a-z](?![a-z]))?(?: ?bis)?(?: sur| este)? \d{1,3}"
    r"(?:(?:[a-z]| (?![yoeu](?![a-z]))[a-z])(?![a-z0-9]))?(?!\d|[-/.,:]\d)"
)
_HOUSE_TAIL = (
    rf" ?,? ?(?:(?:{_HOUSE_MARK}(?![a-z]) ?)?{_HOUSE_NUMBER}"
    rf"|{_HOUSE_MARK}(?![a-z]) ?{_HOUSE_NUMBER_SPACED}){_QUADRANT}{_DETAIL}"
)
# The road's other name in brackets: "Av. 80 (Carrera 65) No. 30-16", "Calle 26 (Av. El
# Dorado) # 68-35". Bounded and without nesting, so matching stays linear.
_ALIAS = r"(?: ?\([a-z0-9#.° -]{1,40}\))?"
_ADDRESS_RE = re.compile(
    rf"(?<!\w){_ROAD}\.?(?![a-z]) ?{_ROAD_NUMBER}{_QUADRANT}{_ALIAS}{_HOUSE_TAIL}")
# "Carrera 15 con Calle 93", "Cra 7 x Cl 45 Sur": a house number after it is kept too.
# Only "con"/"x": "la calle 10 y la carrera 5" is how public works reports list roads.
_ROAD_AND_NUMBER = rf"{_ROAD}\.?(?![a-z]) ?{_ROAD_NUMBER}(?![\da-z]){_QUADRANT}"
_INTERSECTION_RE = re.compile(
    rf"(?<!\w){_ROAD_AND_NUMBER} (?:con|x) {_ROAD_AND_NUMBER}(?:{_HOUSE_TAIL})?"
)

# Kilometre points: "Km 3", "kilómetro 12", "Km 3+500", "km 4,5".
_KM_WORD = r"(?:km|kms|kilometro|kilometros)"
_KM_VALUE = r"\d{1,3}(?:[.,]\d{1,3})?(?: ?\+ ?\d{1,3})?(?![\d])"
_KM_TAIL = rf" ?,? ?{_KM_WORD}\.?(?![a-z]) ?{_KM_VALUE}"
# Roads known by name: what follows the name must be a house number, a kilometre or
# a crossing numbered road ("Av. Boyacá con Calle 80").
_NAMED_ROAD = r"(?:avenida|avda|av|autopista|carretera|troncal|circunvalar|variante|via)"
_NAMED_ROAD_RE = re.compile(rf"(?<!\w){_NAMED_ROAD}(?![a-z])\.?")
_NAMED_TAIL_RE = re.compile(
    rf"{_ALIAS}(?:{_HOUSE_TAIL}|{_KM_TAIL}| (?:con|x) {_ROAD_AND_NUMBER}(?:{_HOUSE_TAIL})?)"
)
# "Km 5 vía La Calera", "kilómetro 12 vía Bogotá - Choachí", "km 18 vía al Llano".
# Only "km <n> vía <name>": "Km 5 de vía nueva construida" (a length of road works) is left.
_KM_VIA_RE = re.compile(
    rf"(?<!\w){_KM_WORD}\.?(?![a-z]) ?{_KM_VALUE} ?,? ?"
    rf"(?:via|carretera|autopista|troncal|variante)(?![a-z])(?: (?:a|al|hacia)(?![a-z]))?"
)
# Places known by name. vereda and finca are addresses on their own; the rest only in a chain.
_STRONG_AREAS = frozenset({"vereda", "finca"})
_AREA_RE = re.compile(
    r"(?<!\w)(?P<kind>vereda|finca|corregimiento|sector|barrio|urbanizacion|urb"
    r"|conjunto(?: residencial| cerrado)?|condominio|parcelacion)(?![a-z])\.?"
)
_PARCELA_RE = re.compile(r"(?<!\w)parcela\.? ?(?:no\.? ?|n° ?|# ?)?\d{1,4}[a-z]?(?![\w-])")
# Dwelling details outside a road address; the kind is what two of them must differ in.
_DWELLING_KIND = {
    "manzana": "manzana", "mz": "manzana", "casa": "casa", "cs": "casa", "lote": "lote",
    "lt": "lote", "torre": "torre", "bloque": "bloque", "blq": "bloque", "bl": "bloque",
    "interior": "interior", "int": "interior", "apartamento": "apartamento",
    "apto": "apartamento", "apt": "apartamento", "ap": "apartamento",
}
_DWELLING_RE = re.compile(
    rf"(?<!\w)(?P<kind>{'|'.join(sorted(_DWELLING_KIND, key=len, reverse=True))})(?![a-z])\.?"
    rf" ?(?:no\.? ?|n° ?|# ?)?(?![yo](?![a-z])){_DETAIL_VALUE}"
)
# Where a unit may start: one keyword, so a failed attempt resumes right after it.
_ROAD_WORDS = (
    "avenida av ak ac calle cll cl carrera cra kra kr cr diagonal diag dg transversal transv "
    "trans tv tr circular circ cir cq"
).split()
_NAMED_ROAD_WORDS = "avenida avda av autopista carretera troncal circunvalar variante via".split()
_KM_WORDS = "km kms kilometro kilometros".split()
_AREA_WORDS = (
    "vereda finca corregimiento sector barrio urbanizacion urb conjunto condominio parcelacion"
).split()
_HEAD_WORDS = set(_ROAD_WORDS + _NAMED_ROAD_WORDS + _KM_WORDS + _AREA_WORDS + ["parcela"])
_HEAD_WORDS |= set(_DWELLING_KIND)
_KEYWORD = rf"(?:{'|'.join(sorted(_HEAD_WORDS, key=len, reverse=True))})(?![a-z])"
_KEYWORD_RE = re.compile(_KEYWORD)
# No unit starts with two keywords in a row ("vereda vereda", "calle calle"), except
# "av. calle 26": checking that here keeps such runs out of the Python loop below.
_HEAD_RE = re.compile(
    rf"(?<!\w)(?P<word>{_KEYWORD})(?:(?!\.? ?{_KEYWORD})"
    r"|(?:(?<=av)|(?<=avenida))(?=\.? ?(?:calle|carrera|cra|kra|kr|cll|cl)(?![a-z])))"
)
# Between units of one chain: ", " / " - " / " " / " del " / " en la "...
_CHAIN_SEP_RE = re.compile(r" ?[,-] ?| (?:(?:de la|de los|de las|del|de|en el|en la|en) )?")

_NAME_WORD_RE = re.compile(r"(?: ?- ?| )([a-z]++)(?![\w'])")
_NAME_MAX_WORDS = 4
_CONNECTORS = frozenset({"de", "del", "la", "las", "los", "el"})
# Words that end a name; articles are not among them ("Vereda La Esperanza").
_NAME_STOP = frozenset(
    # house-number marks
    "n no nro num numero "
    # prepositions, conjunctions, pronouns, determiners
    "a al ante bajo con contra desde durante en entre hacia hasta mediante para por segun sin "
    "sobre tras y e o u ni que quien quienes cual cuales cuando donde como pero porque si se lo "
    "le les su sus un una unos unas este esta estos estas ese esa eso esos esas aquel aquella "
    "mi mis me nos ya tambien muy mas menos todo toda todos todas cada otro otra otros otras "
    # frequent verbs in minutes and reports
    "es son fue fueron era eran sera seran ha han habia hay hubo estan estaba estaban tiene "
    "tienen tenia queda quedan cuenta cuentan realizo realizaron hizo presenta presento "
    "registro registra recibio inicio inicia permite requiere "
    # "finca raiz" is real estate, not a farm
    "raiz".split()
)
# Administrative words end a name unless they open it ("Avenida Ciudad de Cali").
_NAME_ADMIN = frozenset(
    "municipio localidad ciudad departamento distrito comuna jurisdiccion zona area region "
    "rural urbana urbano".split()
)


def _name_end(text: str, pos: int) -> int | None:
    """End of the place name starting after `pos` (" la esperanza, ..."), or None if none.

    Up to _NAME_MAX_WORDS words of letters separated by a space or a hyphen;
    stops at anything else (punctuation, digits), at a stop word, at a word
    that starts another unit, and at an administrative word that is not the
    first one. Trailing connectors ("de", "del", "la"...) are left out, and a
    name of connectors only is no name.
    """
    end = pos
    content_end = None
    for count in range(_NAME_MAX_WORDS):
        word = _NAME_WORD_RE.match(text, end)
        if not word:
            break
        value = word.group(1)
        if value in _NAME_STOP or (count and value in _NAME_ADMIN):
            break
        if _KEYWORD_RE.match(text, word.start(1)):
            break
        end = word.end()
        if value not in _CONNECTORS:
            content_end = end
    return content_end


# A unit found at a position: (end, strength, kind); strength is "strong", "area" or "dwelling".
_Unit = tuple[int, str, str]


def _road_unit(text: str, pos: int) -> _Unit | None:
    m = _ADDRESS_RE.match(text, pos)
    crossing = _INTERSECTION_RE.match(text, pos)
    if crossing and (not m or crossing.end() > m.end()):
        m = crossing
    return (m.end(), "strong", "road") if m else None


def _named_road_unit(text: str, pos: int) -> _Unit | None:
    head = _NAMED_ROAD_RE.match(text, pos)
    name_end = _name_end(text, head.end()) if head else None
    tail = _NAMED_TAIL_RE.match(text, name_end) if name_end is not None else None
    return (tail.end(), "strong", "road") if tail else None


def _km_unit(text: str, pos: int) -> _Unit | None:
    head = _KM_VIA_RE.match(text, pos)
    name_end = _name_end(text, head.end()) if head else None
    return (name_end, "strong", "km") if name_end is not None else None


def _area_unit(text: str, pos: int) -> _Unit | None:
    head = _AREA_RE.match(text, pos)
    name_end = _name_end(text, head.end()) if head else None
    if name_end is None:
        return None
    kind = head.group("kind")
    return name_end, "strong" if kind in _STRONG_AREAS else "area", kind


def _parcela_unit(text: str, pos: int) -> _Unit | None:
    m = _PARCELA_RE.match(text, pos)
    return (m.end(), "strong", "parcela") if m else None


def _dwelling_unit(text: str, pos: int) -> _Unit | None:
    m = _DWELLING_RE.match(text, pos)
    return (m.end(), "dwelling", _DWELLING_KIND[m.group("kind")]) if m else None


# Which parsers a keyword can start: only those are tried, the text is long and keywords many.
_PARSERS: dict[str, list] = {}
for _words, _parser in ((_ROAD_WORDS, _road_unit), (_NAMED_ROAD_WORDS, _named_road_unit),
                        (_KM_WORDS, _km_unit), (_AREA_WORDS, _area_unit),
                        (["parcela"], _parcela_unit), (list(_DWELLING_KIND), _dwelling_unit)):
    for _word in _words:
        _PARSERS.setdefault(_word, []).append(_parser)
del _words, _parser, _word


def _unit_at(text: str, head: re.Match) -> _Unit | None:
    """The longest address unit starting at keyword `head`, if any."""
    best = None
    for parser in _PARSERS[head.group("word")]:
        unit = parser(text, head.start())
        if unit and (best is None or unit[0] > best[0]):
            best = unit
    return best


def _is_address(units: list[_Unit]) -> bool:
    strengths = {strength for _end, strength, _kind in units}
    dwellings = {kind for _end, strength, kind in units if strength == "dwelling"}
    return "strong" in strengths or ("area" in strengths and bool(dwellings)) or len(dwellings) > 1


def _addresses(text: str) -> Iterable[Match]:
    pos = 0
    while head := _HEAD_RE.search(text, pos):
        first = _unit_at(text, head)
        if first is None:
            pos = head.end()
            continue
        units = [first]
        end = first[0]
        while (sep := _CHAIN_SEP_RE.match(text, end)) and sep.end() < len(text):
            next_head = _HEAD_RE.match(text, sep.end())
            unit = _unit_at(text, next_head) if next_head else None
            if unit is None:
                break
            units.append(unit)
            end = unit[0]
        # A chain that is no address has no address inside it either: resume after it.
        pos = end
        if _is_address(units):
            # Trailing ", " swallowed by an optional separator is not part of the address.
            while end > head.start() and text[end - 1] in " ,":
                end -= 1
            yield Match(head.start(), end, Category.ADDRESS)


# --- vehicle plates -----------------------------------------------------------

_PLATE_CUE_RE = re.compile(
    rf"(?<!\w)placas?(?: (?:de|del) (?:vehiculo|carro|moto|motocicleta))?(?![a-z])"
    rf"{_CUE_SEP}*+(?:{_NUMBER_WORD}\.?{_CUE_SEP}*+)?+"
)
_PLATE_RE = re.compile(r"[a-z]{3}[ -]?(?:\d{3}|\d{2}[a-z])(?![a-z0-9])")


# A vehicle named by kind or make, then its plate within a few words: "Renault Logan
# HTK482", "la moto (ABC12D)". Without such a word a plate shape is too often a code.
_VEHICLE_RE = re.compile(
    r"(?<!\w)(?:vehiculo|carro|automovil|auto|moto|motocicleta|camioneta|campero|taxi|bus"
    r"|buseta|camion|furgon|renault|chevrolet|mazda|kia|toyota|nissan|hyundai|ford"
    r"|volkswagen|suzuki|yamaha|honda|akt|bajaj|auteco|tvs|mercedes|bmw|jeep|fiat|peugeot)"
    r"(?![a-z])(?P<gap>(?: [a-z0-9-]{1,12}){0,3}?) ?\(?"
    r"(?<![a-z0-9])(?P<plate>(?!akt|tvs|kia)[a-z]{3}[ -]?(?:\d{3}|\d{2}[a-z]))(?![a-z0-9])"
)


def _plates(text: str) -> Iterable[Match]:
    yield from _listed(text, _PLATE_CUE_RE, _PLATE_RE, Category.PLATE)
    for m in _VEHICLE_RE.finditer(text):
        yield Match(m.start("plate"), m.end("plate"), Category.PLATE)


# --- social media profiles -----------------------------------------------------

# A profile's address or handle names a person as surely as an e-mail does:
# "facebook.com/yorbelis.uriana.epieyu", "@yorbe_uriana93". An entity's own page is
# taken too; the reviewer dismisses it (the unattended command errs on the side of privacy).
_PROFILE_URL_RE = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.|m\.|web\.)?(?:facebook|fb|instagram|tiktok|twitter|x"
    r"|linkedin|youtube|threads)\.com/(?:in/|@)?[a-z0-9._-]{3,60}"
)
# Not the "@" of an e-mail (the finder folds "(arroba)" first), not a decorator-like code.
# A handle starts a word: after a space, a line start or opening punctuation.
_HANDLE_RE = re.compile(
    r"(?:(?<=[\s(\[:;,\"'¿¡])|^)@[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])(?![\w@-])",
    re.MULTILINE)


def _profiles(text: str) -> Iterable[Match]:
    for regex in (_PROFILE_URL_RE, _HANDLE_RE):
        for m in regex.finditer(text):
            end = m.end()
            while text[end - 1] == ".":  # the full stop after it is the sentence's
                end -= 1
            yield Match(m.start(), end, Category.PROFILE)


_DETECTORS = (_nits, _ids, _emails, _phones, _plates, _addresses, _profiles)


def _dedupe(matches: list[Match]) -> list[Match]:
    """Drop matches contained in another (first detector wins on equal spans).

    Sorted by start, longest first, a match is inside an earlier one exactly when
    it ends before the furthest end seen so far: one pass, whatever the count.
    """
    kept: list[Match] = []
    furthest = -1
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if m.end <= furthest:
            continue
        kept.append(m)
        furthest = m.end
    return kept


def detect(text: str) -> list[Match]:
    """Personal data found in normalised `text`, as non-nested spans in text order."""
    found: list[Match] = []
    for detector in _DETECTORS:
        found.extend(detector(text))
    return _dedupe(found)


def find_terms(text: str, terms: "TermMatcher | Iterable[Term]") -> list[Match]:
    """Occurrences of reviewer terms (and of listed names written another way) in `text`."""
    matcher = terms if isinstance(terms, TermMatcher) else TermMatcher(terms)
    found = []
    for start, end, term, variant in matcher.finditer(text):
        reason = f"variante del término «{term.text}»" if variant else ""
        found.append(Match(start, end, Category.TERM, term.legal_ground, reason))
    return found


def scan(text: str, terms: "TermMatcher | Iterable[Term]" = ()) -> list[Match]:
    """Detectors and terms together: everything the pipeline removes from `text`."""
    return detect(text) + find_terms(text, terms)
