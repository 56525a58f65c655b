"""Publishing a concept updates the search index incrementally (issue 14).

A new data revision whose change log names a few concepts gives a new index version derived
from the previous one, with only those concepts' documents rewritten; every other host (an
app with its own index folder on the same database) applies the same update from the change
log. A missing or damaged index, or one too far behind, is still rebuilt in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from glossary.importing import Rules, apply_change, export_framework, plan_change
from glossary.models import db
from glossary.records import ConceptRecord, Framework
from glossary.search import completion, lifecycle
from glossary.search.engine import Engine
from glossary.search.index_store import BUILD_PREFIX, POINTER
from tests import search_helpers as search
from tests.conftest import SCHEME_ID, make_app

RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")
# A concept of the bundled framework, and labels found nowhere else.
SLUG = "roadmap"
NEW_LABEL = "Incrementeelproefwoord"
OTHER_LABEL = "Tweedeproefbenaming"
QUERIES = (
    "e-hulp",
    "hulpverlening",
    "jongeren",
    "ouders",
    "privacy",
    "mediawijsheid",
    "stappenplan",
    "online",
    "dossier",
    "gezin",
    "chat",
    "vertrouwen",
)


def stored_concept(slug: str) -> ConceptRecord:
    framework, _ = export_framework(db.session, SCHEME_ID)
    return next(record for record in framework.concepts if record.slug == slug)


def publish_alt_label(slug: str, label: str) -> list[str]:
    """Replace the concept's Dutch alternative labels by `label`, as the editor publishes;
    the labels it had."""
    record = stored_concept(slug)
    old = list(record.labels["nl"].alt)
    labels = dict(record.labels)
    labels["nl"] = replace(labels["nl"], alt=(label,))
    change = Framework(clusters=[], sources=[], concepts=[replace(record, labels=labels)])
    _, revision = apply_change(db.session, plan_change(db.session, SCHEME_ID, change, RULES))
    assert revision is not None
    return old


def found(query: str) -> list[str]:
    return [hit.id for hit in search.search(query, "nl").results]


def report() -> lifecycle.IndexReport:
    last = lifecycle.last_report(search.index())
    assert last is not None
    return last


def documents(folder: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored fields of every live document of a version, by concept and language."""
    searcher = Engine.open(folder).searcher()
    cids = {str(searcher.column("cid")[doc]) for doc in range(searcher.doc_count())}
    return {
        (cid, stored["lang"]): stored
        for cid in cids
        for doc in searcher.postings("cid", cid)
        for stored in [searcher.stored(doc)]
    }


@pytest.fixture
def indexed(app: Flask) -> Iterator[Flask]:
    """The bundled framework with its index built."""
    with app.app_context():
        search.rebuild_index()
        search.open_index()
        yield app


def test_a_publication_rewrites_only_that_concept(indexed: Flask) -> None:
    publish_alt_label(SLUG, NEW_LABEL)

    assert SLUG in found(NEW_LABEL)
    assert report().updated == 1
    assert "updated incrementally (1 concept)" in report().describe()


def test_the_new_label_is_found_and_the_old_one_no_longer(indexed: Flask) -> None:
    publish_alt_label(SLUG, NEW_LABEL)
    assert found(NEW_LABEL) == [SLUG]

    publish_alt_label(SLUG, OTHER_LABEL)

    assert found(OTHER_LABEL) == [SLUG]
    assert found(NEW_LABEL) == []


def test_documents_of_untouched_concepts_are_identical(indexed: Flask) -> None:
    previous = search.open_index().version.path

    publish_alt_label(SLUG, NEW_LABEL)
    current = search.open_index().version.path

    assert current != previous
    before, after = documents(previous), documents(current)
    assert before.keys() == after.keys()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {(SLUG, "nl")}


def test_completion_offers_the_new_label_and_no_longer_the_old(indexed: Flask) -> None:
    publish_alt_label(SLUG, NEW_LABEL)
    publish_alt_label(SLUG, OTHER_LABEL)

    assert [item.label for item, _ in search.complete("tweedeproef", "nl")] == [OTHER_LABEL]
    assert list(search.complete("incrementeelproef", "nl")) == []


def answered(query: str) -> tuple[int, list[tuple[str, str, bool]]]:
    """What a search answers that the per-segment readings decide: the counted total (from
    each document's concept number) and each hit's language (from the `lang` postings)."""
    outcome = search.search(query, "nl")
    return outcome.total, [(hit.id, hit.lang, hit.other_language) for hit in outcome.results]


def test_results_after_an_update_equal_those_after_a_full_rebuild(indexed: Flask) -> None:
    publish_alt_label(SLUG, "Online stappenplan voor jongeren")
    assert answered("stappenplan") and report().updated == 1
    publish_alt_label(SLUG, NEW_LABEL)  # a second update over the first one's segments
    twice = {query: answered(query) for query in (*QUERIES, NEW_LABEL)}
    assert report().updated == 1

    search.rebuild_index()

    assert {query: answered(query) for query in (*QUERIES, NEW_LABEL)} == twice


