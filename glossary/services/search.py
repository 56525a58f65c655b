"""Search, label completion and label resolution over the derived Whoosh index.

User text is analysed into terms (`analysis.py`) and queries are assembled from Whoosh query
objects; nothing the user types is ever parsed as query syntax, so quotes, `AND`, `*`, `~`,
brackets or 10 000 characters are just text.

Ranking is in tiers, and a concept appears once, in the best tier it reaches:

1. a preferred label equal to the query (case, accents, hyphens and spaces ignored);
2. an alternative label equal to the query — so a synonym lands on its concept first;
3. every query word in the labels (stems, joined words and compound parts);
4. every query word in the labels or the definition — a label match always outranks this;
5. only when nothing above matches: the same with typos tolerated, then any single word.

Within a tier Whoosh's BM25F score orders the concepts (preferred label words weigh more than
alternative ones, which weigh more than compound parts). The result says which label matched.
When the query matches no label as typed, a "did you mean" is built from the label words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import query as q
from whoosh.searching import Searcher

from glossary.formats.markdown import render_plain
from glossary.services.analysis import Analyzer, fold_words
from glossary.services.completion import Completion
from glossary.services.search_index import (
    IndexReport,
    IndexState,
    OpenIndex,
    SearchUnavailable,
    ensure_current_index,
    forget_opened,
    index_state,
    open_index,
    rebuild_index,
)

__all__ = [
    "IndexReport",
    "IndexState",
    "SearchHit",
    "SearchOutcome",
    "SearchUnavailable",
    "complete",
    "ensure_current_index",
    "index_state",
    "rebuild_index",
    "search",
]

# At most this many words of a query are used; the rest of a very long text is ignored.
MAX_QUERY_WORDS = 24
MAX_LIMIT = 100
FIELD_BOOSTS = {"pref": 3.0, "alt": 2.0, "parts": 1.0}
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


@dataclass
class SearchOutcome:
    query: str
    total: int = 0
    results: list[SearchHit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


@lru_cache(maxsize=32)
def query_analyzer(lang: str) -> Analyzer:
    """Query-side analysis: folding, stop words and stemming (no compound lexicon needed)."""
    return Analyzer(lang)


@dataclass(frozen=True)
class QueryText:
    """The analysed query: folded words, their compact key and the words that carry meaning."""

    words: tuple[str, ...]
    key: str

    def content(self, analyzer: Analyzer) -> list[str]:
        meaningful = [word for word in self.words if not analyzer.is_stopword(word)]
        return list(dict.fromkeys(meaningful or self.words))


def analyse(text: str) -> QueryText:
    words = tuple(fold_words(text[: MAX_QUERY_WORDS * 40])[:MAX_QUERY_WORDS])
    return QueryText(words, "".join(words))


# --- query construction ---------------------------------------------------------------------


def _label_clause(stem: str) -> q.Query:
    return q.Or([q.Term(name, stem, boost=boost) for name, boost in FIELD_BOOSTS.items()])


def _fuzzy_clause(word: str) -> q.Query | None:
    if len(word) < 4:
        return None
    distance = 1 if len(word) <= 6 else 2
    return q.FuzzyTerm("surface", word, maxdist=distance, prefixlength=1)


def _key_fuzzy(key: str) -> list[q.Query]:
    if len(key) < 6:
        return []
    distance = 1 if len(key) <= 8 else 2
    return [
        q.FuzzyTerm(name, key, maxdist=distance, prefixlength=2) for name in ("pref_key", "alt_key")
    ]


def _tiers(text: QueryText, lang: str) -> dict[str, q.Query]:
    """The tier queries for documents in `lang`, analysed with that language's rules."""
    analyzer = query_analyzer(lang)
    content = text.content(analyzer)
    stems = [analyzer.stem(word) for word in content]
    label = [_label_clause(stem) for stem in stems]
    anywhere = [
        q.Or([clause, q.Term("definition", stem)])
        for clause, stem in zip(label, stems, strict=True)
    ]
    tolerant = []
    for word, clause in zip(content, label, strict=True):
        fuzzy = _fuzzy_clause(word)
        tolerant.append(q.Or([clause, fuzzy]) if fuzzy is not None else clause)
    some = [*tolerant, *(q.Term("definition", stem) for stem in stems)]
    return {
        "pref": q.Term("pref_key", text.key),
        "alt": q.Term("alt_key", text.key),
        "label": q.And(label),
        "definition": q.And(anywhere),
        "fuzzy": q.Or([q.And(tolerant), *_key_fuzzy(text.key)]),
        "partial": q.Or(some),
    }


