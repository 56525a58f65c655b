"""Migration 0005 (plain-language explanations) down and up on a filled database."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from glossary.models import ConceptExplanation, db
from tests.conftest import import_bundled
from tests.dbstate import database_snapshot

BEFORE_0005 = "0004_foreign_key_indexes"


def test_downgrading_drops_only_the_explanations_and_an_import_brings_them_back(
    app: Flask,
) -> None:
    with app.app_context():
        before = database_snapshot(db.session)
    with app.app_context():
        downgrade(revision=BEFORE_0005)
        assert "concept_explanation" not in inspect(db.engine).get_table_names()
        upgrade()
        assert db.session.scalar(select(func.count()).select_from(ConceptExplanation)) == 0
    import_bundled(app)
    with app.app_context():
        after = database_snapshot(db.session)
    assert after["concept_explanation"] == before["concept_explanation"]
    assert len(after["concept_explanation"]) == 84
