"""From what the user typed to the engine queries of each ranking tier.

User text is analysed into terms (`analysis.py`) and queries are assembled from the engine's
query vocabulary (`engine.Term`, `AnyOf`, `AllOf`, `Constant`); nothing the user types is
ever parsed as query syntax, so quotes, `AND`, `*`, `~`, brackets or 10 000 characters are
just text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from glossary.search.analysis import Analyzer, fold_words
from glossary.search.engine import AllOf, AnyOf, Constant, Query, Term
from glossary.search.typos import Vocabulary

# At most this many words of a query are used; the rest of a very long text is ignored.
MAX_QUERY_WORDS = 24
# A typo-tolerant word matches at most this many near terms. In a large vocabulary a long
# word has dozens within two edits, and each one is a posting list to read and score;
# the closest and most used few are the ones meant.
MAX_NEAR_TERMS = 8
# A label clause outweighs any definition clause, so label matches come before definition-only
# matches within one engine search; the ranking then orders the fetched hits exactly.
LABEL_BOOST = 1000.0
# The plain-language explanation is searched too, in everyday words, but weighs less than the
# definition: a concept is found "in your own words" without crowding out the definitions.
EXPLANATION_BOOST = 0.5

TIERS = ("pref", "alt", "label", "definition", "fuzzy", "partial")
DEFINITION_TIER = TIERS.index("definition")
# The tiers of a label equal to the whole query.
EXACT_TIER = TIERS.index("alt")


@lru_cache(maxsize=32)
def query_analyzer(lang: str) -> Analyzer:
    """Query-side analysis: folding, stop words and stemming (no compound lexicon needed)."""
    return Analyzer(lang)


@dataclass(frozen=True)
class QueryText:
    """The analysed query: folded words and their compact key."""

    words: tuple[str, ...]
    key: str


def analyse(text: str) -> QueryText:
    words = tuple(fold_words(text[: MAX_QUERY_WORDS * 40])[:MAX_QUERY_WORDS])
    return QueryText(words, "".join(words))


@dataclass(frozen=True)
class QueryTerms:
    """The query's compact key, its meaningful words and each word's stems in every language."""

    key: str
    words: tuple[str, ...]
    # Per word: its stem in each language of the index.
    stems: tuple[dict[str, str], ...]

    def stems_in(self, lang: str) -> list[str]:
        return [stems[lang] for stems in self.stems if lang in stems]


def query_terms(text: QueryText, languages: list[str]) -> QueryTerms:
    """The words that carry meaning (all of them when every word is a stop word), stemmed in
    each language of the index.

    A single letter or a number never matches on its own: it is either written against a word
    ("e-zorg", "m health" are the words "ezorg", "mhealth", as labels are indexed with their
    joined neighbours) or left out, so that "e-zorg" does not find every text holding an "e"
    and "zorgen", nor `<script>alert(2)` a label with a "2". Letters and numbers still count in
    the exact-label stage, which compares the whole query ("jeugdzorg 2.0").
    """
    analyzers = {lang: query_analyzer(lang) for lang in languages}
    meaningful = [
        word for word in text.words if not any(a.is_stopword(word) for a in analyzers.values())
    ]
    words = tuple(dict.fromkeys(_join_letters(meaningful or list(text.words))))
    stems = tuple({lang: a.stem(word) for lang, a in analyzers.items()} for word in words)
    return QueryTerms(text.key, words, stems)


def is_stray(word: str) -> bool:
    """A single letter or a number: too common to mean anything on its own."""
    return len(word) == 1 or word.isdigit()


def _join_letters(words: list[str]) -> list[str]:
    """Single letters joined to the word after them (or, at the end, before them); numbers
    and letters with no word beside them dropped."""
    joined: list[str] = []
    pending = ""
    for word in words:
        if word.isdigit():
            continue
        if len(word) == 1:
            pending += word
            continue
        joined.append(pending + word)
        pending = ""
    if pending and joined:
        joined[-1] += pending
    return joined


def _any_term(field_name: str, stems: dict[str, str], boost: float = 1.0) -> Query:
    """The word in any language, each language with its own stem ("nl:hulpverlener")."""
    terms = [Term(field_name, f"{lang}:{stem}", boost) for lang, stem in stems.items()]
    return terms[0] if len(terms) == 1 else AnyOf(tuple(terms))


def _near_terms(
    vocabulary: Vocabulary, field_name: str, word: str, maxdist: int, prefix: int
) -> Query | None:
    """The field's terms within `maxdist` typos of `word`, each matching alike (as Whoosh's
    FuzzyTerm does, without building an automaton per word); the closest MAX_NEAR_TERMS."""
    near = vocabulary.closest(field_name, word, maxdist, prefix, MAX_NEAR_TERMS)
    if not near:
        return None
    return Constant(AnyOf(tuple(Term(field_name, n.word) for n in near)))


def _fuzzy_clause(word: str, vocabulary: Vocabulary) -> Query | None:
    if len(word) < 4:
        return None
    distance = 1 if len(word) <= 6 else 2
    return _near_terms(vocabulary, "surface", word, distance, prefix=1)


def _key_fuzzy(key: str, vocabulary: Vocabulary) -> list[Query]:
    if len(key) < 6:
        return []
    distance = 1 if len(key) <= 8 else 2
    clauses = (
        _near_terms(vocabulary, name, key, distance, prefix=2) for name in ("pref_key", "alt_key")
    )
    return [clause for clause in clauses if clause is not None]


def exact_query(terms: QueryTerms) -> Query:
    """A preferred or alternative label equal to the query (the preferred one weighs more)."""
    return AnyOf((Term("pref_key", terms.key, 2.0), Term("alt_key", terms.key)))


def words_query(terms: QueryTerms) -> Query:
    """Every word in a label or the definition; label clauses weigh LABEL_BOOST times more."""
    return AllOf(
        tuple(
            AnyOf(
                (
                    _any_term("label", stems, LABEL_BOOST),
                    _any_term("definition", stems),
                    _any_term("explanation", stems, EXPLANATION_BOOST),
                )
            )
            for stems in terms.stems
        )
    )


def label_words_query(terms: QueryTerms) -> Query:
    """Every word in a label of the document's language (its stems, joined neighbours or
    compound parts): the "label" tier, told from "definition" by posting lists instead of
    reading each hit's stored labels."""
    return AllOf(tuple(_any_term("label", stems) for stems in terms.stems))


def tolerant_query(terms: QueryTerms, vocabulary: Vocabulary) -> Query:
    """Every word in a label, allowing typos; or the whole query close to a label."""
    clauses: list[Query] = []
    for word, stems in zip(terms.words, terms.stems, strict=True):
        fuzzy = _fuzzy_clause(word, vocabulary)
        label = _any_term("label", stems)
        clauses.append(AnyOf((label, fuzzy)) if fuzzy is not None else label)
    return AnyOf((AllOf(tuple(clauses)), *_key_fuzzy(terms.key, vocabulary)))


def partial_query(terms: QueryTerms, vocabulary: Vocabulary) -> Query:
    """Any single word, in a label (typos allowed) or in the definition."""
    clauses: list[Query] = []
    for word, stems in zip(terms.words, terms.stems, strict=True):
        clauses.append(_any_term("label", stems, LABEL_BOOST))
        clauses.append(_any_term("definition", stems))
        clauses.append(_any_term("explanation", stems, EXPLANATION_BOOST))
        fuzzy = _fuzzy_clause(word, vocabulary)
        if fuzzy is not None:
            clauses.append(fuzzy)
    return AnyOf(tuple(clauses))
