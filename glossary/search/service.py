"""Search, label completion and label resolution over the derived Whoosh index.

User text is analysed into terms (`analysis.py`) and queries are assembled from Whoosh query
objects; nothing the user types is ever parsed as query syntax, so quotes, `AND`, `*`, `~`,
brackets or 10 000 characters are just text.

Ranking is in tiers, and a concept appears once, in the best tier it reaches:

1. a preferred label equal to the query (case, accents, hyphens and spaces ignored);
2. an alternative label equal to the query — so a synonym lands on its concept first;
3. every query word in the labels (stems, joined words and compound parts);
4. every query word in the labels, the definition or the plain-language explanation (which
   weighs less) — a label match always outranks this;
5. only when nothing above matches: the same with typos tolerated; only when that matches
   nothing either, any single word.

Within a tier Whoosh's BM25F score orders the concepts (preferred label words weigh more than
alternative ones, which weigh more than compound parts). The result says which label matched.
When the query matches no label as typed, a "did you mean" is built from the label words.

Every search has a time budget (GLOSSARY_SEARCH_SECONDS): the exact-label stage always runs,
and each later stage (the words, the typo tiers, each presented hit, the "did you mean") only
while the budget lasts. A search that ran out returns what it found so far, marked
`complete=False`, and is not kept in the cache of recent searches.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from flask import current_app, has_app_context
from whoosh import query as q
from whoosh.searching import Hit, Searcher

from glossary.search.analysis import Analyzer, fold_words
from glossary.search.completion import Completion
from glossary.search.matching import matched_docs
from glossary.search.lifecycle import (
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
from glossary.search.typos import Vocabulary

__all__ = [
    "Completions",
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
SNIPPET_WORDS = 28
# Outcomes kept per process (see _RecentSearches).
RECENT_SEARCHES = 2048
MAX_SUGGESTIONS = 3
# A typo-tolerant word matches at most this many near terms. In a large vocabulary a long
# word has dozens within two edits, and each one is a posting list to read and score;
# the closest and most used few are the ones meant.
MAX_NEAR_TERMS = 8
# Seconds a search may take before it stops at the next stage (GLOSSARY_SEARCH_SECONDS).
# Searches of the benchmark mix take milliseconds; this stops a pathological one early.
DEFAULT_TIME_BUDGET = 0.5


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


class Completions(list[tuple[Completion, str]]):
    """Label completions, each with its concept's preferred label; a list that also says
    which index revision answered (None when the prefix has no words)."""

    def __init__(
        self, items: Iterable[tuple[Completion, str]] = (), index_revision: int | None = None
    ) -> None:
        super().__init__(items)
        self.index_revision = index_revision


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

# A label clause outweighs any definition clause, so label matches come before definition-only
# matches within one Whoosh search; `_tier_of` then orders the fetched hits exactly.
LABEL_BOOST = 1000.0
# The plain-language explanation is searched too, in everyday words, but weighs less than the
# definition: a concept is found "in your own words" without crowding out the definitions.
EXPLANATION_BOOST = 0.5


@dataclass(frozen=True)
class QueryTerms:
    """The query's compact key, its meaningful words and each word's stems in every language."""

    key: str
    words: tuple[str, ...]
    # Per word: its stem in each language of the index.
    stems: tuple[dict[str, str], ...]

    def stems_in(self, lang: str) -> list[str]:
        return [stems[lang] for stems in self.stems if lang in stems]


def _query_terms(text: QueryText, languages: list[str]) -> QueryTerms:
    analyzers = {lang: query_analyzer(lang) for lang in languages}
    meaningful = [
        word for word in text.words if not any(a.is_stopword(word) for a in analyzers.values())
    ]
    words = tuple(dict.fromkeys(meaningful or text.words))
    stems = tuple({lang: a.stem(word) for lang, a in analyzers.items()} for word in words)
    return QueryTerms(text.key, words, stems)


def _any_term(field_name: str, stems: dict[str, str], boost: float = 1.0) -> q.Query:
    """The word in any language, each language with its own stem ("nl:hulpverlener")."""
    terms = [q.Term(field_name, f"{lang}:{stem}", boost=boost) for lang, stem in stems.items()]
    return terms[0] if len(terms) == 1 else q.Or(terms)


def _near_terms(
    vocabulary: Vocabulary, field_name: str, word: str, maxdist: int, prefix: int
) -> q.Query | None:
    """The field's terms within `maxdist` typos of `word`, each matching alike (as Whoosh's
    FuzzyTerm does, without building an automaton per word); the closest MAX_NEAR_TERMS."""
    near = vocabulary.closest(field_name, word, maxdist, prefix, MAX_NEAR_TERMS)
    if not near:
        return None
    return q.ConstantScoreQuery(q.Or([q.Term(field_name, n.word) for n in near]))


def _fuzzy_clause(word: str, vocabulary: Vocabulary) -> q.Query | None:
    if len(word) < 4:
        return None
    distance = 1 if len(word) <= 6 else 2
    return _near_terms(vocabulary, "surface", word, distance, prefix=1)


def _key_fuzzy(key: str, vocabulary: Vocabulary) -> list[q.Query]:
    if len(key) < 6:
        return []
    distance = 1 if len(key) <= 8 else 2
    clauses = (
        _near_terms(vocabulary, name, key, distance, prefix=2) for name in ("pref_key", "alt_key")
    )
    return [clause for clause in clauses if clause is not None]


def _exact_query(terms: QueryTerms) -> q.Query:
    return q.Or([q.Term("pref_key", terms.key, boost=2.0), q.Term("alt_key", terms.key)])


def _words_query(terms: QueryTerms) -> q.Query:
    """Every word in a label or the definition; label clauses weigh LABEL_BOOST times more."""
    return q.And(
        [
            q.Or(
                [
                    _any_term("label", stems, LABEL_BOOST),
                    _any_term("definition", stems),
                    _any_term("explanation", stems, EXPLANATION_BOOST),
                ]
            )
            for stems in terms.stems
        ]
    )


def _tolerant_query(terms: QueryTerms, vocabulary: Vocabulary) -> q.Query:
    """Every word in a label, allowing typos; or the whole query close to a label."""
    clauses = []
    for word, stems in zip(terms.words, terms.stems, strict=True):
        fuzzy = _fuzzy_clause(word, vocabulary)
        label = _any_term("label", stems)
        clauses.append(q.Or([label, fuzzy]) if fuzzy is not None else label)
    return q.Or([q.And(clauses), *_key_fuzzy(terms.key, vocabulary)])


def _partial_query(terms: QueryTerms, vocabulary: Vocabulary) -> q.Query:
    """Any single word, in a label (typos allowed) or in the definition."""
    clauses: list[q.Query] = []
    for word, stems in zip(terms.words, terms.stems, strict=True):
        clauses.append(_any_term("label", stems, LABEL_BOOST))
        clauses.append(_any_term("definition", stems))
        clauses.append(_any_term("explanation", stems, EXPLANATION_BOOST))
        fuzzy = _fuzzy_clause(word, vocabulary)
        if fuzzy is not None:
            clauses.append(fuzzy)
    return q.Or(clauses)


TIERS = ("pref", "alt", "label", "definition", "fuzzy", "partial")
DEFINITION_TIER = TIERS.index("definition")


# --- search -------------------------------------------------------------------------------


def time_budget() -> float:
    """The seconds a search may take: GLOSSARY_SEARCH_SECONDS, or the default outside an app."""
    if not has_app_context():
        return DEFAULT_TIME_BUDGET
    return float(current_app.config.get("GLOSSARY_SEARCH_SECONDS", DEFAULT_TIME_BUDGET))


def search(query: str, lang: str, cluster: str | None = None, limit: int = 20) -> SearchOutcome:
    """Concepts for `query`, best first; `lang` is the language labels are shown in.

    No query may hold a worker for long: after the time budget the search stops at the next
    stage and returns what it has (`complete` False) rather than an error.
    """
    outcome = SearchOutcome(query=query)
    text = analyse(query)
    if not text.words:
        return outcome
    limit = max(1, min(limit, MAX_LIMIT))
    for attempt in range(2):
        opened = open_index()
        # The budget is for the search itself: opening (or building) the index is not in it.
        deadline = time.monotonic() + time_budget()
        key = (opened.version.name, text.words, lang, cluster, limit)
        cached = _recent.get(key)
        if cached is not None:
            return SearchOutcome(
                query,
                cached.total,
                list(cached.results),
                list(cached.suggestions),
                opened.revision,
            )
        try:
            found = _search(opened, text, outcome, lang, cluster, limit, deadline)
        except SearchUnavailable:
            raise
        except Exception:
            # A version damaged after it was opened: check the disk again, rebuild, retry.
            forget_opened()
            if attempt:
                raise
            continue
        if found.complete:
            _recent.put(key, found)
        return found
    return outcome


class _RecentSearches:
    """The outcomes of recent searches, per index version (a new version misses the cache).

    Queries in a terminology service repeat a lot (the autocomplete leads to the same terms),
    and an outcome depends only on the version and the analysed query, so it can be kept.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[object, ...], SearchOutcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> SearchOutcome | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], outcome: SearchOutcome) -> None:
        with self._lock:
            self._items[key] = outcome
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