EXACT_TIERS = ("pref", "alt", "label", "definition")
FALLBACK_TIERS = ("fuzzy", "partial")


def _across_languages(parts: dict[str, q.Query]) -> q.Query:
    return q.Or([q.And([q.Term("lang", lang), tier]) for lang, tier in parts.items()])


# --- search -------------------------------------------------------------------------------


def search(query: str, lang: str, cluster: str | None = None, limit: int = 20) -> SearchOutcome:
    """Concepts for `query`, best first; `lang` is the language labels are shown in."""
    outcome = SearchOutcome(query=query)
    text = analyse(query)
    if not text.words:
        return outcome
    limit = max(1, min(limit, MAX_LIMIT))
    for attempt in range(2):
        opened = open_index()
        try:
            return _search(opened, text, outcome, lang, cluster, limit)
        except SearchUnavailable:
            raise
        except Exception:
            # A version damaged after it was opened: check the disk again, rebuild, retry.
            forget_opened()
            if attempt:
                raise
    return outcome


def _search(
    opened: OpenIndex,
    text: QueryText,
    outcome: SearchOutcome,
    lang: str,
    cluster: str | None,
    limit: int,
) -> SearchOutcome:
    searcher = opened.searcher()
    languages = list(opened.version.details["languages"])
    tiers = {lang_: _tiers(text, lang_) for lang_ in languages}
    restrict = q.Term("clusters", cluster) if cluster else None

    def tier_query(name: str) -> q.Query:
        return _across_languages({lang_: tiers[lang_][name] for lang_ in languages})

    found = _collect(searcher, [(name, tier_query(name)) for name in EXACT_TIERS], restrict, limit)
    union = q.Or([tier_query(name) for name in EXACT_TIERS])
    if not found:
        found = _collect(
            searcher, [(name, tier_query(name)) for name in FALLBACK_TIERS], restrict, limit
        )
        union = q.Or([tier_query(name) for name in FALLBACK_TIERS])
    outcome.total = _count_concepts(searcher, union, restrict)
    outcome.results = [_hit(searcher, docnum, tier, text, lang) for docnum, tier in found]
    if not outcome.results or outcome.results[0].tier >= len(EXACT_TIERS) - 1:
        outcome.suggestions = _did_you_mean(searcher, text, languages)
    return outcome


def _collect(
    searcher: Searcher, tiers: list[tuple[str, q.Query]], restrict: q.Query | None, limit: int
) -> list[tuple[int, str]]:
    """The best `limit` documents, one per concept, tier by tier."""
    column = searcher.reader().column_reader("cid")
    seen: set[str] = set()
    found: list[tuple[int, str]] = []
    for name, tier in tiers:
        if len(found) >= limit:
            break
        # Each concept has a document per language: ask for enough to fill `limit` concepts.
        hits = searcher.search(tier, limit=(limit - len(found)) * 3 + len(seen), filter=restrict)
        for hit in hits:
            concept_id = column[hit.docnum]
            if concept_id in seen:
                continue
            seen.add(concept_id)
            found.append((hit.docnum, name))
            if len(found) >= limit:
                break
    return found


def _count_concepts(searcher: Searcher, union: q.Query, restrict: q.Query | None) -> int:
    matcher_query = q.And([union, restrict]) if restrict is not None else union
    column = searcher.reader().column_reader("cid")
    return len({column[docnum] for docnum in searcher.docs_for_query(matcher_query)})


# --- presenting a hit ---------------------------------------------------------------------


