"""A damaged or deleted database file, an index folder that cannot be built: 503, said neutrally.

The answer is the same in every worker (a worker that had the file open before it was deleted
agrees with one started after), the serving app never creates an empty database in place of
a lost one, and no message names a server path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import make_app

GARBAGE = b"this is not an SQLite database, a disk went wrong " * 200
PAGE, API = "/", "/api/v1/concepts"


def worker_on(instance: Path, template: Path | None = None, **overrides: object) -> Flask:
    """An app (one worker) on the SQLite file of `instance`, copied from `template` if given."""
    instance.mkdir(parents=True, exist_ok=True)
    if template is not None:
        shutil.copy(template, instance / "glossary.sqlite3")
    return make_app(instance, TESTING=False, **overrides)


def assert_unavailable(app: Flask, url: str, *hidden: str) -> None:
    response = app.test_client().get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body
    assert response.headers["Retry-After"]
    assert "Traceback" not in body
    for text in hidden:
        assert text not in body
    expected = "application/problem+json" if url.startswith("/api/") else "text/html"
    assert response.mimetype == expected


@pytest.fixture
def damaged(tmp_path: Path) -> Flask:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "glossary.sqlite3").write_bytes(GARBAGE)
    return worker_on(instance)


@pytest.mark.parametrize("url", [PAGE, API, "/begrip/mediawijsheid", "/api/v1/search?q=zorg"])
def test_a_damaged_database_file_answers_503_with_a_neutral_message(
    damaged: Flask, url: str, tmp_path: Path
) -> None:
    assert_unavailable(damaged, url, str(tmp_path), "not a database")


def test_readiness_is_503_when_the_database_file_is_damaged(damaged: Flask) -> None:
    response = damaged.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_a_deleted_database_file_is_unavailable_in_old_and_new_workers_alike(
    tmp_path: Path, template_databases: dict[str, Path]
) -> None:
    instance = tmp_path / "instance"
    old_worker = worker_on(instance, template_databases["filled"])
    assert old_worker.test_client().get("/readyz").status_code == 200  # holds the file open
    database = instance / "glossary.sqlite3"
    database.unlink()

    new_worker = worker_on(instance)
    for worker in (old_worker, new_worker):
        assert worker.test_client().get("/readyz").status_code == 503
        for url in (PAGE, API):
            assert_unavailable(worker, url, str(tmp_path))
    assert not database.exists()  # serving never creates an empty database in its place


def test_a_replaced_database_file_is_read_by_every_worker(
    tmp_path: Path, template_databases: dict[str, Path]
) -> None:
    instance = tmp_path / "instance"
    worker = worker_on(instance, template_databases["filled"])
    assert worker.test_client().get("/api/v1/concepts").json["total"] > 0
    restored = instance / "restored.sqlite3"
    shutil.copy(template_databases["empty"], restored)
    restored.replace(instance / "glossary.sqlite3")  # a restore from a backup, say

    assert worker.test_client().get("/api/v1/concepts").json["total"] == 0


def test_an_index_folder_that_cannot_be_built_is_named_in_no_answer(
    tmp_path: Path, template_databases: dict[str, Path]
) -> None:
    in_the_way = tmp_path / "a-file-where-the-index-goes"
    in_the_way.write_text("not a folder")
    worker = worker_on(
        tmp_path / "instance", template_databases["filled"], GLOSSARY_INDEX_DIR=str(in_the_way)
    )
    for url in ("/api/v1/search?q=zorg", "/rest/v1/search?query=zorg*", "/readyz"):
        response = worker.test_client().get(url)
        assert response.status_code == 503
        assert str(tmp_path) not in response.get_data(as_text=True)
        assert in_the_way.name not in response.get_data(as_text=True)