_recent = _RecentSearches(RECENT_SEARCHES)


@dataclass
class _Found:
    """Documents collected so far, one per concept, with their tier."""

    limit: int
    docs: list[tuple[int, str]] = field(default_factory=list)
    concepts: set[str] = field(default_factory=set)

    @property
    def full(self) -> bool:
        return len(self.docs) >= self.limit

    def add(self, concept_id: str, docnum: int, tier: str) -> None:
        if concept_id not in self.concepts and not self.full:
            self.concepts.add(concept_id)
            self.docs.append((docnum, tier))


def _search(
    opened: OpenIndex,
    text: QueryText,
    outcome: SearchOutcome,
    lang: str,
    cluster: str | None,
    limit: int,
    deadline: float,
) -> SearchOutcome:
    def out_of_time() -> bool:
        if time.monotonic() >= deadline:
            outcome.complete = False
        return not outcome.complete

    searcher = opened.searcher()
    terms = _query_terms(text, list(opened.version.details["languages"]))
    restrict = q.Term("clusters", cluster) if cluster else None
    column = searcher.reader().column_reader("cid")
    found = _Found(limit)
    # Each concept has a document per language: fetch enough documents to fill `limit`.
    fetch = limit * 3
    exact_query, words_query = _exact_query(terms), _words_query(terms)
    exact = searcher.search(exact_query, limit=fetch, filter=restrict)
    for hit in exact:
        found.add(column[hit.docnum], hit.docnum, "pref")  # pref or alt: see _matched_label
    matched = matched_docs(searcher, exact_query, restrict)
    if not out_of_time():
        words = searcher.search(words_query, limit=fetch, filter=restrict)
        classified = sorted(
            (
                (TIERS.index(_words_tier(hit, terms)), rank, hit.docnum)
                for rank, hit in enumerate(words)
            ),
        )
        for tier, _, docnum in classified:
            found.add(column[docnum], docnum, TIERS[tier])
        matched |= matched_docs(searcher, words_query, restrict)
    vocabulary = opened.vocabulary
    # Typos are tolerated only when nothing matches as typed; any single word only when
    # nothing matches with typos either (at 10 000 concepts, a common word of a typo query
    # matched thousands of definitions: scoring them was most of a typo search's time).
    for tier, build in (("fuzzy", _tolerant_query), ("partial", _partial_query)):
        if matched or out_of_time():
            break
        query = build(terms, vocabulary)
        results = searcher.search(query, limit=fetch, filter=restrict)
        for hit in results:
            found.add(column[hit.docnum], hit.docnum, tier)
        matched = matched_docs(searcher, query, restrict)
    outcome.index_revision = opened.revision
    outcome.total = len({column[docnum] for docnum in matched})
    outcome.results = []
    for docnum, tier in found.docs:
        # The first hit is always presented, so a search that ran out still answers.
        if outcome.results and out_of_time():
            break
        outcome.results.append(_hit(searcher, docnum, tier, text, terms, lang))
    weak = not outcome.results or outcome.results[0].tier >= DEFINITION_TIER
    if weak and not out_of_time():
        outcome.suggestions = _did_you_mean(
            searcher, opened.vocabulary, text, list(opened.version.details["languages"])
        )
    return outcome


