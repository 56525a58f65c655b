"""The schema is created by Alembic migrations only, and they match the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from glossary.models import db
from tests.conftest import make_app

EXPECTED_TABLES = {
    "alembic_version",
    "api_token",
    "app_user",
    "audit_log",
    "change_log",
    "citation",
    "cluster",
    "cluster_member",
    "cluster_title",
    "concept",
    "concept_draft",
    "concept_mapping",
    "concept_relation",
    "concept_scheme",
    "concept_translation",
    "concept_version",
    "consultation",
    "consultation_answer",
    "consultation_item",
    "consultation_participant",
    "part_version",
    "concept_explanation",
    "cross_link",
    "data_revision",
    "external_label",
    "feedback_submission",
    "label",
    "mail_outbox",
    "note",
    "release",
    "release_concept",
    "release_export",
    "scheme_text",
    "source",
}


def test_upgrade_from_an_empty_sqlite_file_creates_the_whole_schema(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) == EXPECTED_TABLES
        db.engine.dispose()


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        db.engine.dispose()


def test_downgrade_to_base_removes_every_table(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        db.engine.dispose()