def _hit(searcher: Searcher, docnum: int, tier: str, text: QueryText, lang: str) -> SearchHit:
    stored = searcher.stored_fields(docnum)
    doc_lang = stored["lang"]
    analyzer = query_analyzer(doc_lang)
    stems = {analyzer.stem(word) for word in text.content(analyzer)}
    if tier == "definition":
        matched_label, kind = None, "definition"
    else:
        matched_label, kind = _matched_label(stored["labels"], text, stems, tier)
    prefs: dict[str, str] = stored["prefs"]
    shown_lang = lang if lang in prefs else doc_lang
    snippet, snippet_html = _snippet(stored["note"], stems, analyzer)
    return SearchHit(
        id=stored["cid"],
        lang=shown_lang,
        pref_label=prefs.get(shown_lang) or next(iter(prefs.values()), stored["cid"]),
        pref_labels=prefs,
        matched_label=matched_label,
        matched_lang=doc_lang if matched_label else None,
        match=kind,
        tier=(*EXACT_TIERS, *FALLBACK_TIERS).index(tier),
        clusters=stored["clusters"].split(),
        snippet=snippet,
        snippet_html=snippet_html,
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
        if not covered and tier in FALLBACK_TIERS:
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
    """True when two words are at most two edits apart (Levenshtein)."""
    if abs(len(first) - len(second)) > 2 or len(first) < 4 or len(first) > 40:
        return False
    previous = list(range(len(second) + 1))
    for row, left in enumerate(first, 1):
        current = [row]
        for column, right in enumerate(second, 1):
            current.append(
                min(
                    previous[column] + 1,
                    current[column - 1] + 1,
                    previous[column - 1] + (left != right),
                )
            )
        previous = current
    return previous[-1] <= 2


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\W+", re.UNICODE)


def _snippet(note: str, stems: set[str], analyzer: Analyzer) -> tuple[str, str]:
    """A passage of the definition around the first query word, plain and with <mark>."""
    plain = " ".join(render_plain(note).split()) if note else ""
    if not plain:
        return "", ""
    tokens = _TOKEN.findall(plain)
    marked = [
        token[0].isalnum() and any(analyzer.stem(word) in stems for word in fold_words(token))
        for token in tokens
    ]
    word_positions = [index for index, token in enumerate(tokens) if token[0].isalnum()]
    first = next((index for index in word_positions if marked[index]), None)
    start_word = 0
    if first is not None:
        start_word = max(0, word_positions.index(first) - SNIPPET_WORDS // 3)
    window = word_positions[start_word : start_word + SNIPPET_WORDS]
    if not window:
        return "", ""
    begin = window[0]
    end = window[-1] + 1
    if end < len(tokens) and not tokens[end][0].isalnum() and tokens[end].strip() in ".!?":
        end += 1
    lead = "… " if any(token[0].isalnum() for token in tokens[:begin]) else ""
    tail = " …" if any(token[0].isalnum() for token in tokens[end:]) else ""
    plain_text = lead + "".join(tokens[begin:end]).strip() + tail
    pieces = [
        f"<mark>{html.escape(token)}</mark>" if marked[index] else html.escape(token)
        for index, token in enumerate(tokens[begin:end], begin)
    ]
    return plain_text, lead + "".join(pieces).strip() + tail


# --- did you mean -------------------------------------------------------------------------


def _did_you_mean(searcher: Searcher, text: QueryText, languages: list[str]) -> list[str]:
    """Corrections of the query built from label words, as whole labels when they are one."""
    corrector = searcher.corrector("surface")
    known = searcher.reader()
    corrected: list[str] = []
    changed = False
    for word in text.words:
        if len(word) < 4 or known.frequency("surface", word) > 0:
            corrected.append(word)
            continue
        options = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        if options:
            corrected.append(options[0])
            changed = True
        else:
            corrected.append(word)
    if not changed:
        return []
    suggestion = " ".join(corrected)
    key = "".join(corrected)
    for lang in languages:
        for field_name in ("pref_key", "alt_key"):
            docnums = list(searcher.document_numbers(**{field_name: key, "lang": lang}))
            for docnum in docnums[:1]:
                for _, label, label_key, _ in searcher.stored_fields(docnum)["labels"]:
                    if label_key == key:
                        return [label]
    return [suggestion][:MAX_SUGGESTIONS]


# --- completion ---------------------------------------------------------------------------


def complete(prefix: str, lang: str, limit: int = 10) -> list[tuple[Completion, str]]:
    """Label completions of `prefix`, each with the preferred label (in `lang`) of its concept."""
    if not fold_words(prefix[:200]):
        return []
    opened = open_index()
    completions = opened.completions.complete(prefix[:200], lang, max(1, min(limit, MAX_LIMIT)))
    prefs = opened.completions
    return [(item, prefs.pref_label(item.concept_id, lang)) for item in completions]
