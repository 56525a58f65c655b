"""Migration 0012 (releases) down and up on a database holding a release."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from glossary.models import db
from glossary.releases.store import list_releases
from tests.conftest import SCHEME_ID
from tests.releases import make_release

BEFORE_0012 = "0011_feedback_draft_link"
RELEASE_TABLES = {"release", "release_concept", "release_export"}


def test_downgrading_drops_the_release_tables_and_upgrading_brings_them_back_empty(
    app: Flask,
) -> None:
    with app.app_context():
        make_release("2026-01")
        db.session.remove()
        downgrade(revision=BEFORE_0012)
        assert RELEASE_TABLES & set(inspect(db.engine).get_table_names()) == set()
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= RELEASE_TABLES
        assert list_releases(db.session, SCHEME_ID) == []


def test_a_release_can_be_made_again_after_the_round_trip(app: Flask) -> None:
    with app.app_context():
        downgrade(revision=BEFORE_0012)
        upgrade()
        assert make_release("2026-01").concept_count > 0
