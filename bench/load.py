"""Load section of `make bench`: throughput and p99 latency with 4 gunicorn workers.

Needs a PostgreSQL server (TEST_DATABASE_URL; `make bench` starts a throwaway one through
scripts/pg-test-cluster.sh). Creates a database with the bundled framework, brings the search
index to its revision, serves it with gunicorn on 127.0.0.1 and measures each route on its own
with wrk cycling through a list of paths (bench/httpload.py; threads when wrk is missing):

- the trivial route, /healthz, before and after the others: the mean is the baseline every
  other row is divided by, so the ratios hold across machines and loads;
- the concept page and the JSON concept, every concept of the framework in turn;
- search over distinct queries of the search benchmark's mix (bench/queries.py), none asked
  during the warm-up, so no answer comes from a worker's cache of recent outcomes;
- search over a few popular queries asked again and again: the cached case, apart.

Then the import under load (bench/import_load.py), on SQLite and on PostgreSQL: readers of
every kind while a 5 000-concept framework is re-imported, with errors, 503s, p99 beside
the baseline, inconsistent answers and crashed workers. IMPORT_LOAD=0 leaves it out.

Writes bench/results/load.json and bench/results/load.md (and the gunicorn logs of the
import runs, bench/results/import-load-<backend>.log, where crashes leave their stacks).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import httpload, import_load  # noqa: E402
from bench.httpload import HttpFigures  # noqa: E402
from bench.queries import Query, search_mix  # noqa: E402
from bench.timing import ratio  # noqa: E402
from glossary.importing import FrameworkFiles, read_framework  # noqa: E402
from glossary.records import Framework  # noqa: E402
from tests.serving import app_environment, gunicorn, run_flask  # noqa: E402

BUNDLED_CSV = ROOT / "data" / "begrippenkader.csv"
RESULTS = ROOT / "bench" / "results"
WORKERS = int(os.environ.get("WORKERS", "4"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "8"))
SEED = 7
WARM_UP_SECONDS = 3
WARM_UP_QUERIES = 40
POPULAR_QUERIES = 20
# Asked for; the bundled framework yields fewer distinct queries (4 850 with seed 7), which
# bounds how long search can be measured before a query comes round again.
SEARCH_MIX_SIZE = 12000
ROWS = {
    "healthz_before": "trivial: /healthz (before)",
    "concept_page": "concept page (HTML), every concept in turn",
    "concept_json": "concept (JSON), every concept in turn",
    "search": "search (JSON), each query new",
    "search_popular": "search (JSON), {popular} popular queries (cached)",
    "healthz_after": "trivial: /healthz (after)",
}


def _database(server_url: str) -> tuple[str, str]:
    """Create a fresh database on the server; (name, SQLAlchemy URL)."""
    name = f"bench_{int(time.time())}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    base = server_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def _search_paths(queries: list[Query]) -> list[str]:
    return [f"/api/v1/search?{urlencode({'q': q.text, 'lang': q.lang})}" for q in queries]


def route_paths(framework: Framework) -> tuple[list[str], dict[str, list[str]]]:
    """The warm-up paths and, per measured row, the paths it cycles through."""
    slugs = [concept.slug for concept in framework.concepts]
    pool = search_mix(framework, SEED, SEARCH_MIX_SIZE, distinct=True)
    warm_up = _search_paths(pool[:WARM_UP_QUERIES])
    popular = _search_paths(pool[WARM_UP_QUERIES : WARM_UP_QUERIES + POPULAR_QUERIES])
    routes = {
        "healthz_before": ["/healthz"],
        "concept_page": [f"/begrip/{slug}" for slug in slugs],
        "concept_json": [f"/api/v1/concepts/{slug}" for slug in slugs],
        "search": _search_paths(pool[WARM_UP_QUERIES + POPULAR_QUERIES :]),
        "search_popular": popular,
        "healthz_after": ["/healthz"],
    }
    return warm_up + popular, routes


def measure(base: str, warm_up: list[str], routes: dict[str, list[str]]) -> dict[str, Any]:
    """Each row on its own, after a warm-up that opens every worker's index and tables."""
    concepts = routes["concept_page"] + routes["concept_json"]
    httpload.measure(base, warm_up + concepts, WARM_UP_SECONDS, CONNECTIONS)
    figures: dict[str, HttpFigures] = {
        name: httpload.measure(base, paths, SECONDS, CONNECTIONS) for name, paths in routes.items()
    }
    before, after = figures["healthz_before"], figures["healthz_after"]
    baseline = {
        "requests_per_s": _mean(before.requests_per_s, after.requests_per_s),
        "p50_ms": _mean(before.p50_ms, after.p50_ms),
        "p99_ms": _mean(before.p99_ms, after.p99_ms),
    }
    rows: dict[str, Any] = {}
    for name, row in figures.items():
        rows[name] = {**row.as_dict(), "distinct_paths": len(set(routes[name]))}
        if not name.startswith("healthz"):
            rows[name]["ratios"] = {
                "throughput": ratio(row.requests_per_s, baseline["requests_per_s"]),
                "p50": ratio(row.p50_ms, baseline["p50_ms"]),
                "p99": ratio(row.p99_ms, baseline["p99_ms"]),
            }
    # More requests than distinct queries: later ones may have come from a worker's cache.
    rows["search"]["all_distinct"] = figures["search"].requests <= len(routes["search"])
    return {"baseline": baseline, "routes": rows}


