"""Worker crashes are diagnosable, and nothing a worker holds can fault under it.

A gunicorn worker that dies of a fatal signal leaves the Python stack of every thread in the
error log (faulthandler, enabled by gunicorn.conf.py in each worker), and the master names
the signal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from glossary.paths import PROJECT_ROOT
from tests import search_helpers as search
from tests.serving import app_environment, get_json, gunicorn, wait_until

pytestmark = pytest.mark.slow


def test_a_worker_killed_by_sigsegv_leaves_its_python_stack_and_the_signal_in_the_log(
    app: Flask, tmp_path: Path
) -> None:
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "served")
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, workers=1, log=log) as base:
        status, body = get_json(f"{base}/readyz")
        assert status == 200, body
        os.kill(body["pid"], signal.SIGSEGV)
        assert wait_until(lambda: "was sent SIGSEGV" in log.read_text(), timeout=20)
    text = log.read_text()
    assert "Fatal Python error: Segmentation fault" in text
    assert "most recent call first" in text  # a thread's stack follows


# A worker's view of the index, run in a child process so that a fatal signal fails the test
# instead of ending the test run: open the current version, let `damage` change its files,
# search again and print what came back.
SEARCH_AFTER_DAMAGE = """
import json, os, shutil, sys
from glossary import create_app
from tests.search_helpers import open_index, search

database, index_dir, damage = sys.argv[1:4]
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database,
                  "GLOSSARY_INDEX_DIR": index_dir, "RATELIMIT_ENABLED": False,
                  "SECRET_KEY": "test"})
with app.test_request_context():
    before = search("hulp", "nl")
    version = open_index().version.path
    if damage == "truncate":
        for path in version.glob("*.seg"):
            os.truncate(path, 4096)
    elif damage == "remove":
        shutil.rmtree(version)
with app.test_request_context():
    after = search("hulpverlening", "nl")
print(json.dumps({"before": len(before.results), "after": len(after.results)}))
"""


def _search_after(app: Flask, damage: str) -> subprocess.CompletedProcess:
    with app.app_context():
        search.ensure_current_index()
    return subprocess.run(
        [
            sys.executable,
            "-c",
            SEARCH_AFTER_DAMAGE,
            app.config["SQLALCHEMY_DATABASE_URI"],
            app.config["GLOSSARY_INDEX_DIR"],
            damage,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_segment_cut_short_under_an_open_index_does_not_kill_the_process(app: Flask) -> None:
    # Whoosh mapped segment files into memory: reading a page past the new end of a mapped
    # file is a SIGBUS that no exception handler sees. Read through file handles, a short
    # file is an error the search recovers from by rebuilding the damaged version.
    done = _search_after(app, "truncate")
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    counts = json.loads(done.stdout.splitlines()[-1])
    assert counts["before"] > 0 and counts["after"] > 0


def test_a_version_removed_while_open_still_answers(app: Flask) -> None:
    # What another worker's `_remove_old_versions` does to a version this one still reads.
    done = _search_after(app, "remove")
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    counts = json.loads(done.stdout.splitlines()[-1])
    assert counts["before"] > 0 and counts["after"] > 0


def _open_files(pid: int) -> list[str]:
    folder = Path(f"/proc/{pid}/fd")
    targets = []
    for entry in folder.iterdir():
        try:
            targets.append(os.readlink(entry))
        except FileNotFoundError:
            continue
    return targets


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux /proc")
def test_the_master_holds_no_database_or_index_file_its_workers_would_inherit(
    app: Flask, tmp_path: Path
) -> None:
    # The master builds the index before it forks (on_starting); a SQLite connection or an
    # index file it kept open would be shared by every worker forked after it.
    served = tmp_path / "served"
    env = app_environment(app.config["SQLALCHEMY_DATABASE_URI"], served)
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with gunicorn(env, workers=1, log=tmp_path / "gunicorn.log") as base:
        status, body = get_json(f"{base}/readyz")
        assert status == 200, body
        master = _parent(body["pid"])
        held = _open_files(master)
        worker_held = _open_files(body["pid"])
    # The probe sees files: the worker's database connection (index files are read whole).
    assert any(target.startswith((str(served), database)) for target in worker_held)
    assert not [t for t in held if t.startswith(str(served)) or t.startswith(database)]
