"""Search quality on the evaluation table: success@1 and mean reciprocal rank.

The table (tests/search_eval.tsv) names, for each query, the concept that must come first.
Every failing query is printed, so a drop in quality says which queries regressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from glossary.models import Concept, db
from glossary.search.analysis import compact
from tests import search_helpers as search

EVAL_TABLE = Path(__file__).parent / "search_eval.tsv"
MIN_SUCCESS_AT_1 = 0.95
MIN_MRR = 0.95
RANK_DEPTH = 10


@dataclass(frozen=True)
class EvalQuery:
    line: int
    query: str
    lang: str
    expected: frozenset[str]
    kind: str


def load_table() -> list[EvalQuery]:
    rows = []
    header_seen = False
    for number, line in enumerate(EVAL_TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        query, lang, expected, kind = line.split("\t")
        keys = frozenset(compact(label) for label in expected.split("|"))
        rows.append(EvalQuery(number, query, lang, keys, kind))
    return rows


def concept_label_keys(app: Flask) -> dict[str, set[str]]:
    with app.app_context():
        return {
            concept.slug: {compact(label.text) for label in concept.labels}
            for concept in db.session.query(Concept).all()
        }


def test_the_table_is_big_enough_and_covers_both_languages() -> None:
    table = load_table()
    assert sum(row.lang == "nl" for row in table) >= 80
    assert sum(row.lang == "en" for row in table) >= 30
    assert {"synonym", "typo", "hyphen", "compound-part", "inflection"} <= {r.kind for r in table}


def test_every_expected_label_exists(app: Flask) -> None:
    known = set().union(*concept_label_keys(app).values())
    unknown = [(row.line, row.query) for row in load_table() if not row.expected & known]
    assert unknown == []


def test_success_at_1_and_mrr(app: Flask) -> None:
    labels = concept_label_keys(app)
    table = load_table()
    reciprocal_ranks = []
    misses = []
    with app.app_context():
        for row in table:
            results = search.search(row.query, row.lang, limit=RANK_DEPTH).results
            rank = next(
                (
                    position
                    for position, hit in enumerate(results, 1)
                    if labels[hit.id] & row.expected
                ),
                None,
            )
            reciprocal_ranks.append(1 / rank if rank else 0.0)
            if rank != 1:
                firsts = [hit.id for hit in results[:3]]
                misses.append(f"line {row.line}: {row.query!r} ({row.kind}) rank {rank}: {firsts}")
    success_at_1 = sum(rr == 1.0 for rr in reciprocal_ranks) / len(table)
    mrr = sum(reciprocal_ranks) / len(table)
    print(f"\nsearch eval: {len(table)} queries, success@1 {success_at_1:.3f}, MRR {mrr:.3f}")
    print("\n".join(misses))
    assert success_at_1 >= MIN_SUCCESS_AT_1, misses
    assert mrr >= MIN_MRR, misses


@pytest.mark.parametrize("kind", ["synonym", "typo", "hyphen", "english"])
def test_each_kind_of_query_mostly_succeeds(app: Flask, kind: str) -> None:
    """A category cannot hide behind the overall average."""
    labels = concept_label_keys(app)
    rows = [row for row in load_table() if row.kind == kind]
    with app.app_context():
        firsts = [search.search(row.query, row.lang, limit=1).results for row in rows]
    passed = sum(
        bool(hits) and bool(labels[hits[0].id] & row.expected)
        for hits, row in zip(firsts, rows, strict=True)
    )
    assert passed / len(rows) >= MIN_SUCCESS_AT_1
