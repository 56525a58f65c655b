"""The data revision a request reads: once per reading request, fresh for every write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event, text

from glossary.models import db
from glossary.services.revision import bump_revision, current_revision


@contextmanager
def revision_reads(app: Flask) -> Iterator[list[str]]:
    """The SQL statements that read the revision row while the block runs."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if "data_revision" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_search_request_reads_the_revision_at_most_once(app: Flask, client) -> None:
    client.get("/api/v1/search?q=mediawijsheid")  # the index is built and opened
    with revision_reads(app) as reads:
        response = client.get("/api/v1/search?q=e-zorg")
    assert response.status_code == 200
    assert response.headers["ETag"]
    # Used by the index check and by the ETag: one read serves both.
    assert len(reads) <= 1


def is_sqlite(app: Flask) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "sqlite"


def test_sqlite_answers_an_unchanged_revision_without_reading_the_row(app: Flask, client) -> None:
    if not is_sqlite(app):
        pytest.skip("PostgreSQL reads the row (as plain SQL) in every reading request")
    client.get("/api/v1/search?q=mediawijsheid")
    with revision_reads(app) as reads:
        response = client.get("/api/v1/search?q=e-zorg")
    assert response.status_code == 200
    # Nothing was committed since the last request: the connection's counters say so.
    assert reads == []


def etag_revision(response) -> str:  # noqa: ANN001
    return response.headers["ETag"].strip('W/"').split("-")[0]


def test_a_commit_by_another_connection_shows_in_the_next_request(app: Flask, client) -> None:
    before = client.get("/api/v1/concepts?per_page=1")
    assert etag_revision(before) == "r1"
    with app.app_context(), db.engine.connect() as other:  # as another worker would
        other.execute(text("UPDATE data_revision SET revision = revision + 1"))
        other.commit()
    assert etag_revision(client.get("/api/v1/concepts?per_page=1")) == "r2"


def test_a_revision_moved_and_rolled_back_is_not_remembered(app: Flask) -> None:
    with app.app_context():
        first = current_revision(db.session)
        assert bump_revision(db.session).number == first.number + 1
        assert current_revision(db.session).number == first.number + 1  # its own write
        db.session.rollback()
    with app.app_context():
        assert current_revision(db.session) == first


def test_a_concept_page_reads_the_revision_at_most_once(app: Flask, client) -> None:
    client.get("/begrip/mediawijsheid")
    with revision_reads(app) as reads:
        response = client.get("/begrip/mediawijsheid")
    assert response.status_code == 200
    assert len(reads) <= 1


def test_a_reading_request_keeps_the_revision_it_began_with(app: Flask) -> None:
    with app.test_request_context("/api/v1/concepts", method="GET"):
        app.preprocess_request()  # the request's own hooks: the HTTP layer pins reads
        first = current_revision(db.session)
        bump_revision(db.session)
        db.session.commit()
        assert current_revision(db.session) == first
    with app.app_context():
        assert current_revision(db.session).number == first.number + 1


def test_a_writing_request_sees_every_change(app: Flask) -> None:
    with app.test_request_context("/api/v1/import", method="POST"):
        app.preprocess_request()
        first = current_revision(db.session)
        bump_revision(db.session)
        db.session.commit()
        assert current_revision(db.session).number == first.number + 1
