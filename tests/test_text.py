"""Folding: the fast `fold` gives exactly what the per-character definition gives."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from glossary.text import fold

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})


def defined_fold(text: str) -> str:
    """The definition of folding, one character at a time (slow, but obviously right)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(QUOTES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


SAMPLES = [
    "",
    " ",
    "E-Inclusie",
    "  digitaal \t\n 'versus'  analoog ",
    "‘Cliënten’ en “zorgverleners” `samen`",
    "Cliënten, coördinatie, privé, naïef, façade, Ærø, Ångström, Straße, ǅemal",
    "ﬁnanciële ﬂexibiliteit, №5, ½, ㎏, Ｆｕｌｌｗｉｄｔｈ, ⅷ, x²",
    "Tiếng Việt có dấu: người, được, nghiệp",
    "Ελληνικά: άλφα, ΐ, ῷ",
    "Русский: йод, ёлка, Й",
    "עִבְרִית מְנֻקָּד",
    "العَرَبِيَّة مُشَكَّلَة",
    "हिन्दी देवनागरी क़ ड़",
    "தமிழ் கொ கோ",
    "한국어 한글 각",
    "日本語のかな: がぎぐげご パピプペポ",
    "e\u0301\u0302\u0323 a\u20dd \u0363 base\u1ab0\u1dff",
    "𝐁𝐨𝐥𝐝 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 𝓢𝓬𝓻𝓲𝓹𝓽",
    "𝅘𝅥𝅮 \U0001d165\U0001d166 musical marks, 𞤀𞥊 Adlam, 𑀅𑀸 Brahmi",
    "\U000e0100 variation selector supplement, \ufe0f emoji ❤️, 👍🏽",
    "\u00a0non\u2003breaking\u3000spaces\u200b",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_fold_equals_its_definition_on_samples(text: str) -> None:
    assert fold(text) == defined_fold(text)


def test_fold_equals_its_definition_for_every_code_point() -> None:
    # Every code point, in runs between letters, so marks also meet something to combine with.
    codes = range(sys.maxunicode + 1)
    for start in range(0, len(codes), 256):
        text = "a".join(chr(code) for code in codes[start : start + 256])
        assert fold(text) == defined_fold(text), f"code points from U+{start:04X}"


def test_fold_equals_its_definition_on_random_mixtures() -> None:
    marks = [code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))]
    pool = [*range(0x20, 0x250), *marks, *range(0x370, 0x3FF), *range(0x1E00, 0x1F00)]
    pool += [0xAC00, 0x1100, 0x1161, 0x11A8, 0xFB01, 0x2460, 0x1D400, 0x3000, 0x2019]
    generator = random.Random(20240601)
    for _ in range(3000):
        text = "".join(chr(generator.choice(pool)) for _ in range(generator.randint(0, 40)))
        assert fold(text) == defined_fold(text), repr(text)


def test_ascii_text_is_lowercased_with_quotes_and_spaces_unified() -> None:
    assert fold("  E-Hulp `Online`\tNU ") == "e-hulp 'online' nu"


def test_accents_and_marks_beyond_latin_are_removed() -> None:
    assert fold("Cliënten Tiếng עִבְרִית") == "clienten tieng עברית"
