"""What a search answers: each hit with the label that matched and a snippet, and a "did
you mean" built from the label words when the query matches no label as typed."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from glossary.search.analysis import MIN_PART, fold_words
from glossary.search.engine import Searcher, Term
from glossary.search.matching import matched_docs
from glossary.search.query import TIERS, QueryTerms, QueryText, query_analyzer
from glossary.search.typos import Vocabulary

SNIPPET_WORDS = 28
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class SearchHit:
    id: str
    lang: str
    pref_label: str
    pref_labels: dict[str, str]
    matched_label: str | None
    matched_lang: str | None
    match: str  # "pref" | "alt" | "definition"
    tier: int
    clusters: list[str]
    snippet: str
    snippet_html: str
    # The language of the definition the snippet comes from (the matched document's).
    snippet_lang: str
    # True when the concept was found only through another language than the one asked for:
    # its matched label or snippet is then in `matched_lang` / `snippet_lang`, shown tagged.
    other_language: bool = False


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    results: list[SearchHit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    # The data revision of the index version that answered; None when none was needed (a
    # query without words). It can be behind the data while a rebuild runs elsewhere.
    index_revision: int | None = None
    # False when the time budget ran out: the results are the best found until then.
    complete: bool = True


def present_hit(
    searcher: Searcher, docnum: int, tier: str, text: QueryText, terms: QueryTerms, lang: str
) -> SearchHit:
    stored = searcher.stored(docnum)
    doc_lang = stored["lang"]
    stems = set(terms.stems_in(doc_lang))
    if tier == "definition":
        matched_label, kind = None, "definition"
    else:
        matched_label, kind = _matched_label(stored["labels"], text, stems, tier)
    prefs: dict[str, str] = stored["prefs"]
    shown_lang = lang if lang in prefs else doc_lang
    snippet, snippet_html = _snippet(stored["note"], stems, doc_lang)
    return SearchHit(
        id=stored["cid"],
        lang=shown_lang,
        pref_label=prefs.get(shown_lang) or next(iter(prefs.values()), stored["cid"]),
        pref_labels=prefs,
        matched_label=matched_label,
        matched_lang=doc_lang if matched_label else None,
        match=kind,
        tier=TIERS.index(tier),
        clusters=stored["clusters"].split(),
        snippet=snippet,
        snippet_html=snippet_html,
        snippet_lang=doc_lang,
        other_language=doc_lang != lang,
    )


def _matched_label(
    labels: list[tuple[str, str, str, str]], text: QueryText, stems: set[str], tier: str
) -> tuple[str | None, str]:
    """The label that best explains the match, and whether it is preferred or alternative."""
    kind_rank = {"pref": 0, "alt": 1, "hidden": 2}
    best: tuple[tuple[int, int, int, int], str, str] | None = None
    for kind, label, key, terms in labels:
        exact = key == text.key
        covered = len(stems & set(terms.split()))
        fuzzy = 0
        if not covered and tier in ("fuzzy", "partial"):
            fuzzy = _near_words(text.words, fold_words(label)) or int(_within_two(text.key, key))
        if not (exact or covered or fuzzy):
            continue
        rank = (-int(exact), -(covered + fuzzy), kind_rank.get(kind, 3), len(label))
        if best is None or rank < best[0]:
            best = (rank, label, kind)
    if best is None:
        return None, "definition"
    return best[1], "pref" if best[2] == "pref" else "alt"


def _near_words(words: tuple[str, ...], surface: list[str]) -> int:
    return sum(1 for word in words if any(_within_two(word, other) for other in surface))


def _within_two(first: str, second: str) -> bool:
    """True when two words of four to forty letters are at most two edits apart."""
    if abs(len(first) - len(second)) > 2 or len(first) < 4 or len(first) > 40:
        return False
    return int(Levenshtein.distance(first, second, score_cutoff=2)) <= 2


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\W+", re.UNICODE)
# A snippet reaches at most this many words further, or back, to keep a bracket whole.
BRACKET_REACH = 12


@lru_cache(maxsize=200_000)
def _token_stems(lang: str, token: str) -> frozenset[str]:
    """The stems a word of a definition is found by: its own, and those of the known words it
    starts or ends with, as the index splits compounds ("privacygevoelige" → "privacy")."""
    analyzer = query_analyzer(lang)
    stems: set[str] = set()
    for word in fold_words(token):
        stems.add(analyzer.stem(word))
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            stems.update((analyzer.stem(word[:cut]), analyzer.stem(word[cut:])))
    return frozenset(stems)


def _snippet(plain: str, stems: set[str], lang: str) -> tuple[str, str]:
    """A passage of the definition around the first query word, plain and with <mark>.

    Only words of at least MIN_PART letters count as compound parts, so a query word marks
    the compounds it is part of but no word marks a stray letter inside another."""
    if not plain:
        return "", ""
    tokens = _TOKEN.findall(plain)

    def marked(index: int) -> bool:
        # Asked only up to the first query word and within the passage shown: finding a
        # word's stems and compound parts is most of a snippet's cost.
        token = tokens[index]
        return token[0].isalnum() and bool(_token_stems(lang, token) & stems)

    word_positions = [index for index, token in enumerate(tokens) if token[0].isalnum()]
    first = next((index for index in word_positions if marked(index)), None)
    start_word = 0
    if first is not None:
        start_word = max(0, word_positions.index(first) - SNIPPET_WORDS // 3)
    window = word_positions[start_word : start_word + SNIPPET_WORDS]
    if not window:
        return "", ""
    begin, end = _outside_brackets(tokens, word_positions, window[0], window[-1] + 1, first)
    if end < len(tokens) and not tokens[end][0].isalnum() and tokens[end].strip() in ".!?":
        end += 1
    lead = "… " if any(token[0].isalnum() for token in tokens[:begin]) else ""
    tail = " …" if any(token[0].isalnum() for token in tokens[end:]) else ""
    plain_text = lead + "".join(tokens[begin:end]).strip() + tail
    pieces = [
        f"<mark>{html.escape(token)}</mark>" if marked(index) else html.escape(token)
        for index, token in enumerate(tokens[begin:end], begin)
    ]
    return plain_text, lead + "".join(pieces).strip() + tail


def _depths(tokens: list[str]) -> list[int]:
    """The bracket depth before each token, and after the last one."""
    depths, depth = [], 0
    for token in tokens:
        depths.append(depth)
        if not token[0].isalnum():
            depth = max(0, depth + token.count("(") - token.count(")"))
    depths.append(depth)
    return depths


def _outside_brackets(
    tokens: list[str], word_positions: list[int], begin: int, end: int, keep: int | None
) -> tuple[int, int]:
    """`tokens[begin:end]` moved so that neither edge is inside brackets: a citation such as
    "(Faresa, 2022)" is shown whole or not at all. An edge inside brackets reaches out past
    the bracket when it is near (BRACKET_REACH words), else draws back to outside it, unless
    that would lose the query word at `keep` (a long aside holding it stays cut, with "…")."""
    depths = _depths(tokens)

    def words_between(first: int, last: int) -> int:
        return sum(1 for index in word_positions if first <= index < last)

    if depths[end] > 0:
        closed = next((index for index in range(end, len(tokens)) if depths[index + 1] == 0), None)
        if closed is not None and words_between(end, closed) <= BRACKET_REACH:
            end = closed + 1
        else:
            before = max(
                (index for index in range(begin + 1, end) if depths[index] == 0), default=end
            )
            end = before if keep is None or keep < before else end
    if depths[begin] > 0:
        opened = max((index for index in range(begin) if depths[index] == 0), default=None)
        if opened is not None and words_between(opened, begin) <= BRACKET_REACH:
            begin = opened
        else:
            after = next((index for index in range(begin, end) if depths[index] == 0), begin)
            begin = after if keep is None or keep >= after else begin
    return begin, end


# --- did you mean -------------------------------------------------------------------------


def did_you_mean(
    searcher: Searcher, vocabulary: Vocabulary, text: QueryText, languages: list[str]
) -> list[str]:
    """Corrections of the query built from label words, as whole labels when they are one.

    Each unknown word becomes the closest label word (two typos at most, same first letter),
    the more frequent one among equally close words."""
    corrected: list[str] = []
    changed = False
    for word in text.words:
        if len(word) < 4 or searcher.frequency("surface", word) > 0:
            corrected.append(word)
            continue
        options = vocabulary.closest("surface", word, maxdist=2, prefix=1, limit=1)
        if options:
            corrected.append(options[0].word)
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return []
    suggestion = " ".join(corrected)
    key = "".join(corrected)
    # The documents whose label is the corrected query, few: their stored language is read
    # rather than intersecting with every document of a language.
    named = [
        searcher.stored(docnum)
        for field_name in ("pref_key", "alt_key")
        for docnum in sorted(matched_docs(searcher, Term(field_name, key)))
    ]
    for lang in languages:
        for stored in named:
            if stored["lang"] != lang:
                continue
            for _, label, label_key, _ in stored["labels"]:
                if label_key == key:
                    return [label]
    return [suggestion][:MAX_SUGGESTIONS]
