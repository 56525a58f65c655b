"""gunicorn with 4 workers on PostgreSQL and on SQLite, under load from a second process,
while the whole framework is re-imported twice: no 5xx, only whole states served, all workers
converge, and no worker keeps serving a concept it cached from a state read across an import.

Each re-import changes the Dutch definition of every concept (and the first one also drops
a concept), so a listing of all concepts shows by itself which state it was read from: a
response that mixed two imports would carry two marks, or one mark with the wrong concepts.
"""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from glossary.paths import PROJECT_ROOT
from tests.conftest import BUNDLED_CSV, PostgresServer
from tests.serving import (
    Rows,
    app_environment,
    framework_variant,
    get_json,
    gunicorn,
    run_flask,
    wait_until,
    workers_ready_at,
)

pytestmark = [pytest.mark.slow]
# An upper bound only: the test stops the load (SIGTERM) once the workers have converged.
# Generous, because on a busy machine two imports of the framework took over 60 s and the
# load ended before they were served (CI with other work on its two cores).
LOAD_SECONDS = 600
CONVERGENCE_SECONDS = 15
# How long the load goes on reading the final state after the workers converged.
AFTER_SECONDS = 2
FIRST_MARK = "Gewijzigd bij de eerste herimport."
SECOND_MARK = "Gewijzigd bij de tweede herimport."
LISTING = "/api/v1/concepts?per_page=200"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def served_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database holding the bundled framework, on each backend."""
    if request.param == "sqlite":
        database = tmp_path / "served" / "glossary.sqlite3"
        database.parent.mkdir()
        shutil.copy(request.getfixturevalue("template_databases")["filled"], database)
        yield f"sqlite:///{database}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create(template=request.getfixturevalue("pg_templates")["filled"])
    yield server.database_url(name)
    server.drop(name)


def marked(mark: str, drop_last: bool) -> Callable[[Rows], Rows]:
    """A change of the concept rows: `mark` added to every Dutch definition."""

    def change(rows: Rows) -> Rows:
        kept = rows[:-1] if drop_last else rows
        return [{**row, "definition@nl": f"{row['definition@nl']}\n\n{mark}"} for row in kept]

    return change


def ids_in(concepts_file: Path) -> set[str]:
    with concepts_file.open(encoding="utf-8", newline="") as rows:
        return {row["id"] for row in csv.DictReader(rows)}


def mark_of(concept: dict[str, Any]) -> str | None:
    text = concept["definition"].get("nl", {}).get("markdown", "")
    return next((mark for mark in (FIRST_MARK, SECOND_MARK) if mark in text), None)


def state_of(concepts: list[dict[str, Any]], states: dict[str, tuple[str | None, set[str]]]) -> str:
    """The name of the whole state a listing of all concepts shows, or "mixed"."""
    marks = {mark_of(concept) for concept in concepts}
    ids = {concept["id"] for concept in concepts}
    for name, (mark, expected_ids) in states.items():
        if marks == {mark} and ids == expected_ids:
            return name
    return "mixed"


def test_reimport_under_load_serves_only_whole_states_and_all_workers_converge(
    served_database: str, tmp_path: Path
) -> None:
    env = app_environment(served_database, tmp_path / "instance")
    first = framework_variant(tmp_path / "first", marked(FIRST_MARK, drop_last=True))
    second = framework_variant(tmp_path / "second", marked(SECOND_MARK, drop_last=False))
    with gunicorn(env, workers=4, log=tmp_path / "gunicorn.log") as base:
        start_revision = get_json(f"{base}/readyz")[1]["data_revision"]
        report_path = tmp_path / "load.json"
        load = subprocess.Popen(
            [
                sys.executable,
                str(PROJECT_ROOT / "bench" / "loadgen.py"),
                "--duration", str(LOAD_SECONDS),
                "--concurrency", "6",
                "--url", f"{base}/",
                "--url", f"{base}/api/v1/concepts/mediawijsheid",
                "--url", f"{base}/api/v1/search?q=onlinehulp",
                "--probe", f"{base}{LISTING}=concepts",
                "--out", str(report_path),
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(3)
        first_import = run_flask(env, "glossary", "import", "--prune", str(first))
        second_import = run_flask(env, "glossary", "import", str(second))
        assert first_import.returncode == 0, first_import.stderr
        assert second_import.returncode == 0, second_import.stderr
        converged = wait_until(
            lambda: workers_ready_at(base, start_revision + 2, workers=4),
            CONVERGENCE_SECONDS,
            interval=0.5,
        )
        time.sleep(AFTER_SECONDS)
        # Every worker serves the concept of the last import: none kept one it built from
        # a state read across an import under the new revision.
        stale = [get_json(f"{base}/api/v1/concepts/mediawijsheid")[1] for _ in range(40)]
        assert all(mark_of(concept) == SECOND_MARK for concept in stale), "stale concept served"
        assert load.poll() is None, "the load ended before the imports were served"
        load.send_signal(signal.SIGTERM)
        assert load.wait(timeout=30) == 0
        assert converged, "not every worker answered ready at the last revision"

    report = json.loads(report_path.read_text())
    assert report["server_errors"] == 0, report["per_url"]
    states = {
        "bundled": (None, ids_in(BUNDLED_CSV)),
        "first import": (FIRST_MARK, ids_in(first)),
        "second import": (SECOND_MARK, ids_in(second)),
    }
    seen: Counter[str] = Counter()
    for value, count in report["per_url"][base + LISTING]["observed"].items():
        seen[state_of(json.loads(value), states)] += count
    assert seen["mixed"] == 0, seen
    assert seen["bundled"] > 0, seen
    assert seen["second import"] > 0, seen
