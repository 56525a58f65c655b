"""The engine's writer (its shortcuts in engine/codec.py and engine/writing.py) writes what
Whoosh's own writer writes: the same postings, field lengths and stored fields, ranked the
same; only where short posting lists are kept differs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from whoosh import index

from glossary.models import db
from glossary.search.engine import SCHEMA, AnyOf, Engine, Term, to_whoosh
from glossary.search.index_build import _document, analyzers_for, read_concepts, write_index
from tests.conftest import SCHEME_ID


@pytest.fixture
def folders(app: Flask, tmp_path: Path) -> tuple[Path, Path]:
    """The bundled framework written by the engine and, document for document, by Whoosh's
    own writer with its default codec."""
    ours, whoosh = tmp_path / "engine", tmp_path / "whoosh"
    ours.mkdir()
    whoosh.mkdir()
    with app.app_context():
        concepts = read_concepts(db.session, SCHEME_ID)
    write_index(ours, concepts)
    analyzers = analyzers_for(concepts)
    writer = index.create_in(str(whoosh), SCHEMA).writer()
    for concept in concepts:
        for lang in concept.labels:
            writer.add_document(**_document(concept, lang, analyzers[lang]))
    writer.commit()
    return ours, whoosh


def _postings(folder: Path) -> Iterator[tuple[str, str, tuple[Any, ...], list[Any]]]:
    with index.open_dir(str(folder)).reader() as reader:
        for name in SCHEMA.names():
            if not SCHEMA[name].indexed:
                continue
            for text in reader.field_terms(name):
                postings = reader.postings(name, text)
                items: list[tuple[int, float, bytes]] = []
                while postings.is_active():
                    # No value reads as None from a block and as "" from an inline list.
                    items.append((postings.id(), postings.weight(), postings.value() or b""))
                    postings.next()
                info = reader.term_info(name, text)
                stats = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    info.min_id(),
                    info.max_id(),
                )
                yield name, text, stats, items


def test_every_term_has_whooshs_postings_and_statistics(
    folders: tuple[Path, Path],
) -> None:
    ours, whoosh = folders
    assert list(_postings(ours)) == list(_postings(whoosh))


def test_every_document_has_the_lengths_and_stored_fields_whoosh_writes(
    folders: tuple[Path, Path],
) -> None:
    ours, whoosh = folders
    with index.open_dir(str(ours)).reader() as mine, index.open_dir(str(whoosh)).reader() as theirs:
        assert mine.doc_count_all() == theirs.doc_count_all() > 0
        for name in ("label", "definition", "explanation"):
            assert mine.field_length(name) == theirs.field_length(name)
            for docnum in range(mine.doc_count_all()):
                assert mine.doc_field_length(docnum, name) == theirs.doc_field_length(docnum, name)
        for docnum in range(mine.doc_count_all()):
            assert mine.stored_fields(docnum) == theirs.stored_fields(docnum)


def test_terms_held_by_few_documents_are_kept_inline(folders: tuple[Path, Path]) -> None:
    ours, whoosh = folders
    with index.open_dir(str(ours)).reader() as mine, index.open_dir(str(whoosh)).reader() as theirs:
        label_terms = list(mine.field_terms("label"))
        assert any(mine.term_info("label", text).is_inlined() for text in label_terms)
        assert not any(theirs.term_info("label", text).is_inlined() for text in label_terms)
        common = max(label_terms, key=lambda text: mine.doc_frequency("label", text))
        assert not mine.term_info("label", common).is_inlined()
    size = sum(path.stat().st_size for path in ours.iterdir() if path.suffix == ".seg")
    assert size < sum(path.stat().st_size for path in whoosh.iterdir() if path.suffix == ".seg")


@pytest.mark.parametrize("words", [["digital", "hulp"], ["mediawijs"], ["dossier", "privacy"]])
def test_a_search_ranks_and_scores_as_on_whooshs_own_index(
    folders: tuple[Path, Path], words: list[str]
) -> None:
    ours, whoosh = folders
    query = AnyOf(
        tuple(
            Term(name, f"nl:{word}", boost)
            for word in words
            for name, boost in (("label", 3.0), ("definition", 1.0), ("explanation", 0.5))
        )
    )
    results = []
    for folder in (ours, whoosh):
        with index.open_dir(str(folder)).searcher() as searcher:
            hits = searcher.search(to_whoosh(query), limit=None)
            results.append([(hit.docnum, round(hit.score, 9)) for hit in hits])
    assert results[0] == results[1]
    assert results[0]
    ranked = Engine.open(ours).searcher().search(query, 60)
    assert ranked == [docnum for docnum, _ in results[1][:60]]


@pytest.mark.parametrize("documents", [300, 256])
def test_a_term_held_by_many_documents_is_written_in_blocks_as_whoosh_writes_it(
    tmp_path: Path, documents: int
) -> None:
    ours, whoosh = tmp_path / "engine", tmp_path / "whoosh"
    ours.mkdir()
    whoosh.mkdir()
    rows = [
        {
            "cid": f"c{number}",
            "lang": "nl",
            "definition": ["nl:common"] * (number % 3 + 1)
            + [f"nl:w{number % 40}", f"nl:x{number}"],
            "surface": ["common", f"s{number % 7}"],
        }
        for number in range(documents)
    ]
    with Engine.create(ours) as writer:
        writer.add_documents(rows)
    theirs = index.create_in(str(whoosh), SCHEMA).writer()
    for row in rows:
        theirs.add_document(**row)
    theirs.commit()
    assert list(_postings(ours)) == list(_postings(whoosh))
    with index.open_dir(str(ours)).reader() as reader:
        assert not reader.term_info("definition", "nl:common").is_inlined()
        assert reader.term_info("definition", "nl:x5").is_inlined()
