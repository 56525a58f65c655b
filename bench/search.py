"""Search section of `make bench`: import, index build, search and suggest latency.

    python bench/search.py [--quick | --sizes real,10000,100000] [--workdir DIR]

For each dataset — the bundled framework, and generated ones of 10 000 and 100 000 concepts
(bench/generate.py) — in a fresh instance folder with SQLite:

1. migrate, then import through the real importer (timed);
2. build the search index with `rebuild_index()` (timed) and check `ensure_current_index()`
   then finds it current;
3. in-process: call `search()` and `suggest()` over a query mix drawn from the data, in
   rounds interleaved with the baseline, the Flask test client's GET /healthz (the cheapest
   complete request the app answers), so both see the same machine load;
4. over HTTP: gunicorn on 127.0.0.1 and wrk cycling through the same mixes against
   /api/v1/search and /api/v1/suggest, with /healthz measured before and after as the
   baseline.

Speed depends on the machine; ratios against the baseline of the same run are the figures
to compare. Writes bench/results/search.json and bench/results/search.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench import httpload  # noqa: E402
from bench.generate import generate  # noqa: E402
from bench.queries import CHECKED_KINDS, Query, search_mix, suggest_mix  # noqa: E402
from bench.search_report import write_results  # noqa: E402
from bench.timing import ratio, summarise  # noqa: E402
from glossary import create_app  # noqa: E402
from glossary.models import db  # noqa: E402
from glossary.services import search as search_service  # noqa: E402
from glossary.services.importer import FrameworkFiles, import_framework  # noqa: E402
from glossary.services.records import Framework  # noqa: E402
from tests.serving import app_environment, gunicorn  # noqa: E402

BUNDLED_CSV = ROOT / "data" / "begrippenkader.csv"
RESULTS = ROOT / "bench" / "results"
SCHEME_ID = "begrippenkader"
ALL_SIZES = ("real", "10000", "100000")
QUICK_SIZES = ("real", "10000")
MIX_SIZE = 400
WARM_UP_QUERIES = 20
BASELINE = "Flask test client GET /healthz, in the same process, interleaved"


def log(message: str) -> None:
    print(f"[bench search {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def suggest_function() -> Callable[..., list[Any]]:
    """`suggest(prefix, lang, limit)` of the search service (named `complete` before)."""
    function = getattr(search_service, "suggest", None) or search_service.complete
    return function  # type: ignore[return-value]


def make_app(instance: Path) -> Flask:
    instance.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'glossary.sqlite3'}",
            "GLOSSARY_INDEX_DIR": str(instance / "search-index"),
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench-secret",
            "LOG_LEVEL": "WARNING",  # no JSON line per test-client request
        }
    )


# --- data and index -------------------------------------------------------------------------


def prepare(name: str, folder: Path, seed: int) -> tuple[Path, dict[str, Any]]:
    """The concepts file of a dataset (generated into `folder` when needed)."""
    if name == "real":
        return BUNDLED_CSV, {"source": "data/begrippenkader.csv"}
    started = time.perf_counter()
    path = generate(int(name), folder / "data", seed)
    seconds = time.perf_counter() - started
    return path, {"source": f"bench/generate.py --concepts {name} --seed {seed}",
                  "generate_s": round(seconds, 2)}  # fmt: skip


def load(app: Flask, concepts: Path) -> tuple[Framework, dict[str, Any]]:
    """Migrate, import and build the index; the imported framework and the timings."""
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        plan, revision = import_framework(
            db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
        )
        import_s = time.perf_counter() - started
        db.session.remove()
        log(f"imported {len(plan.added)} concepts in {import_s:.1f} s")
        report = search_service.rebuild_index()
        log(report.describe())
        started = time.perf_counter()
        again = search_service.ensure_current_index()
        again_s = time.perf_counter() - started
        db.session.remove()
    index_folder = Path(getattr(report, "path", "") or app.config["GLOSSARY_INDEX_DIR"])
    figures = {
        "concepts": report.concepts,
        "revision": revision.number if revision else None,
        "import_s": round(import_s, 2),
        "index_build_s": round(report.seconds, 2),
        "index_mb": round(_size(index_folder) / 1e6, 1),
        "ensure_current_rebuilt": again.built,
        "ensure_current_s": round(again_s, 3),
    }
    return plan.framework, figures


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# --- in-process -----------------------------------------------------------------------------


def measure_in_process(
    app: Flask, searches: list[Query], suggestions: list[Query], rounds: int
) -> dict[str, Any]:
    """Rounds of: /healthz, search(), suggest(), and the same two through their API routes.

    The routes go through the Flask test client like the baseline, so route ÷ function shows
    what the HTTP layer (parameters, serialisation, revision headers) adds in-process.
    """
    suggest = suggest_function()
    client = app.test_client()
    with app.app_context():
        for query in searches[:WARM_UP_QUERIES]:
            search_service.search(query.text, query.lang)
        for query in suggestions[:WARM_UP_QUERIES]:
            suggest(query.text, query.lang)
        db.session.remove()
    samples: dict[str, list[int]] = defaultdict(list)
    by_kind: dict[str, dict[str, list[int]]] = {
        "search": defaultdict(list),
        "suggest": defaultdict(list),
    }
    top1: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    empty: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def get(name: str, path: str) -> None:
        started = time.perf_counter_ns()
        response = client.get(path)
        samples[name].append(time.perf_counter_ns() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    for turn in range(rounds):
        query = searches[turn % len(searches)]
        prefix = suggestions[turn % len(suggestions)]
        get("healthz", "/healthz")
        with app.app_context():
            started = time.perf_counter_ns()
            outcome = search_service.search(query.text, query.lang)
            elapsed = time.perf_counter_ns() - started
            db.session.remove()
        samples["search"].append(elapsed)
        by_kind["search"][query.kind].append(elapsed)
        empty[query.kind][0] += not outcome.results
        empty[query.kind][1] += 1
        if query.expected and query.kind in CHECKED_KINDS:
            top1[query.kind][0] += bool(outcome.results) and outcome.results[0].id == query.expected
            top1[query.kind][1] += 1
        with app.app_context():
            started = time.perf_counter_ns()
            suggest(prefix.text, prefix.lang)
            elapsed = time.perf_counter_ns() - started
            db.session.remove()
        samples["suggest"].append(elapsed)
        by_kind["suggest"][prefix.kind].append(elapsed)
        get("search_route", _paths("/api/v1/search", [query])[0])
        get("suggest_route", _paths("/api/v1/suggest", [prefix])[0])
    summary = {name: summarise(values) for name, values in samples.items()}
    base = summary["healthz"]
    return {
        "baseline": BASELINE,
        "rounds": rounds,
        **{name: latency.as_dict() for name, latency in summary.items()},
        "ratios": {
            f"{name}_{figure}": ratio(getattr(summary[name], figure), getattr(base, figure))
            for name in ("search", "suggest", "search_route", "suggest_route")
            for figure in ("p50_ms", "p99_ms")
        },
        "by_kind": {
            operation: {kind: summarise(values).as_dict() for kind, values in sorted(kinds.items())}
            for operation, kinds in by_kind.items()
        },
        "search_top1": {kind: f"{hit}/{total}" for kind, (hit, total) in sorted(top1.items())},
        "search_empty": {kind: f"{none}/{total}" for kind, (none, total) in sorted(empty.items())},
    }


# --- HTTP -----------------------------------------------------------------------------------


def _paths(route: str, queries: list[Query]) -> list[str]:
    return [f"{route}?{urlencode({'q': query.text, 'lang': query.lang})}" for query in queries]


def measure_http(
    instance: Path,
    searches: list[Query],
    suggestions: list[Query],
    seconds: float,
    workers: int,
    connections: int,
) -> dict[str, Any]:
    """gunicorn on the dataset; /healthz before and after, search and suggest between."""
    database = f"sqlite:///{instance / 'glossary.sqlite3'}"
    env = app_environment(database, instance, LOG_LEVEL="ERROR")
    routes = {
        "search": _paths("/api/v1/search", searches),
        "suggest": _paths("/api/v1/suggest", suggestions),
    }
    with gunicorn(env, workers=workers, log=instance / "gunicorn.log") as base:
        for paths in routes.values():  # every worker opens the index and loads the tables
            httpload.measure(base, paths, 3, connections)
        figures = {"healthz_before": httpload.measure(base, ["/healthz"], seconds, connections)}
        for name, paths in routes.items():
            figures[name] = httpload.measure(base, paths, seconds, connections)
        figures["healthz_after"] = httpload.measure(base, ["/healthz"], seconds, connections)
    baseline_rps = (
        figures["healthz_before"].requests_per_s + figures["healthz_after"].requests_per_s
    ) / 2
    baseline_p50 = _mean(figures["healthz_before"].p50_ms, figures["healthz_after"].p50_ms)
    baseline_p99 = _mean(figures["healthz_before"].p99_ms, figures["healthz_after"].p99_ms)
    result: dict[str, Any] = {
        "setting": {"workers": workers, "connections": connections, "seconds": seconds},
        **{name: value.as_dict() for name, value in figures.items()},
        "ratios": {},
    }
    for name in routes:
        result["ratios"][f"{name}_throughput"] = ratio(figures[name].requests_per_s, baseline_rps)
        result["ratios"][f"{name}_p50"] = ratio(figures[name].p50_ms, baseline_p50)
        result["ratios"][f"{name}_p99"] = ratio(figures[name].p99_ms, baseline_p99)
    return result


def _mean(first: float | None, second: float | None) -> float | None:
    values = [value for value in (first, second) if value is not None]
    return sum(values) / len(values) if values else None


# --- one dataset, all datasets ----------------------------------------------------------------


def run_dataset(name: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    log(f"dataset {name}: preparing in {folder}")
    load_before = os.getloadavg()[0]
    concepts, figures = prepare(name, folder, args.seed)
    instance = folder / "instance"
    app = make_app(instance)
    framework, loaded = load(app, concepts)
    figures.update(loaded)
    searches = search_mix(framework, args.seed, MIX_SIZE)
    suggestions = suggest_mix(framework, args.seed, MIX_SIZE)
    log(f"in-process: {args.rounds} rounds of /healthz, search(), suggest()")
    figures["in_process"] = measure_in_process(app, searches, suggestions, args.rounds)
    with app.app_context():
        db.engine.dispose()
    if not args.no_http:
        log(f"HTTP: gunicorn with {args.workers} workers, {args.seconds:g} s per measurement")
        figures["http"] = measure_http(
            instance, searches, suggestions, args.seconds, args.workers, args.connections
        )
    figures["load_average"] = {
        "before": round(load_before, 2),
        "after": round(os.getloadavg()[0], 2),
    }
    return figures


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "search_code_changed": bool(_git("status", "--porcelain", "glossary/services")),
        "database": "SQLite (file in a fresh instance folder)",
    }


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(ALL_SIZES),
        help="comma-separated datasets: real and/or concept counts",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"only {' and '.join(QUICK_SIZES)}, fewer rounds, shorter HTTP",
    )
    parser.add_argument("--rounds", type=int, default=1000, help="in-process rounds per dataset")
    parser.add_argument("--seconds", type=float, default=10.0, help="HTTP seconds per measurement")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "4")))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn measurements")
    parser.add_argument("--workdir", type=Path, help="keep datasets here (default: a temp folder)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)  # fmt: skip
    if args.quick:
        args.sizes = ",".join(QUICK_SIZES)
        args.rounds = min(args.rounds, 300)
        args.seconds = min(args.seconds, 5.0)
    args.sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    for size in args.sizes:
        if size != "real" and not size.isdigit():
            parser.error(f"--sizes: '{size}' is neither 'real' nor a number of concepts")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    results: dict[str, Any] = {"machine": machine(), "datasets": {}}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        root = args.workdir or Path(scratch)
        for name in args.sizes:
            folder = root / name
            if folder.exists() and any(folder.iterdir()):
                sys.exit(f"{folder} is not empty: give an empty --workdir")
            results["datasets"][name] = run_dataset(name, folder, args)
    results["settings"] = {
        "rounds": args.rounds,
        "mix_size": MIX_SIZE,
        "seed": args.seed,
        "sizes": args.sizes,
    }
    write_results(results, args.out)


if __name__ == "__main__":
    main()