def _words_tier(hit: Hit, terms: QueryTerms) -> str:
    """ "label" when every word is in the document's labels, else "definition"."""
    label_terms = {term for *_, label_terms in hit["labels"] for term in label_terms.split()}
    in_labels = all(stem in label_terms for stem in terms.stems_in(hit["lang"]))
    return "label" if in_labels else "definition"


# --- presenting a hit ---------------------------------------------------------------------


def _hit(
    searcher: Searcher, docnum: int, tier: str, text: QueryText, terms: QueryTerms, lang: str
) -> SearchHit:
    stored = searcher.stored_fields(docnum)
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


@lru_cache(maxsize=200_000)
def _token_stems(lang: str, token: str) -> frozenset[str]:
    analyzer = query_analyzer(lang)
    return frozenset(analyzer.stem(word) for word in fold_words(token))


def _snippet(plain: str, stems: set[str], lang: str) -> tuple[str, str]:
    """A passage of the definition around the first query word, plain and with <mark>."""
    if not plain:
        return "", ""
    tokens = _TOKEN.findall(plain)
    marked = [token[0].isalnum() and bool(_token_stems(lang, token) & stems) for token in tokens]
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


def _did_you_mean(
    searcher: Searcher, vocabulary: Vocabulary, text: QueryText, languages: list[str]
) -> list[str]:
    """Corrections of the query built from label words, as whole labels when they are one.

    Each unknown word becomes the closest label word (two typos at most, same first letter),
    the more frequent one among equally close words."""
    known = searcher.reader()
    corrected: list[str] = []
    changed = False
    for word in text.words:
        if len(word) < 4 or known.frequency("surface", word) > 0:
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
        searcher.stored_fields(docnum)
        for field_name in ("pref_key", "alt_key")
        for docnum in sorted(matched_docs(searcher, q.Term(field_name, key)))
    ]
    for lang in languages:
        for stored in named:
            if stored["lang"] != lang:
                continue
            for _, label, label_key, _ in stored["labels"]:
                if label_key == key:
                    return [label]
    return [suggestion][:MAX_SUGGESTIONS]


# --- completion ---------------------------------------------------------------------------


def complete(prefix: str, lang: str, limit: int = 10) -> Completions:
    """Label completions of `prefix`, each with the preferred label (in `lang`) of its concept."""
    if not fold_words(prefix[:200]):
        return Completions([])
    opened = open_index()
    completions = opened.completions.complete(prefix[:200], lang, max(1, min(limit, MAX_LIMIT)))
    prefs = opened.completions
    return Completions(
        [(item, prefs.pref_label(item.concept_id, lang)) for item in completions], opened.revision
    )
