"""A partial change: one concept's new version planned against the database and applied,
through the same checks, plan and apply step as a file import (what the web editor calls)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy import select

from glossary.editing.record_json import record_json
from glossary.importing import (
    FrameworkInvalid,
    PlanOutdated,
    Rules,
    apply_change,
    export_framework,
    plan_change,
)
from glossary.importing.export import concept_record, load_concepts
from glossary.importing.plan import Action
from glossary.importing.stored_records import stored_concepts
from glossary.models import Cluster, ClusterMember, Concept, db
from glossary.records import ConceptRecord, Framework, LanguageLabels
from glossary.services.revision import current_revision
from tests.conftest import SCHEME_ID

RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")


def stored_concept(slug: str) -> ConceptRecord:
    framework, _ = export_framework(db.session, SCHEME_ID)
    return next(record for record in framework.concepts if record.slug == slug)


def one_concept(record: ConceptRecord) -> Framework:
    return Framework(clusters=[], sources=[], concepts=[record])


def with_labels(record: ConceptRecord, lang: str, **labels: object) -> ConceptRecord:
    """The record with some of its labels in `lang` replaced (pref=..., alt=(...))."""
    changed = dict(record.labels)
    changed[lang] = replace(changed[lang], **labels)
    return replace(record, labels=changed)


def test_a_one_concept_plan_lists_that_concept_and_its_label_changes_only(app: Flask) -> None:
    with app.app_context():
        roadmap = stored_concept("roadmap")
        plan = plan_change(
            db.session,
            SCHEME_ID,
            one_concept(with_labels(roadmap, "nl", pref="Stappenplan")),
            RULES,
        )

        assert [(c.slug, c.action) for c in plan.concepts] == [("roadmap", Action.CHANGE)]
        assert plan.concepts[0].labels.added == (("nl", "pref", "Stappenplan"),)
        assert plan.concepts[0].labels.removed == (("nl", "pref", "Roadmap"),)
        assert not plan.clusters and not plan.sources and not plan.kept


def test_applying_a_one_concept_plan_writes_it_in_one_revision(app: Flask) -> None:
    with app.app_context():
        before = current_revision(db.session).number
        roadmap = stored_concept("roadmap")
        plan = plan_change(
            db.session,
            SCHEME_ID,
            one_concept(with_labels(roadmap, "nl", pref="Stappenplan")),
            RULES,
        )

        applied, revision = apply_change(db.session, plan)

        assert revision is not None and revision.number == before + 1
        assert applied.changed == ["roadmap"]
        assert stored_concept("roadmap").labels["nl"].pref == "Stappenplan"


def test_a_new_concept_is_planned_as_added_beside_the_stored_ones(app: Flask) -> None:
    with app.app_context():
        roadmap = stored_concept("roadmap")
        new = ConceptRecord(
            slug="stappenplan-op-maat",
            clusters=roadmap.clusters,
            status="valid",
            labels={"nl": LanguageLabels("Stappenplan op maat")},
            notes={("definition", "nl"): "Een stappenplan dat bij één organisatie past."},
            related=("roadmap",),
        )

        plan = plan_change(db.session, SCHEME_ID, one_concept(new), RULES)
        apply_change(db.session, plan)

        assert plan.added == ["stappenplan-op-maat"]
        assert stored_concept("stappenplan-op-maat").related == ("roadmap",)


def test_a_label_another_stored_concept_holds_is_refused_as_a_csv_import_refuses_it(
    app: Flask,
) -> None:
    with app.app_context():
        before = current_revision(db.session).number
        roadmap = stored_concept("roadmap")
        taken = stored_concept("blended-werken").labels["nl"].pref
        change = one_concept(with_labels(roadmap, "nl", alt=(taken,)))

        with pytest.raises(FrameworkInvalid) as refused:
            plan_change(db.session, SCHEME_ID, change, RULES)

        [problem] = refused.value.problems
        assert problem.path == "/concepts/roadmap"
        assert problem.column == "alt_labels@nl"
        assert problem.message == (
            f"label '{taken}' (nl) already names 'blended-werken', which is in the database "
            "but not in this file; import with --prune to remove it"
        )
        assert current_revision(db.session).number == before


def test_a_concept_without_a_definition_is_refused_at_the_field(app: Flask) -> None:
    with app.app_context():
        roadmap = stored_concept("roadmap")
        notes = {key: text for key, text in roadmap.notes.items() if key[0] != "definition"}

        with pytest.raises(FrameworkInvalid) as refused:
            plan_change(db.session, SCHEME_ID, one_concept(replace(roadmap, notes=notes)), RULES)

        assert (
            "/concepts/roadmap",
            "definition@nl",
            "missing definition in the source language (nl)",
        ) in [(p.path, p.column, p.message) for p in refused.value.problems]


def test_a_plan_made_before_the_data_changed_is_refused_and_writes_nothing(app: Flask) -> None:
    with app.app_context():
        roadmap = stored_concept("roadmap")
        first = plan_change(
            db.session,
            SCHEME_ID,
            one_concept(with_labels(roadmap, "nl", pref="Stappenplan")),
            RULES,
        )
        second = plan_change(
            db.session, SCHEME_ID, one_concept(with_labels(roadmap, "nl", pref="Routekaart")), RULES
        )
        apply_change(db.session, first)

        with pytest.raises(PlanOutdated):
            apply_change(db.session, second)

        assert stored_concept("roadmap").labels["nl"].pref == "Stappenplan"


def test_a_partial_change_reads_the_stored_concepts_as_the_export_writes_them(
    app: Flask,
) -> None:
    # plan_change reads the framework with plain queries (stored_records), not through the
    # ORM objects the export reads: both must give the same records, in the same order.
    assert_stored_records_as_exported(app)


def test_stored_records_carry_successors_dates_and_mappings_as_the_export_does(
    app: Flask,
) -> None:
    # The bundled data has none of these fields filled: give one concept all of them.
    with app.app_context():
        roadmap = replace(
            stored_concept("roadmap"),
            status="replaced",
            replaced_by=("e-inclusie",),
            valid_from="2022-09-01",
            valid_until="2026-11-30",
            mappings={"exact_match": ("http://example.org/vocab/roadmap",)},
        )
        apply_change(db.session, plan_change(db.session, SCHEME_ID, one_concept(roadmap), RULES))
        [read] = [r for r, _ in stored_concepts(db.session, SCHEME_ID) if r.slug == "roadmap"]
    assert (read.status, read.replaced_by, read.valid_from, read.valid_until) == (
        "replaced",
        ("e-inclusie",),
        "2022-09-01",
        "2026-11-30",
    )
    assert read.mappings == {"exact_match": ("http://example.org/vocab/roadmap",)}
    assert_stored_records_as_exported(app)


def assert_stored_records_as_exported(app: Flask) -> None:
    with app.app_context():
        exported = [
            (concept_record(concept), concept.position)
            for concept in load_concepts(db.session, SCHEME_ID)
        ]

        read = stored_concepts(db.session, SCHEME_ID)

        assert [record for record, _ in read] == [record for record, _ in exported]
        assert [record_json(record) for record, _ in read] == [
            record_json(record) for record, _ in exported
        ]
        assert [position for _, position in read] == [position for _, position in exported]


def test_a_concept_published_with_a_place_in_its_cluster_takes_it_and_the_others_follow(
    app: Flask,
) -> None:
    with app.app_context():
        roadmap = stored_concept("roadmap")
        cluster = roadmap.clusters[0]
        changed = replace(roadmap, cluster_positions={cluster: 1})

        apply_change(db.session, plan_change(db.session, SCHEME_ID, one_concept(changed), RULES))

        places = dict(
            db.session.execute(
                select(Concept.slug, ClusterMember.position)
                .join(ClusterMember, ClusterMember.concept_pk == Concept.pk)
                .join(Cluster, Cluster.pk == ClusterMember.cluster_pk)
                .where(Cluster.id == cluster, Cluster.scheme_id == SCHEME_ID)
            ).all()
        )
        assert places["roadmap"] == 1
        assert sorted(places.values()) == list(range(1, len(places) + 1))
