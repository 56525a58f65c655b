"""gunicorn with 4 workers on PostgreSQL, under load from a second process, while the whole
framework is re-imported twice: no 5xx, only whole states served, all workers converge."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.config import PROJECT_ROOT
from tests.conftest import BUNDLED_CSV, PostgresServer
from tests.serving import app_environment, get_json, gunicorn, run_flask, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
LOAD_SECONDS = 20
CONVERGENCE_SECONDS = 15


@pytest.fixture
def pg_filled(pg_server: PostgresServer, pg_templates: dict[str, str]) -> Iterator[str]:
    name = pg_server.create(template=pg_templates["filled"])
    yield name
    pg_server.drop(name)


def framework_without_last_concept(folder: Path) -> Path:
    """The bundled framework minus its last concept, with the same companion files."""
    folder.mkdir()
    for companion in ("clusters.csv", "bronnen.csv"):
        (folder / companion).write_bytes((BUNDLED_CSV.parent / companion).read_bytes())
    text = BUNDLED_CSV.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows[:-1])
    path = folder / BUNDLED_CSV.name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_reimport_under_load_serves_only_whole_states_and_all_workers_converge(
    pg_server: PostgresServer, pg_filled: str, tmp_path: Path
) -> None:
    env = app_environment(pg_server.database_url(pg_filled), tmp_path / "instance")
    smaller = framework_without_last_concept(tmp_path / "smaller")
    with gunicorn(env, workers=4, log=tmp_path / "gunicorn.log") as base:
        full_count = get_json(f"{base}/api/v1/concepts?per_page=1")[1]["total"]
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
                "--probe", f"{base}/api/v1/concepts?per_page=100=total",
                "--out", str(report_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(3)
        first = run_flask(env, "glossary", "import", "--prune", str(smaller))
        second = run_flask(env, "glossary", "import", str(BUNDLED_CSV))
        assert load.wait(timeout=LOAD_SECONDS + 60) == 0
        assert first.returncode == 0, first.stderr
        assert second.returncode == 0, second.stderr

        report = json.loads(report_path.read_text())
        assert report["server_errors"] == 0, report
        probe = report["per_url"][f"{base}/api/v1/concepts?per_page=100"]
        assert set(probe["observed"]) <= {str(full_count), str(full_count - 1)}, probe

        assert wait_until(
            lambda: workers_ready_at(base, start_revision + 2, workers=4),
            CONVERGENCE_SECONDS,
            interval=0.5,
        )


def workers_ready_at(base: str, revision: int, workers: int) -> bool:
    """True when `workers` different worker processes answer ready at `revision`."""
    ready_pids: set[int] = set()
    for _ in range(20 * workers):
        status, body = get_json(f"{base}/readyz")
        if status != 200 or body.get("data_revision") != revision:
            return False
        ready_pids.add(body["pid"])
        if len(ready_pids) == workers:
            return True
    return False
