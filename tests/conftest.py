"""Shared fixtures: an app on a real database and a real search index in a temporary folder.

Migrating and importing the bundled framework takes a moment, so it happens once per test
session into a template database; each test gets its own copy of that file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from skosmos_client import SkosmosClient
from werkzeug.serving import make_server

from glossary import create_app
from glossary.importing import FrameworkFiles, import_framework
from glossary.models import db
from glossary.paths import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
BUNDLED_CSV = DATA_DIR / "begrippenkader.csv"
TEST_DATA = Path(__file__).parent / "data"
SCHEME_ID = "begrippenkader"
# A superuser URL of a PostgreSQL server (`scripts/pg-test-cluster.sh run` exports one).
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# "postgresql" makes the `app` and `empty_app` fixtures use PostgreSQL instead of SQLite.
TEST_BACKEND = os.environ.get("GLOSSARY_TEST_BACKEND", "sqlite")


def make_app(instance: Path, **overrides: object) -> Flask:
    """An app whose database, search index and instance folder live under `instance`."""
    config: dict[str, object] = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'glossary.sqlite3'}",
        "GLOSSARY_INDEX_DIR": str(instance / "search-index"),
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
        # The host the Flask test client sends, so absolute URLs in answers match it.
        "GLOSSARY_PUBLIC_URL": "http://localhost/",
        # The search's time budget guards production workers and is tested on its own
        # (test_search_costs.py sets it); on a loaded test machine the default 0.5 s would
        # turn a slow first search into missing results and a flaky test.
        "GLOSSARY_SEARCH_SECONDS": 30.0,
    }
    config.update(overrides)
    instance.mkdir(parents=True, exist_ok=True)
    return create_app(config)


def checkpoint(database: Path) -> None:
    """Move the write-ahead log into the database file, so that copying the file copies it all."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def import_bundled(app: Flask) -> None:
    with app.app_context():
        import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(BUNDLED_CSV), source_language="nl"
        )


@pytest.fixture(scope="session")
def template_databases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Migrated SQLite files made once: one empty, one with the bundled framework."""
    root = tmp_path_factory.mktemp("templates")
    empty = make_app(root / "empty")
    with empty.app_context():
        upgrade()
        db.engine.dispose()
    checkpoint(root / "empty" / "glossary.sqlite3")
    filled_dir = root / "filled"
    filled_dir.mkdir()
    shutil.copy(root / "empty" / "glossary.sqlite3", filled_dir / "glossary.sqlite3")
    filled = make_app(filled_dir)
    import_bundled(filled)
    with filled.app_context():
        db.engine.dispose()
    checkpoint(filled_dir / "glossary.sqlite3")
    return {
        "empty": root / "empty" / "glossary.sqlite3",
        "filled": filled_dir / "glossary.sqlite3",
    }


class PostgresServer:
    """Creates and drops databases on the test server; each test gets its own database."""

    def __init__(self, url: str) -> None:
        self.url = url

    def database_url(self, name: str) -> str:
        """The SQLAlchemy URL of database `name` on this server."""
        base = self.url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        return f"{base}/{name}"

    def create(self, template: str | None = None) -> str:
        """Create a fresh database (a copy of `template` when given) and return its name."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        copy = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{copy}")
        return name

    def drop(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def execute(self, statement: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_server() -> PostgresServer:
    """The PostgreSQL server of TEST_DATABASE_URL; tests that need it skip without one."""
    if not TEST_DATABASE_URL:
        pytest.skip("no PostgreSQL server: run through scripts/pg-test-cluster.sh (make test)")
    return PostgresServer(TEST_DATABASE_URL)


@pytest.fixture(scope="session")
def pg_templates(
    pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Migrated PostgreSQL databases made once: one empty, one with the bundled framework."""
    root = tmp_path_factory.mktemp("pg-templates")
    empty = pg_server.create()
    empty_app = make_app(root / "empty", SQLALCHEMY_DATABASE_URI=pg_server.database_url(empty))
    with empty_app.app_context():
        upgrade()
        db.engine.dispose()
    filled = pg_server.create(template=empty)
    filled_app = make_app(root / "filled", SQLALCHEMY_DATABASE_URI=pg_server.database_url(filled))
    import_bundled(filled_app)
    with filled_app.app_context():
        db.engine.dispose()
    return {"empty": empty, "filled": filled}


@pytest.fixture
def instance_path(tmp_path: Path) -> Path:
    return tmp_path / "instance"


def _app_on_copy(request: pytest.FixtureRequest, kind: str, instance_path: Path) -> Iterator[Flask]:
    """An app on a private copy of the `kind` template database of the selected backend."""
    instance_path.mkdir(parents=True)
    if TEST_BACKEND == "postgresql":
        server: PostgresServer = request.getfixturevalue("pg_server")
        name = server.create(template=request.getfixturevalue("pg_templates")[kind])
        app = make_app(instance_path, SQLALCHEMY_DATABASE_URI=server.database_url(name))
        yield app
        with app.app_context():
            db.engine.dispose()
        server.drop(name)
        return
    template: Path = request.getfixturevalue("template_databases")[kind]
    shutil.copy(template, instance_path / "glossary.sqlite3")
    app = make_app(instance_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def empty_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """A migrated, empty database, in its own folder so a test can use `app` beside it."""
    yield from _app_on_copy(request, "empty", tmp_path / "empty-instance")


@pytest.fixture
def app(request: pytest.FixtureRequest, instance_path: Path) -> Iterator[Flask]:
    """A database holding the bundled begrippenkader."""
    yield from _app_on_copy(request, "filled", instance_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def skosmos(app: Flask) -> Iterator[SkosmosClient]:
    """A skosmos-client talking to the app served on a free local port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SkosmosClient(api_base=f"http://127.0.0.1:{server.server_port}/rest/v1/")
    server.shutdown()
    thread.join()
