"""Text normalisation shared by the importer, label resolution and cross-linking."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A word: letters/digits, possibly joined by hyphens or apostrophes ("e-inclusie", "face-to-face").
WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


def fold(text: str) -> str:
    """Case- and accent-folded text with unified quotes and collapsed whitespace."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def normalize_label(text: str) -> str:
    """The key under which a label is unique and resolvable.

    Case, accents, quotes, hyphens and spacing are ignored: "E-Inclusie", "e inclusie",
    "einclusie" and "Digitaal 'versus' analoog" / "digitaal versus analoog" are the same key.
    """
    return "".join(word_tokens(text))


def word_tokens(text: str) -> list[str]:
    """Folded words of a text, splitting hyphenated words into their parts."""
    return [token for token in re.split(r"[^0-9a-z]+", fold(unidecode(text))) if token]


def slugify(text: str) -> str:
    """Lowercase ASCII slug: the public id of a concept."""
    return _NON_ALNUM.sub("-", unidecode(text.translate(_QUOTES)).lower().replace("'", "")).strip(
        "-"
    )


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
