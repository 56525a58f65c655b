"""The same code on PostgreSQL: migrations from empty, import, validation, round trip.

Needs TEST_DATABASE_URL (make test starts a throwaway cluster); skipped without one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from glossary.importing import FrameworkFiles, FrameworkInvalid, import_framework
from glossary.models import Concept, db
from glossary.services.revision import current_revision
from tests.conftest import (
    BUNDLED_CSV,
    SCHEME_ID,
    PostgresServer,
    import_bundled,
    make_app,
)
from tests.dbstate import database_snapshot

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[str]:
    """A new, completely empty PostgreSQL database (no schema)."""
    name = pg_server.create()
    yield name
    pg_server.drop(name)


@pytest.fixture
def pg_app(
    pg_server: PostgresServer, pg_templates: dict[str, str], tmp_path: Path
) -> Iterator[Flask]:
    """An app on a private PostgreSQL copy of the database with the bundled framework."""
    name = pg_server.create(template=pg_templates["filled"])
    app = make_app(tmp_path / "pg-instance", SQLALCHEMY_DATABASE_URI=pg_server.database_url(name))
    yield app
    with app.app_context():
        db.engine.dispose()
    pg_server.drop(name)


def test_migrations_run_from_empty_on_postgresql(
    pg_server: PostgresServer, pg_database: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=pg_server.database_url(pg_database))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert {table.name for table in db.metadata.sorted_tables} <= tables


def test_migrations_downgrade_to_empty_on_postgresql(
    pg_server: PostgresServer, pg_database: str, tmp_path: Path
) -> None:
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=pg_server.database_url(pg_database))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
    assert tables <= {"alembic_version"}


def test_bundled_import_gives_the_same_concepts_as_on_sqlite(pg_app: Flask, app: Flask) -> None:
    def slugs(flask_app: Flask) -> list[str]:
        with flask_app.app_context():
            return list(db.session.scalars(select(Concept.slug).order_by(Concept.slug)))

    assert slugs(pg_app) == slugs(app)
    assert len(slugs(pg_app)) > 40


def test_importing_the_same_file_again_changes_nothing(pg_app: Flask) -> None:
    with pg_app.app_context():
        before = current_revision(db.session).number
        plan, revision = import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(BUNDLED_CSV), source_language="nl"
        )
        assert revision is None
        assert not plan.has_changes
        assert current_revision(db.session).number == before


def test_rejected_file_leaves_postgresql_unchanged(pg_app: Flask, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (broken / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    rows = BUNDLED_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    # The header plus a duplicate of the first concept: a duplicate id is always invalid.
    (broken / "begrippenkader.csv").write_text("".join(rows + rows[1:2]), encoding="utf-8")
    with pg_app.app_context():
        before = database_snapshot(db.session)
        with pytest.raises(FrameworkInvalid):
            import_framework(
                db.session,
                SCHEME_ID,
                FrameworkFiles.beside(broken / "begrippenkader.csv"),
                source_language="nl",
            )
        db.session.rollback()
        assert database_snapshot(db.session) == before


def test_import_into_an_empty_postgresql_database(
    pg_server: PostgresServer, pg_templates: dict[str, str], tmp_path: Path
) -> None:
    name = pg_server.create(template=pg_templates["empty"])
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=pg_server.database_url(name))
    import_bundled(app)
    with app.app_context():
        count = db.session.scalar(select(func.count(Concept.pk)))
        revision = current_revision(db.session).number
        db.engine.dispose()
    pg_server.drop(name)
    assert count and count > 40
    assert revision == 1


def test_a_request_reads_one_snapshot_while_an_import_commits(
    pg_app: Flask, tmp_path: Path
) -> None:
    changed = tmp_path / "changed"
    changed.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (changed / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    rows = BUNDLED_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    (changed / "begrippenkader.csv").write_text("".join(rows[:-1]), encoding="utf-8")
    with pg_app.app_context():
        before = db.session.scalar(select(func.count(Concept.pk)))
        with pg_app.app_context():  # a second request, on its own session and connection
            import_framework(
                db.session,
                SCHEME_ID,
                FrameworkFiles.beside(changed / "begrippenkader.csv"),
                source_language="nl",
                prune=True,
            )
            db.session.remove()
        during = db.session.scalar(select(func.count(Concept.pk)))
        db.session.rollback()
        after = db.session.scalar(select(func.count(Concept.pk)))
    assert during == before
    assert after == before - 1


def test_api_answers_with_revision_validators_on_postgresql(pg_app: Flask) -> None:
    response = pg_app.test_client().get("/api/v1/concepts?per_page=1")
    assert response.status_code == 200
    assert response.headers["Last-Modified"].endswith("GMT")
    assert response.headers["ETag"]