def test_a_second_instance_applies_the_update_from_the_change_log(
    indexed: Flask, tmp_path: Path
) -> None:
    other = make_app(
        tmp_path / "other",
        SQLALCHEMY_DATABASE_URI=indexed.config["SQLALCHEMY_DATABASE_URI"],
    )
    with other.app_context():
        search.rebuild_index()
        search.open_index()

    publish_alt_label(SLUG, NEW_LABEL)

    with other.app_context():
        assert SLUG in found(NEW_LABEL)
        assert report().updated == 1
        assert report().revision == search.revision()
        db.engine.dispose()


def test_a_missing_index_is_rebuilt_in_full(indexed: Flask) -> None:
    publish_alt_label(SLUG, NEW_LABEL)
    (search.store().root / POINTER).unlink()
    search.forget_opened()

    assert SLUG in found(NEW_LABEL)
    assert report().updated is None
    assert report().reason == "missing or damaged"


def test_a_damaged_index_is_rebuilt_in_full(indexed: Flask) -> None:
    damaged = search.open_index().version.path / "lexicon.pickle"
    publish_alt_label(SLUG, NEW_LABEL)
    damaged.write_bytes(b"not what the manifest says")
    search.forget_opened()

    assert SLUG in found(NEW_LABEL)
    assert report().updated is None


def test_an_index_too_far_behind_is_rebuilt_in_full(app: Flask, tmp_path: Path) -> None:
    strict = make_app(
        tmp_path / "strict",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        GLOSSARY_INDEX_UPDATE_LIMIT=0,
    )
    with strict.app_context():
        search.rebuild_index()
        search.open_index()
        publish_alt_label(SLUG, NEW_LABEL)

        assert SLUG in found(NEW_LABEL)
        assert report().updated is None
        assert report().reason.startswith("stale")
        db.engine.dispose()


def test_an_interrupted_update_leaves_the_previous_version_served(indexed: Flask) -> None:
    root = search.store().root
    previous = search.open_index().version
    publish_alt_label(SLUG, NEW_LABEL)
    # What an update killed while it writes leaves behind: a build folder holding the
    # previous version's files, and the pointer unchanged.
    left = root / f"{BUILD_PREFIX}killed"
    left.mkdir()
    for path in previous.path.iterdir():
        (left / path.name).write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    assert search.store().current_name() == previous.name
    assert search.store().current() == previous

    assert SLUG in found(NEW_LABEL)
    assert report().updated == 1
    assert not left.exists()


def test_a_new_word_that_splits_a_stored_compound_rewrites_that_concept_too(
    indexed: Flask,
) -> None:
    # "punt" is no word of the framework on its own; once it is, "aanmeldpunt" (in another
    # concept's text) is also found under its parts, as a full build would index it.
    publish_alt_label(SLUG, "Punt")
    updated = {query: found(query) for query in ("aanmeld", "punt", "aanmeldpunt")}
    assert report().updated is not None and report().updated > 1
    assert updated["aanmeld"] != []

    search.rebuild_index()

    assert {query: found(query) for query in updated} == updated


def test_a_stale_large_index_is_updated_within_the_next_search(indexed: Flask) -> None:
    # Above the inline limit a full build runs in the background; an update is cheap at any
    # size, so the next search already finds the publication.
    indexed.config["GLOSSARY_INDEX_INLINE_LIMIT"] = 0
    publish_alt_label(SLUG, NEW_LABEL)

    assert found(NEW_LABEL) == [SLUG]
    assert report().updated == 1


def test_a_completion_table_damaged_after_open_is_rebuilt_and_answers(indexed: Flask) -> None:
    """The label table is read on the first completion (a search never needs it): damage
    found then is mended as a search mends it, not a 500."""
    table = search.open_index().version.path / "completions.pickle"
    assert SLUG in found("roadmap")
    table.write_bytes(b"\0" * table.stat().st_size)  # same size: the manifest cannot tell

    completed = [item.concept_id for item, _ in search.complete("roadmap", "nl")]

    assert SLUG in completed


def test_an_update_links_the_label_table_and_writes_only_what_changed(indexed: Flask) -> None:
    before = search.open_index().version.path
    publish_alt_label(SLUG, NEW_LABEL)
    assert SLUG in found(NEW_LABEL)
    after = search.open_index().version.path

    assert (after / "completions.pickle").stat().st_ino == (
        before / "completions.pickle"
    ).stat().st_ino
    assert [item.concept_id for item, _ in search.complete("incrementeelproef", "nl")] == [SLUG]


def test_a_long_delta_is_folded_into_a_new_table(
    indexed: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(completion, "DELTA_ENTRIES", 0)
    publish_alt_label(SLUG, NEW_LABEL)
    assert SLUG in found(NEW_LABEL)
    folded = search.open_index().version.path

    assert not (folded / completion.DELTA_FILE).exists()
    assert [item.concept_id for item, _ in search.complete("incrementeelproef", "nl")] == [SLUG]
    offered = [(item.label, item.concept_id) for item, _ in search.complete("blended", "nl")]
    search.rebuild_index()
    assert [(item.label, item.concept_id) for item, _ in search.complete("blended", "nl")] == (
        offered
    )
