"""Spanish-aware search normalisation.

Wagtail's database backends stem in English (or not at all), so the portal
indexes, and queries with, a normalised copy of the text: lower case, no
accents, Spanish Snowball stems.  "Políticas", "politicas" and "política"
all become "polit"; the same function runs on both sides, so matching does
not depend on which database serves the site.
"""

import re
import unicodedata

import snowballstemmer

_stemmer = snowballstemmer.stemmer("spanish")
_WORD = re.compile(r"\w+", re.UNICODE)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    words = _WORD.findall(strip_accents(text or "").lower())
    return " ".join(_stemmer.stemWords(words))