def _mean(first: float | None, second: float | None) -> float | None:
    values = [value for value in (first, second) if value is not None]
    return round(sum(values) / len(values), 3) if values else None


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value}×"


def markdown(setting: dict[str, Any], figures: dict[str, Any]) -> str:
    tool = figures["routes"]["healthz_before"]["tool"]
    lines = [
        f"# Load: gunicorn, {setting['workers']} workers, {tool} with "
        f"{setting['connections']} connections, {setting['seconds_per_route']} s per row",
        "",
        f"{setting['when']} · {setting['cpus']} CPUs · {setting['database']} · "
        "the load tool runs on the same host · load average (1 min) "
        f"{setting['load_average']['before']} → {setting['load_average']['after']}",
        "",
        "Written by `bench/load.py` (`make bench-load`). /healthz is measured before and after "
        "the other rows; their mean is the baseline, and the ratios against it are the figures "
        "to compare between runs and machines. Each search query is new to the workers unless "
        "the row says cached.",
        "",
        "| route | distinct paths | requests | req/s | p50 ms | p99 ms | failed "
        "| req/s ÷ trivial | p50 × trivial | p99 × trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in ROWS.items():
        row = figures["routes"][name]
        shown = label.format(popular=POPULAR_QUERIES)
        if name == "search" and not row["all_distinct"]:
            shown += " (list exhausted: some repeats)"
        ratios = row.get("ratios")
        extra = (
            f"| {ratios['throughput']} | {_times(ratios['p50'])} | {_times(ratios['p99'])} |"
            if ratios
            else "| | | |"
        )
        lines.append(
            f"| {shown} | {row['distinct_paths']} | {row['requests']} | {row['requests_per_s']} "
            f"| {row['p50_ms']} | {row['p99_ms']} | {row['failed']} {extra}"
        )
    return "\n".join(lines) + "\n"


def import_under_load(server: str) -> list[dict[str, Any]]:
    """The import-under-load scenario on a fresh SQLite file and a fresh PostgreSQL database."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = Path(folder) / "sqlite"
        sqlite.mkdir()
        results.append(
            import_load.run(
                "SQLite",
                f"sqlite:///{sqlite / 'glossary.sqlite3'}",
                sqlite,
                RESULTS / "import-load-sqlite.log",
            )
        )
    name, url = _database(server)
    try:
        with tempfile.TemporaryDirectory() as folder:
            results.append(
                import_load.run(
                    "PostgreSQL", url, Path(folder), RESULTS / "import-load-postgresql.log"
                )
            )
    finally:
        _drop(server, name)
    return results


def _drop(server: str, name: str) -> None:
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")  # type: ignore[arg-type]


def write_results(
    figures: dict[str, Any], load_before: float, imports: list[dict[str, Any]]
) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    setting = {
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds_per_route": SECONDS,
        "database": "PostgreSQL (throwaway cluster, loopback)",
        "cpus": os.cpu_count(),
        "machine": platform.platform(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        # Other work on the machine shows here, and in the two /healthz rows drifting apart.
        "load_average": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
    }
    (RESULTS / "load.json").write_text(
        json.dumps(
            {"setting": setting, **figures, "import_under_load": imports},
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    text = markdown(setting, figures)
    if imports:
        note = (
            f"{setting['when']} · {setting['cpus']} CPUs · load average (1 min) at the end "
            f"{setting['load_average']['after']} · the load tool, the imports and the server "
            "share the host"
        )
        text += "\n" + import_load.markdown(imports, note)
    (RESULTS / "load.md").write_text(text, encoding="utf-8")
    print(text)


def main() -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        sys.exit("bench/load.py needs TEST_DATABASE_URL: run it through scripts/pg-test-cluster.sh")
    load_before = os.getloadavg()[0]
    framework, _ = read_framework(FrameworkFiles.beside(BUNDLED_CSV), source_language="nl")
    warm_up, routes = route_paths(framework)
    name, url = _database(server)
    with tempfile.TemporaryDirectory() as folder:
        env = app_environment(url, Path(folder) / "instance", LOG_LEVEL="ERROR")
        for step in (("db", "upgrade"), ("glossary", "import", str(BUNDLED_CSV))):
            done = run_flask(env, *step)
            if done.returncode != 0:
                sys.exit(f"flask {' '.join(step)} failed:\n{done.stderr}")
        with gunicorn(env, workers=WORKERS, log=Path(folder) / "gunicorn.log") as base:
            figures = measure(base, warm_up, routes)
    _drop(server, name)
    imports = import_under_load(server) if os.environ.get("IMPORT_LOAD", "1") != "0" else []
    write_results(figures, load_before, imports)


if __name__ == "__main__":
    main()
