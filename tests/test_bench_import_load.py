"""The import-under-load benchmark's bookkeeping: variants are told apart by their marker, and
an answer is inconsistent when its body is not the variant of the revision its ETag names."""

from __future__ import annotations

from pathlib import Path

from bench.generate import CONCEPTS_FILE, generate
from bench.import_load import MARK_PATTERN, Answer, summary, variant
from glossary.importing import FrameworkFiles, read_framework


def test_a_variant_marks_every_dutch_definition_with_its_number(tmp_path: Path) -> None:
    generate(30, tmp_path / "source")
    path = variant(tmp_path / "source", tmp_path / "v2", 2)
    framework, _ = read_framework(FrameworkFiles.beside(path), source_language="nl")
    marks = {
        tuple(MARK_PATTERN.findall(concept.notes[("definition", "nl")]))
        for concept in framework.concepts
    }
    assert marks == {("2",)}
    assert sorted(p.name for p in (tmp_path / "v2").iterdir()) == sorted(
        p.name for p in (tmp_path / "source").iterdir()
    )
    assert (tmp_path / "v2" / CONCEPTS_FILE).exists()


def _answer(revision: int | None, *marks: int, kind: str = "concept_json") -> Answer:
    return Answer(kind, 200, 1.0, revision, frozenset(marks))


def test_answers_are_inconsistent_when_body_and_etag_name_different_imports() -> None:
    variants = {4: 0, 5: 1}
    answers = [
        _answer(4, 0),  # old body, old ETag: consistent
        _answer(5, 1),  # new body, new ETag: consistent
        _answer(5, 0),  # old body under the new ETag: stale
        _answer(5, 0, 1, kind="listing"),  # one answer mixing two imports
        _answer(6, 1),  # a revision no import produced
        _answer(5, 0, kind="search"),  # search bodies carry no definitions: not checked
    ]
    figures = summary(answers, variants)
    assert figures["checked"] == 5
    assert figures["inconsistent"] == 3


def test_readiness_answers_are_not_counted_as_readers_errors() -> None:
    answers = [
        Answer("readyz", 503, 1.0, None, frozenset()),
        Answer("search", 503, 1.0, None, frozenset()),
        Answer("concept_page", 0, 1.0, None, frozenset()),
    ]
    figures = summary(answers, {})
    assert figures["errors"] == 2
    assert figures["status_503"] == 1
    assert figures["readyz_not_ready"] == 1
