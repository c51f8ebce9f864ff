"""Text normalisation shared by finding, removal and verification.

Every comparison in the pipeline (terms, detectors, fingerprints, the
verification gate) runs on one normal form, so a value found by one extractor
is recognised by another: compatibility decomposition (NFKD), accents and other
nonspacing marks dropped, case folded, invisible format/control characters
dropped (soft hyphens and zero-width joiners are classic ways to split a name),
every dash made a hyphen-minus, and every run of whitespace, line breaks
included, collapsed to one space.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .grounds import Category, DEFAULT_GROUND, LegalGround


_DOTS = frozenset("\u00b7\u2022\u2027\u2219\u22c5\u30fb")  # middle dots and bullets


def _fold_char(ch: str) -> str:
    out = []
    for d in unicodedata.normalize("NFKD", ch):
        category = unicodedata.category(d)
        if d.isspace():
            out.append(" ")
        elif category == "Pd":
            out.append("-")  # word processors turn "12-34" into "12–34"
        elif d in _DOTS:
            out.append(".")  # "310·456·7890": a font without an en dash draws a middle dot
        elif category not in ("Mn", "Me", "Cc", "Cf", "Cs"):
            out.append(d)
    # Casefold can itself produce marks (U+0130 -> i + combining dot): drop them too.
    folded = "".join(out).casefold()
    return "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me"))


class _FoldMap(dict):
    """str.translate table from a character to its folded form, filled on first sight.

    Folding character by character is what makes the mapped and the plain
    normalisation identical by construction; a table over all of Unicode would
    cost a noticeable import-time pause, and documents use a few hundred
    distinct characters.
    """

    def __missing__(self, codepoint: int):
        ch = chr(codepoint)
        folded = _fold_char(ch)
        value = codepoint if folded == ch else folded
        self[codepoint] = value
        return value


_FOLD = _FoldMap()
_SPACES = re.compile(" {2,}")


def normalize(text: str) -> str:
    """The pipeline's normal form of `text` (see module docstring)."""
    return _SPACES.sub(" ", text.translate(_FOLD))


def compact(text: str) -> str:
    """Normal form without any whitespace: what fingerprints are computed on.

    Extractors disagree on spaces (one sees "C.C.79 845", another "C.C. 79 845"),
    so fingerprints ignore them to stay comparable between find and verify.
    """
    return text.translate(_FOLD).replace(" ", "")


def fingerprint(text: str) -> str:
    """sha256 hex of the compact normal form: identifies a value without storing it."""
    return hashlib.sha256(compact(text).encode("utf-8")).hexdigest()


