"""Migration 0014 (drafts of clusters, sources and the scheme; part_version) down and up on
a filled database: the concept drafts stay, the other kinds go with the older key."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from glossary.editing.models import ConceptDraft, DraftStatus
from glossary.models import db
from tests.conftest import SCHEME_ID

BEFORE_0014 = "0013_consultations"


def draft(kind: str, slug: str) -> ConceptDraft:
    return ConceptDraft(
        scheme_id=SCHEME_ID,
        slug=slug,
        kind=kind,
        is_new=False,
        status=DraftStatus.DRAFT,
        base_version=1,
        record={},
        lock_version=1,
    )


def test_a_cluster_and_a_concept_may_each_have_a_draft_under_one_id(app: Flask) -> None:
    with app.app_context():
        db.session.add_all([draft("concept", "gedeeld"), draft("cluster", "gedeeld")])
        db.session.commit()
        kinds = db.session.scalars(select(ConceptDraft.kind).order_by(ConceptDraft.kind))
        assert list(kinds) == ["cluster", "concept"]


def test_downgrading_keeps_the_concept_drafts_and_upgrading_again_works(app: Flask) -> None:
    with app.app_context():
        db.session.add_all([draft("concept", "gedeeld"), draft("cluster", "gedeeld")])
        db.session.commit()
        db.session.close()
        downgrade(revision=BEFORE_0014)
        assert "part_version" not in inspect(db.engine).get_table_names()
        kinds = list(db.session.scalars(select(ConceptDraft.kind)))
        assert kinds == ["concept"]
        db.session.close()
        upgrade()
        assert "part_version" in inspect(db.engine).get_table_names()
