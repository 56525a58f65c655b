"""Text normalisation shared by the importer, label resolution and cross-linking."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache

from unidecode import unidecode

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A word: letters/digits, possibly joined by hyphens or apostrophes ("e-inclusie", "face-to-face").
WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


def fold(text: str) -> str:
    """Case- and accent-folded text with unified quotes and collapsed whitespace."""
    if text.isascii():
        # NFKD leaves ASCII as it is and no ASCII character is a combining mark.
        return " ".join(text.replace("`", "'").casefold().split())
    # Chained replaces: str.translate looks up every character of a non-ASCII text in Python.
    quoted = text.replace("‘", "'").replace("’", "'").replace("`", "'")
    quoted = quoted.replace("“", '"').replace("”", '"')
    basic, astral = _combining_marks()
    stripped = basic.sub("", unicodedata.normalize("NFKD", quoted))
    if _ASTRAL.search(stripped):
        stripped = astral.sub("", stripped)
    return " ".join(stripped.casefold().split())


@cache
def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Every combining mark of this Python's Unicode database, as two character classes.

    Removing them with a regex runs at C speed; a per-character test did not (fold runs for
    every text of an index build). The Basic Multilingual Plane gets its own class because a
    class that also holds ranges beyond U+FFFF makes the regex engine some ten times slower.
    Built on first use rather than at import, since the scan visits every code point.
    """
    marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
    return (
        _character_class(code for code in marks if code <= 0xFFFF),
        _character_class(code for code in marks if code > 0xFFFF),
    )


def _character_class(codes: Iterable[int]) -> re.Pattern[str]:
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    members = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )
    return re.compile(f"[{members}]+")


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


def typed_text(value: str | None) -> str:
    """Plain text as a person typed it, without surrounding blanks or NUL characters (which
    PostgreSQL text refuses); None is empty."""
    return (value or "").replace("\x00", "").strip()