class MappedText:
    """Normal form of a text plus, for every normalised character, its source index.

    Lets matches found in the normal form be traced back to the characters
    (and so the glyph boxes) they came from. `text` equals normalize(source).
    """

    __slots__ = ("text", "source_index")

    def __init__(self, source: str):
        folded = source.translate(_FOLD)
        if len(folded) == len(source):
            # Usual case: every character folds to exactly one.
            index = list(range(len(source)))
        else:
            parts: list[str] = []
            index = []
            for i, ch in enumerate(source):
                f = _FOLD[ord(ch)]
                f = chr(f) if isinstance(f, int) else f
                parts.append(f)
                index.extend([i] * len(f))
            folded = "".join(parts)
        pieces: list[str] = []
        mapped: list[int] = []
        pos = 0
        for run in _SPACES.finditer(folded):
            pieces.append(folded[pos : run.start() + 1])
            mapped.extend(index[pos : run.start() + 1])
            pos = run.end()
        pieces.append(folded[pos:])
        mapped.extend(index[pos:])
        self.text = "".join(pieces)
        self.source_index = mapped

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source indices [first, last] covered by normalised span [start, end)."""
        return self.source_index[start], self.source_index[end - 1]


@dataclass(frozen=True)
class Term:
    """A passage a reviewer marked (a person's name, a sentence), with its legal ground."""

    text: str
    legal_ground: str = DEFAULT_GROUND[Category.TERM]

    @functools.cached_property
    def normal(self) -> str:
        return normalize(self.text).strip()

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        return term_pattern(self.normal)


_WORD = re.compile(r"\w")


def term_pattern(normal_term: str) -> re.Pattern:
    """Regex for a normalised term: any whitespace (or none) between its words, whole words only.

    "Juan Pérez" must match "JUAN\\nPEREZ" and the "JuanPérez" some extractors
    produce when the space was a cursor move; "Ana" must not match inside "Mariana".
    """
    words = normal_term.split(" ")
    body = r"\s*".join(re.escape(w) for w in words)
    if _WORD.match(normal_term[0]):
        body = r"(?<!\w)" + body
    if _WORD.match(normal_term[-1]):
        body = body + r"(?!\w)"
    return re.compile(body)


class TermsFileError(ValueError):
    """A terms file line that cannot be understood (message in Spanish)."""


def parse_terms(lines: Iterable[str]) -> list[Term]:
    """Terms from the lines of a terms file.

    One term per line; blank lines and lines starting with '#' are ignored; a
    line may end with a TAB and a LegalGround code to override the default
    ground (Ley 1581 de 2012, personal data).
    """
    terms: list[Term] = []
    seen: set[tuple[str, str]] = set()
    valid = set(LegalGround.values)
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ground = DEFAULT_GROUND[Category.TERM]
        if "\t" in line:
            line, _, code = line.rpartition("\t")
            code = code.strip()
            if code not in valid:
                raise TermsFileError(
                    f"Línea {number} del archivo de términos: «{code}» no es un fundamento "
                    f"legal válido (use uno de: {', '.join(sorted(valid))})."
                )
            ground = code
        term = Term(line.strip(), ground)
        if not term.normal or not _WORD.search(term.normal):
            # A term of punctuation only would match everywhere.
            raise TermsFileError(
                f"Línea {number} del archivo de términos: el término no contiene letras ni números."
            )
        key = (term.normal, ground)
        if key not in seen:
            seen.add(key)
            terms.append(term)
    return terms


def as_terms(terms: Iterable[str | Term]) -> list[Term]:
    """Accept plain strings or Term objects wherever the API takes terms."""
    out = []
    for term in terms:
        t = term if isinstance(term, Term) else Term(str(term))
        if t.normal and _WORD.search(t.normal):
            out.append(t)
    return out


# --- wrapped and letter-spaced values ---------------------------------------------------

# A run of at least this many one-character tokens is letter-spaced text
# ("7 9 8 4 5 1 2 3", "C . C ."), read once more with its spaces removed.
_SPACED_RUN = re.compile(r"(?<!\S)\S(?: \S){3,}(?!\S)")


# Characters of context either side of a wrap or a spaced run: longer than any value
# the detectors look for (an address with its details, an e-mail, a cue and its number).
_WINDOW = 90


def _merged_windows(spots: Iterable[int], reach: int, length: int) -> list[list[int]]:
    """[start, end] of the text within `reach` of each spot, overlapping stretches merged."""
    windows: list[list[int]] = []
    for spot in sorted(spots):
        start, end = max(0, spot - reach), min(length, spot + reach)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return windows


def joined_windows(source: str, joints: Iterable[int] = ()) -> list[tuple[str, list[int]]]:
    """joined_view() of the stretches of `source` around each wrap or letter-spaced run.

    Most line breaks of a page end a line rather than cut a value, and most
    pages have no spaced-out text: reading only around the places that need
    it keeps the second reading from doubling the cost of the first.
    """
    spots = [i for i in joints if wraps_a_value(source, i)]
    spots += [m.start() for m in _SPACED_RUN.finditer(source)]
    if not spots:
        return []
    out = []
    for start, end in _merged_windows(spots, _WINDOW, len(source)):
        # Cut at a line break or a space, so a window does not begin inside a value.
        while start > 0 and source[start - 1] not in " \n":
            start -= 1
        while end < len(source) and source[end] not in " \n":
            end += 1
        text, index = joined_view(source[start:end], [j - start for j in joints
                                                      if start <= j < end])
        out.append((text, [i + start for i in index]))
    return out


def joined_view(source: str, joints: Iterable[int] = ()) -> tuple[str, list[int]]:
    """`source` with the line breaks at `joints` removed and letter-spaced runs closed up.

    Returns the new text and, for each of its characters, the index of the
    source character it came from. A value wrapped inside a table cell
    ("80.112." / "334") or spaced out letter by letter is one value again here.
    """
    drop = {i for i in joints if wraps_a_value(source, i)}
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(source):
        if i in drop:
            continue
        chars.append(ch)
        index.append(i)
    text = "".join(chars)
    spaced = list(_SPACED_RUN.finditer(text))
    if not spaced:
        return text, index
    out: list[str] = []
    out_index: list[int] = []
    pos = 0
    for run in spaced:
        out.append(text[pos : run.start()])
        out_index.extend(index[pos : run.start()])
        for k in range(run.start(), run.end()):
            if text[k] != " ":
                out.append(text[k])
                out_index.append(index[k])
        pos = run.end()
    out.append(text[pos:])
    out_index.extend(index[pos:])
    return "".join(out), out_index


_LOCAL_PART = re.compile(r"[a-z0-9._%+-]+")
_ADDRESS_MARK = re.compile(r"[._\d-]")
_FIRST_TOKEN = re.compile(r"\S*")  # used with match(text, pos)


def wraps_a_value(source: str, i: int) -> bool:
    """Whether the line break at source[i] cuts a value (an ID, a phone, an e-mail) in two.

    Only then are the two lines read as one: gluing every wrapped line would
    turn "…marta@example.org." + "los asistentes" into one e-mail and remove
    ordinary words.
    """
    # Walked from the break, not searched from the start: a page has hundreds of breaks.
    start = i
    while start > 0 and not source[start - 1].isspace():
        start -= 1
    before = source[start:i]
    after = _FIRST_TOKEN.match(source, i + 1).group()
    if not before or not after:
        return False
    if before[-1] in ".,-/" and after[0].isdigit():
        return True  # "80.112." / "334", "300-" / "1234567"
    if before[-1].isdigit() and after[0].isdigit():
        return True  # also one digit per box of a form, each box its own line
    if after[0] in "@." or before[-1] == "@":
        return True
    if "@" in after and "@" not in before:
        # Local part cut: "luz.dary.gomez.ara" / "ngo1987@gmail.com". Not a column title
        # or a word before it ("Correo" / "luz@gmail.com"): what was cut looks like an address.
        return bool(_LOCAL_PART.fullmatch(before)) and (
            bool(_ADDRESS_MARK.search(before)) or len(before) >= 12)
    if "@" in before and "@" not in after:
        domain = before.split("@", 1)[1]
        # "wilmer@hot" / "mail.com", "marta@example." / "org"; not "marta@example.org." / "los".
        return "." not in domain.rstrip(".-")
    return False


def _anchor_windows(normal: str, compact: str, anchors: frozenset[str],
                    term: Term) -> list[tuple[int, int]]:
    """Stretches of `normal` where a form of `term` can be: around each of its anchors.

    Every form of a term contains one of its anchors, and no form is much
    longer than the term, so the pattern need not run over the whole page.
    Windows start and end at a space, so the pattern's word boundaries see
    what they would see in the whole text. An anchor the compact text holds
    more often than the plain one is cut by a space or a hyphen somewhere
    ("Gó-\nmez"): then the whole text is read.
    """
    reach = 2 * len(term.normal) + 40
    spots = []
    for anchor in anchors:
        position = normal.find(anchor)
        count = 0
        while position >= 0:
            spots.append(position)
            count += 1
            position = normal.find(anchor, position + 1)
        if count < compact.count(anchor):
            return [(0, len(normal))]
    windows = _merged_windows(spots, reach, len(normal))
    for window in windows:
        start, end = window
        while start > 0 and normal[start - 1] != " ":
            start -= 1
        while end < len(normal) and normal[end] != " ":
            end += 1
        window[:] = start, end
    return [tuple(w) for w in windows]


# A name's variants make a large pattern (every word may be cut by a hyphen): a few
# milliseconds to compile, so matchers compile it when a text first holds the name.
compile_variants = functools.lru_cache(maxsize=4096)(re.compile)


class TermMatcher:
    """All of a reviewer's terms, and the variants of those that are names, matched together.

    A regex alternation of 80 names is tried at every position of the text
    and grew the finder and the gate with the length of the list. Instead,
    each term has anchor words (words of the term at least 3 characters
    long, one of which every form of the term contains); a term's pattern
    only runs on a text whose compact form holds one of its anchors, which a
    page of an acta does for a handful of terms at most.
    """

    def __init__(self, terms: Iterable[Term], *, with_variants: bool = True):
        from .names import listed_name_variants_source  # names imports this module

        # (anchors, the pattern or its source, term, is_variant): patterns are compiled
        # when a text first holds their anchors, most terms never being on most pages.
        self.entries: list[tuple[frozenset[str], re.Pattern | str | None, Term, bool]] = []
        for term in terms:
            words = [w for w in re.split(r"[\s\-]+", term.normal) if w]
            anchors = frozenset(w for w in words if len(w) >= 3) or frozenset(
                [max(words, key=len)])
            self.entries.append((anchors, None, term, False))  # None: term.pattern
            variants = listed_name_variants_source(term.text) if with_variants else None
            if variants is not None:
                self.entries.append((anchors, variants, term, True))

        # Anchors by their first three characters: a text's trigrams select the few to test.
        self.by_trigram: dict[str, list[tuple[str, int]]] = {}
        self.short: list[tuple[str, int]] = []  # anchors of one or two characters
        for number, (anchors, _pattern, _term, _variant) in enumerate(self.entries):
            for anchor in anchors:
                if len(anchor) < 3:
                    self.short.append((anchor, number))
                else:
                    self.by_trigram.setdefault(anchor[:3], []).append((anchor, number))

    def __bool__(self) -> bool:
        return bool(self.entries)

    def finditer(self, normal: str):
        """(start, end, term, is_variant) for every match in normalised text, in text order."""
        if not self.entries:
            return
        compact = normal.replace(" ", "").replace("-", "")
        if len(self.by_trigram) * 16 < len(compact):
            # Few terms, long text: a substring test per trigram is cheaper than the text's set.
            present = [t for t in self.by_trigram if t in compact]
        else:
            present = {compact[i : i + 3] for i in range(len(compact) - 2)}.intersection(
                self.by_trigram)
        candidates = {number for anchor, number in self.short if anchor in compact}
        for trigram in present:
            for anchor, number in self.by_trigram[trigram]:
                if number not in candidates and anchor in compact:
                    candidates.add(number)
        # The exact form holds every one of its words, so all its anchors must be there; with
        # the removed values of a long document as terms ("calle … apto …" on every page),
        # one shared anchor would run hundreds of patterns per page for nothing.
        selected = [number for number in candidates
                    if self.entries[number][3] or all(a in compact for a in self.entries[number][0])]
        found = []
        for number in selected:
            anchors, pattern, term, variant = self.entries[number]
            if pattern is None:
                pattern = term.pattern
            elif isinstance(pattern, str):
                pattern = compile_variants(pattern)
                self.entries[number] = (anchors, pattern, term, variant)
            for start, end in _anchor_windows(normal, compact, anchors, term):
                found.extend((m.start(), m.end(), term, variant)
                             for m in pattern.finditer(normal, start, end))
        # The exact form before a variant; one result per span.
        found.sort(key=lambda item: (item[0], -item[1], item[3]))
        previous = None
        for item in found:
            if (item[0], item[1]) != previous:
                yield item
            previous = (item[0], item[1])
