"""Real processes for the production tests: the `flask` CLI and gunicorn on 127.0.0.1, and
the changed frameworks they import."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glossary.paths import PROJECT_ROOT

SECRET = "test-secret-key-for-production-processes-0123456789"
FLASK = [sys.executable, "-m", "flask", "--app", "glossary"]
BUNDLED_CSV = PROJECT_ROOT / "data" / "begrippenkader.csv"
Rows = list[dict[str, str]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_environment(database_url: str, instance: Path, **extra: str) -> dict[str, str]:
    """Environment for a production process on `database_url`, with its own index folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GLOSSARY_", "FLASK_", "SQLALCHEMY_"))
        and key not in ("DATABASE_URL", "SECRET_KEY")
    }
    env.update(
        DATABASE_URL=database_url,
        GLOSSARY_INSTANCE_PATH=str(instance),
        GLOSSARY_INDEX_DIR=str(instance / "search-index"),
        GLOSSARY_ENV="production",
        SECRET_KEY=SECRET,
        GLOSSARY_PUBLIC_URL="https://begrippen.test/",
        RATELIMIT_ENABLED="false",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def framework_variant(folder: Path, change: Callable[[Rows], Rows]) -> Path:
    """The bundled framework with its concept rows passed through `change`, in `folder`.

    The companion files (clusters, sources, scheme) are copied unchanged.
    """
    folder.mkdir()
    for companion in BUNDLED_CSV.parent.glob("*.csv"):
        if companion.name != BUNDLED_CSV.name:
            (folder / companion.name).write_bytes(companion.read_bytes())
    reader = csv.DictReader(io.StringIO(BUNDLED_CSV.read_text(encoding="utf-8"), newline=""))
    rows = change(list(reader))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / BUNDLED_CSV.name
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def run_flask(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `flask <args>` to completion in a fresh process."""
    return subprocess.run(
        [*FLASK, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def get_json(url: str, timeout: float = 10) -> tuple[int, dict]:
    """GET `url`; the status and the decoded JSON body (also for 4xx/5xx answers)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_until(condition, timeout: float, interval: float = 0.1) -> bool:
    """Poll `condition` until it is true or `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def workers_ready_at(base: str, revision: int, workers: int) -> bool:
    """True when `workers` different worker processes answer ready with the index at `revision`.

    /readyz is 200 only when the worker's own index is at the database's revision, so this
    says each of them would now search the data of `revision`.
    """
    ready_pids: set[int] = set()
    for _ in range(20 * workers):
        status, body = get_json(f"{base}/readyz")
        if status != 200 or body.get("index_revision") != revision:
            return False
        ready_pids.add(body["pid"])
        if len(ready_pids) == workers:
            return True
    return False


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 4, log: Path | None = None) -> Iterator[str]:
    """gunicorn with `workers` workers on a free loopback port; yields its base URL."""
    port = free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "WORKERS": str(workers)}
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py")],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def alive() -> bool:
        try:
            return get_json(f"{base}/healthz", timeout=2)[0] == 200
        except OSError:
            return False

    try:
        if not wait_until(alive, timeout=60):
            raise RuntimeError(f"gunicorn did not come up on {base} (see {log})")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()
