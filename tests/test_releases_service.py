"""Releases as a service: a release freezes what is published, its files never change, and
the diff between two releases lists exactly what changed in between."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from flask import Flask
from rdflib import Graph
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from sqlalchemy import select

from glossary.accounts.audit import Actor
from glossary.accounts.models import AuditEntry, Role, User, Via
from glossary.editing import drafts
from glossary.importing import export_framework
from glossary.models import db
from glossary.releases.diff import diff_between
from glossary.releases.frozen import FORMATS
from glossary.releases.models import ReleaseExport
from glossary.releases.store import (
    ReleaseError,
    ReleaseNotFound,
    get_release,
    list_releases,
    release_export,
    release_records,
)
from tests.accounts import add_user
from tests.conftest import SCHEME_ID
from tests.releases import RULES, make_release, publish, stored, with_definition

NEW_DEFINITION = "Een plan dat in stappen naar een doel leidt."


def frozen_files(name: str) -> dict[str, bytes]:
    return {fmt: release_export(db.session, SCHEME_ID, name, fmt).body for fmt in FORMATS}


def test_a_release_holds_every_published_concept(app: Flask) -> None:
    with app.app_context():
        view = make_release("2026-01", "Januari")
        slugs = {record.slug for record in export_framework(db.session, SCHEME_ID)[0].concepts}
        assert view.concept_count == len(slugs)
        assert set(release_records(db.session, SCHEME_ID, "2026-01")) == slugs
        assert [r.name for r in list_releases(db.session, SCHEME_ID)] == ["2026-01"]


def test_a_taken_name_is_refused_with_nothing_written(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        with pytest.raises(ReleaseError, match="exists already"):
            make_release("2026-01")
        assert len(list_releases(db.session, SCHEME_ID)) == 1


@pytest.mark.parametrize("name", ["", "Met Spatie", "huidig", "-x", "a/b", "x" * 101])
def test_a_name_that_cannot_be_a_path_segment_is_refused(app: Flask, name: str) -> None:
    with app.app_context():
        with pytest.raises(ReleaseError):
            make_release(name)
        assert list_releases(db.session, SCHEME_ID) == []


def test_an_empty_framework_cannot_be_released(empty_app: Flask) -> None:
    with empty_app.app_context(), pytest.raises(ReleaseError, match="no concepts"):
        make_release("2026-01")


def test_making_a_release_is_recorded_in_the_audit_log(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "release.create")
        ).one()
        assert entry.target == "2026-01"


def test_the_first_release_files_stay_byte_identical_after_a_change_and_a_second(
    app: Flask,
) -> None:
    with app.app_context():
        make_release("2026-01")
        before = frozen_files("2026-01")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
        make_release("2026-02")

        assert frozen_files("2026-01") == before
        assert frozen_files("2026-02")["ttl"] != before["ttl"]


def test_each_frozen_file_carries_its_sha256(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        for row in db.session.scalars(select(ReleaseExport)):
            assert row.sha256 == hashlib.sha256(row.body).hexdigest()


def scheme_facts(turtle: bytes) -> dict[str, set[str]]:
    """The scheme's owl:versionInfo, dct:issued and dct:replaces in a Turtle file."""
    graph = Graph().parse(data=turtle, format="turtle")
    scheme = next(graph.subjects(RDF.type, SKOS.ConceptScheme))
    return {
        name: {str(value) for value in graph.objects(scheme, predicate)}
        for name, predicate in (
            ("version", OWL.versionInfo),
            ("issued", DCTERMS.issued),
            ("replaces", DCTERMS.replaces),
        )
    }


def test_the_rdf_files_name_the_release_its_date_and_the_previous_release(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
        make_release("2026-02")
        second = frozen_files("2026-02")
        first = frozen_files("2026-01")

    facts = scheme_facts(second["ttl"])
    assert facts["version"] == {"2026-02"}
    assert len(facts["issued"]) == 1
    assert facts["replaces"] == {"http://localhost/versies/2026-01"}
    assert scheme_facts(first["ttl"])["replaces"] == set()
    assert b"Release 2026-02, issued" in second["tbx"]
    assert b"2026-02" in second["jsonld"] and b"2026-02" in second["rdf"]


def test_a_release_keeps_the_text_it_had_after_the_concept_changes(app: Flask) -> None:
    with app.app_context():
        old_definition = stored("roadmap").notes[("definition", "nl")]
        make_release("2026-01")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))

        held = release_records(db.session, SCHEME_ID, "2026-01", ["roadmap"])["roadmap"]
        assert held.notes[("definition", "nl")] == old_definition


def test_the_diff_between_two_releases_lists_exactly_the_change(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))
        make_release("2026-02")

        found = diff_between(db.session, SCHEME_ID, "2026-01", "2026-02")

    assert [(c.slug, c.kind) for c in found.changes] == [("roadmap", "changed")]
    assert list(found.changes[0].fields) == ["definition@nl"]
    ops = found.changes[0].fields["definition@nl"]
    assert "".join(text for op, text in ops if op != "delete") == NEW_DEFINITION


def test_the_diff_with_today_shows_changes_not_yet_released(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        assert diff_between(db.session, SCHEME_ID, "2026-01", "huidig").changes == []
        publish(with_definition(stored("roadmap"), NEW_DEFINITION))

        found = diff_between(db.session, SCHEME_ID, "2026-01", "huidig")

    assert [(c.slug, c.kind) for c in found.changes] == [("roadmap", "changed")]


def test_a_concept_that_became_retired_counts_as_retired(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        publish(replace(stored("roadmap"), status="retired"))

        found = diff_between(db.session, SCHEME_ID, "2026-01", "huidig")

    assert [(c.slug, c.kind) for c in found.changes] == [("roadmap", "retired")]


def test_an_unknown_release_in_a_diff_is_not_found(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        with pytest.raises(ReleaseNotFound):
            diff_between(db.session, SCHEME_ID, "2026-01", "2099-01")


def test_a_release_names_the_one_before_it(app: Flask) -> None:
    with app.app_context():
        make_release("2026-01")
        make_release("2026-02")
        assert get_release(db.session, SCHEME_ID, "2026-02").previous == "2026-01"
        assert get_release(db.session, SCHEME_ID, "2026-01").previous is None


def test_a_change_through_the_review_workflow_shows_in_the_next_diff(app: Flask) -> None:
    add_user(app, "editor@example.org", Role.EDITOR)
    add_user(app, "reviewer@example.org", Role.REVIEWER)
    with app.app_context():
        make_release("2026-01")
        editor, reviewer = person("editor@example.org"), person("reviewer@example.org")
        session = db.session()
        base = drafts.concept_version(session, SCHEME_ID, "roadmap")
        changed = with_definition(stored("roadmap"), NEW_DEFINITION)
        drafts.save_draft(session, SCHEME_ID, editor, "roadmap", changed, base, "nieuw", RULES)
        drafts.submit(session, SCHEME_ID, editor, "roadmap")
        drafts.approve(session, SCHEME_ID, reviewer, "roadmap", RULES)
        make_release("2026-02")

        found = diff_between(db.session, SCHEME_ID, "2026-01", "2026-02")

    assert [(c.slug, c.kind) for c in found.changes] == [("roadmap", "changed")]


def person(email: str) -> Actor:
    user = db.session.scalars(select(User).where(User.email == email)).one()
    return Actor(via=Via.API, user_pk=user.pk, address="192.0.2.1")
