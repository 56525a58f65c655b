"""Shared fixtures: an app on a real database and a real search index in a temporary folder.

Migrating and importing the bundled framework takes a moment, so it happens once per test
session into a template database; each test gets its own copy of that file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade

from glossary import create_app
from glossary.config import PROJECT_ROOT
from glossary.models import db
from glossary.services.importer import FrameworkFiles, import_framework

DATA_DIR = PROJECT_ROOT / "data"
BUNDLED_CSV = DATA_DIR / "begrippenkader.csv"
TEST_DATA = Path(__file__).parent / "data"
SCHEME_ID = "begrippenkader"


def make_app(instance: Path, **overrides: object) -> Flask:
    """An app whose database, search index and instance folder live under `instance`."""
    config: dict[str, object] = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'glossary.sqlite3'}",
        "GLOSSARY_INDEX_DIR": str(instance / "search-index"),
        "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "test-secret",
    }
    config.update(overrides)
    instance.mkdir(parents=True, exist_ok=True)
    return create_app(config)


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
    filled_dir = root / "filled"
    filled_dir.mkdir()
    shutil.copy(root / "empty" / "glossary.sqlite3", filled_dir / "glossary.sqlite3")
    filled = make_app(filled_dir)
    import_bundled(filled)
    with filled.app_context():
        db.engine.dispose()
    return {
        "empty": root / "empty" / "glossary.sqlite3",
        "filled": filled_dir / "glossary.sqlite3",
    }


@pytest.fixture
def instance_path(tmp_path: Path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def empty_app(template_databases: dict[str, Path], instance_path: Path) -> Iterator[Flask]:
    """A migrated, empty database."""
    instance_path.mkdir(parents=True)
    shutil.copy(template_databases["empty"], instance_path / "glossary.sqlite3")
    app = make_app(instance_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(template_databases: dict[str, Path], instance_path: Path) -> Iterator[Flask]:
    """A database holding the bundled begrippenkader."""
    instance_path.mkdir(parents=True)
    shutil.copy(template_databases["filled"], instance_path / "glossary.sqlite3")
    app = make_app(instance_path)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
