"""Load section of `make bench`: throughput and p99 latency with 4 gunicorn workers.

Needs a PostgreSQL server (TEST_DATABASE_URL; `make bench` starts a throwaway one through
scripts/pg-test-cluster.sh). Creates a database with the bundled framework, brings the search
index to its revision, serves it with gunicorn on 127.0.0.1 and measures each route on its own
with wrk (or bench/loadgen.py when wrk is missing). Writes bench/results/load.json and
bench/results/load.md.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import run as loadgen_run  # noqa: E402
from tests.serving import app_environment, gunicorn, run_flask  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORKERS = int(os.environ.get("WORKERS", "4"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "8"))
ROUTES = {
    "trivial (/healthz)": "/healthz",
    "concept page (HTML)": "/begrip/mediawijsheid",
    "concept (JSON)": "/api/v1/concepts/mediawijsheid",
    "search (JSON)": "/api/v1/search?q=onlinehulp",
}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _database(server_url: str) -> tuple[str, str]:
    """Create a fresh database on the server; (name, SQLAlchemy URL)."""
    name = f"bench_{int(time.time())}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    base = server_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def _wrk(url: str) -> dict[str, object]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True, text=True, check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = (
        _ms(re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)) for pct in ("50", "99")
    )
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "tool": "wrk",
        "requests_per_s": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def _ms(match: re.Match[str] | None) -> float | None:
    return round(float(match.group(1)) * UNITS[match.group(2)], 2) if match else None


def _loadgen(url: str) -> dict[str, object]:
    report = loadgen_run([(url, None)], SECONDS, CONNECTIONS)
    entry = report["per_url"][url]
    return {
        "tool": "bench/loadgen.py",
        "requests_per_s": report["requests_per_s"],
        "p50_ms": entry["p50_ms"],
        "p99_ms": entry["p99_ms"],
        "non_2xx_3xx": sum(
            count for code, count in entry["statuses"].items() if not code.startswith(("2", "3"))
        ),
    }


def measure(base: str) -> dict[str, dict[str, object]]:
    tool = _wrk if shutil.which("wrk") else _loadgen
    return {name: tool(base + path) for name, path in ROUTES.items()}


def write_results(figures: dict[str, dict[str, object]]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    setting = {
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds_per_route": SECONDS,
        "database": "PostgreSQL (throwaway cluster, loopback)",
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (RESULTS / "load.json").write_text(
        json.dumps({"setting": setting, "routes": figures}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        f"# Load: gunicorn, {WORKERS} workers, {CONNECTIONS} connections, {SECONDS} s per route",
        "",
        f"{setting['when']} · {setting['cpus']} CPUs · {setting['database']} · "
        "the load tool runs on the same host",
        "",
        "| route | requests/s | p50 ms | p99 ms | non-2xx/3xx |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in figures.items():
        lines.append(
            f"| {name} | {row['requests_per_s']} | {row['p50_ms']} | {row['p99_ms']} "
            f"| {row['non_2xx_3xx']} |"
        )
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main() -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        sys.exit("bench/load.py needs TEST_DATABASE_URL: run it through scripts/pg-test-cluster.sh")
    name, url = _database(server)
    with tempfile.TemporaryDirectory() as folder:
        env = app_environment(url, Path(folder) / "instance", LOG_LEVEL="ERROR")
        for step in (
            ("db", "upgrade"),
            ("glossary", "import", str(ROOT / "data" / "begrippenkader.csv")),
        ):
            done = run_flask(env, *step)
            if done.returncode != 0:
                sys.exit(f"flask {' '.join(step)} failed:\n{done.stderr}")
        with gunicorn(env, workers=WORKERS, log=Path(folder) / "gunicorn.log") as base:
            loadgen_run([(base + path, None) for path in ROUTES.values()], 2, WORKERS)  # warm-up
            write_results(measure(base))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
