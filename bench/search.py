"""Search section of `make bench`: import, index build, search and suggest latency.

    python bench/search.py [--quick | --sizes real,10000,100000] [--workdir DIR]
    python bench/search.py --sizes real,10000 --build-sizes 100000   # 100 000: build only

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
   baseline; then the resident memory of each gunicorn worker;
5. the baselines of issue 20 on the same data (bench/baselines.py): build time, index size,
   worker memory, latency and top-1 of this service, textbook Whoosh and SQLite FTS5.

A dataset in `--build-sizes` gets steps 1 and 2 only (the 100 000 build, say, whose searches
would take an hour to measure).

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask, current_app  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench import httpload  # noqa: E402
from bench.generate import CONCEPTS_FILE, generate  # noqa: E402
from bench.loadgen import fetch  # noqa: E402
from bench.queries import CHECKED_KINDS, Query, search_mix, suggest_mix  # noqa: E402
from bench.search_report import write_results  # noqa: E402
from bench.timing import ratio, summarise  # noqa: E402
from glossary import create_app  # noqa: E402
from glossary.importing import (  # noqa: E402
    FrameworkFiles,
    import_framework,
    read_framework,
)
from glossary.models import db  # noqa: E402
from glossary.records import Framework  # noqa: E402
from glossary.search import service as search_service  # noqa: E402
from glossary.services.revision import current_revision  # noqa: E402
from tests.serving import app_environment, gunicorn  # noqa: E402

BUNDLED_CSV = ROOT / "data" / "begrippenkader.csv"
RESULTS = ROOT / "bench" / "results"
SCHEME_ID = "begrippenkader"
ALL_SIZES = ("real", "10000", "100000")
QUICK_SIZES = ("real", "10000")
WARM_UP_QUERIES = 20
POPULAR_QUERIES = 20
POPULAR_ROUNDS = 500
MIN_ROUNDS = 200
HTTP_QUERIES = 6000
SUGGEST_MIX_SIZE = 400
BASELINE = "Flask test client GET /healthz, in the same process, interleaved"


def log(message: str) -> None:
    print(f"[bench search {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def search_call(text: str, lang: str) -> Any:
    """search() as a view calls it, in an app context: the data revision is read within."""
    index = search_service.IndexConfig.from_settings(current_app.config)
    revision = current_revision(db.session).number
    return search_service.search(index, db.session, revision, text, lang)


def suggest_call(prefix: str, lang: str, limit: int = 10) -> Any:
    """complete() as a view calls it, in an app context."""
    index = search_service.IndexConfig.from_settings(current_app.config)
    revision = current_revision(db.session).number
    return search_service.complete(index, db.session, revision, prefix, lang, limit)


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


def prepare(name: str, folder: Path, seed: int, reuse: bool) -> tuple[Path, dict[str, Any]]:
    """The concepts file of a dataset (generated into `folder` when needed)."""
    if name == "real":
        return BUNDLED_CSV, {"source": "data/begrippenkader.csv"}
    if reuse:
        return folder / "data" / CONCEPTS_FILE, {"source": "reused --workdir", "reused": True}
    started = time.perf_counter()
    path = generate(int(name), folder / "data", seed)
    seconds = time.perf_counter() - started
    return path, {"source": f"bench/generate.py --concepts {name} --seed {seed}",
                  "generate_s": round(seconds, 2)}  # fmt: skip


def load(app: Flask, concepts: Path, reuse: bool) -> tuple[Framework, dict[str, Any]]:
    """Migrate, import (unless `reuse`) and build the index; the framework and the timings."""
    files = FrameworkFiles.beside(concepts)
    with app.app_context():
        import_s: float | None = None
        if reuse:
            framework, _ = read_framework(files, source_language="nl")
            log("reusing the imported database")
        else:
            upgrade()
            started = time.perf_counter()
            plan, _ = import_framework(db.session, SCHEME_ID, files, source_language="nl")
            import_s = time.perf_counter() - started
            framework = plan.framework
            log(f"imported {len(plan.added)} concepts in {import_s:.1f} s")
        db.session.remove()
        index = search_service.IndexConfig.from_settings(app.config)
        report = search_service.rebuild_index(index, db.session)
        log(report.describe())
        started = time.perf_counter()
        again = search_service.ensure_current_index(index, db.session)
        again_s = time.perf_counter() - started
        db.session.remove()
    index_folder = Path(getattr(report, "path", "") or app.config["GLOSSARY_INDEX_DIR"])
    figures = {
        "concepts": report.concepts,
        "import_s": round(import_s, 2) if import_s is not None else None,
        "index_build_s": round(report.seconds, 2),
        "index_mb": round(_size(index_folder) / 1e6, 1),
        "ensure_current_rebuilt": again.built,
        "ensure_current_s": round(again_s, 3),
    }
    return framework, figures


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# --- query sets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuerySets:
    """Search queries split so the service's cache of recent outcomes is accounted for.

    All search queries are distinct (bench/queries.py). `warm_up` opens the index without
    touching the measured ones; `function` and `route` are measured in-process, each query
    once, so no outcome can come from a cache; `popular` is a handful asked over and over,
    measured separately as the cached case; `http` is measured by fresh gunicorn workers,
    whose caches have seen none of it. Suggest queries repeat: prefixes do in practice, and
    completion keeps no outcomes.
    """

    warm_up: list[Query]
    popular: list[Query]
    function: list[Query]
    route: list[Query]
    http: list[Query]
    suggest: list[Query]


def query_sets(framework: Framework, seed: int, rounds: int) -> QuerySets:
    wanted = WARM_UP_QUERIES + POPULAR_QUERIES + max(2 * rounds, HTTP_QUERIES)
    pool = search_mix(framework, seed, wanted, distinct=True)
    warm_up = pool[:WARM_UP_QUERIES]
    popular = pool[WARM_UP_QUERIES : WARM_UP_QUERIES + POPULAR_QUERIES]
    rest = pool[WARM_UP_QUERIES + POPULAR_QUERIES :]
    measured = min(rounds, len(rest) // 2)
    function, route = split_by_kind(rest)
    return QuerySets(
        warm_up=warm_up,
        popular=popular,
        function=function[:measured],
        route=route[:measured],
        http=rest,
        suggest=suggest_mix(framework, seed, SUGGEST_MIX_SIZE),
    )


def split_by_kind(queries: list[Query]) -> tuple[list[Query], list[Query]]:
    """Two halves with the same mix of kinds: each kind's queries go to either half in turn.

    The mix interleaves its kinds round by round, so taking every other query would hand
    the function and the route disjoint kinds (with eight kinds: exact, prefix, typo and
    nonsense against synonym, compound, multiword and English), and route ÷ function would
    compare different work.
    """
    halves: tuple[list[Query], list[Query]] = ([], [])
    seen: dict[str, int] = defaultdict(int)
    for query in queries:
        halves[seen[query.kind] % 2].append(query)
        seen[query.kind] += 1
    return halves


# --- in-process -----------------------------------------------------------------------------


class InProcess:
    """Latency samples of in-process calls, each round paired with a /healthz baseline."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()
        self.suggest = suggest_call
        self.samples: dict[str, list[int]] = defaultdict(list)
        self.by_kind: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.top1: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.empty: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def get(self, name: str, path: str) -> None:
        started = time.perf_counter_ns()
        response = self.client.get(path)
        self.samples[name].append(time.perf_counter_ns() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")

    def call(self, name: str, function: Callable[[], Any]) -> Any:
        with self.app.app_context():
            started = time.perf_counter_ns()
            result = function()
            self.samples[name].append(time.perf_counter_ns() - started)
            db.session.remove()
        return result

    def search(self, name: str, query: Query) -> None:
        outcome = self.call(name, lambda: search_call(query.text, query.lang))
        if name != "search":
            return
        self.by_kind["search"][query.kind].append(self.samples[name][-1])
        self.empty[query.kind][0] += not outcome.results
        self.empty[query.kind][1] += 1
        if query.expected and query.kind in CHECKED_KINDS:
            first = outcome.results[0].id if outcome.results else None
            self.top1[query.kind][0] += first == query.expected
            self.top1[query.kind][1] += 1

    def complete(self, query: Query) -> None:
        self.call("suggest", lambda: self.suggest(query.text, query.lang))
        self.by_kind["suggest"][query.kind].append(self.samples["suggest"][-1])

    def figures(self) -> dict[str, Any]:
        summary = {name: summarise(values) for name, values in self.samples.items()}
        base = summary["healthz"]
        return {
            "baseline": BASELINE,
            **{name: latency.as_dict() for name, latency in summary.items()},
            "ratios": {
                f"{name}_{figure}": ratio(getattr(summary[name], figure), getattr(base, figure))
                for name in summary
                if name != "healthz"
                for figure in ("p50_ms", "p99_ms")
            },
            "by_kind": {
                operation: {
                    kind: summarise(values).as_dict() for kind, values in sorted(kinds.items())
                }
                for operation, kinds in self.by_kind.items()
            },
            "search_top1": {kind: f"{hit}/{n}" for kind, (hit, n) in sorted(self.top1.items())},
            "search_empty": {kind: f"{none}/{n}" for kind, (none, n) in sorted(self.empty.items())},
        }


def measure_in_process(app: Flask, sets: QuerySets, rounds: int, budget: float) -> dict[str, Any]:
    """Rounds of /healthz, search(), suggest() and the two API routes; then popular searches.

    The routes go through the Flask test client like the baseline, so route ÷ function shows
    what the HTTP layer (parameters, serialisation, revision headers) adds in-process. Rounds
    stop early (after MIN_ROUNDS) once `budget` seconds are spent: slow searches on a large
    framework would otherwise take an hour.
    """
    run = InProcess(app)
    with app.app_context():
        for query in sets.warm_up:
            search_call(query.text, query.lang)
        for query in sets.suggest[:WARM_UP_QUERIES]:
            run.suggest(query.text, query.lang)
        db.session.remove()
    deadline = time.monotonic() + budget
    for turn, (query, routed) in enumerate(zip(sets.function, sets.route, strict=True)):
        if turn >= MIN_ROUNDS and time.monotonic() > deadline:
            log(f"in-process time budget spent after {turn} rounds")
            break
        prefix = sets.suggest[turn % len(sets.suggest)]
        run.get("healthz", "/healthz")
        run.search("search", query)
        run.complete(prefix)
        run.get("search_route", _paths("/api/v1/search", [routed])[0])
        run.get("suggest_route", _paths("/api/v1/suggest", [prefix])[0])
    for query in sets.popular:  # asked once before, as a popular query would have been
        run.call("unmeasured", lambda q=query: search_call(q.text, q.lang))
    baseline = run.samples["healthz"]
    for turn in range(min(rounds, POPULAR_ROUNDS)):
        run.get("healthz_popular", "/healthz")
        run.search("search_popular", sets.popular[turn % len(sets.popular)])
    run.samples.pop("unmeasured")
    # The popular rounds have their own baseline samples; ratios use the main one.
    popular_baseline = run.samples.pop("healthz_popular")
    figures = run.figures()
    figures["rounds"] = len(baseline)
    figures["popular"] = {
        "queries": len(sets.popular),
        "rounds": min(rounds, POPULAR_ROUNDS),
        "healthz_alongside": summarise(popular_baseline).as_dict(),
    }
    return figures


# --- HTTP -----------------------------------------------------------------------------------


def _paths(route: str, queries: list[Query]) -> list[str]:
    return [f"{route}?{urlencode({'q': query.text, 'lang': query.lang})}" for query in queries]


def measure_http(
    instance: Path, sets: QuerySets, seconds: float, workers: int, connections: int
) -> dict[str, Any]:
    """gunicorn on the dataset; /healthz before and after, search and suggest between."""
    database = f"sqlite:///{instance / 'glossary.sqlite3'}"
    env = app_environment(database, instance, LOG_LEVEL="ERROR")
    routes = {
        "search": _paths("/api/v1/search", sets.http),
        "search_popular": _paths("/api/v1/search", sets.popular),
        "suggest": _paths("/api/v1/suggest", sets.suggest),
    }
    with gunicorn(env, workers=workers, log=instance / "gunicorn.log") as base:
        # Every worker opens the index and loads its tables; none sees a measured search.
        httpload.measure(base, _paths("/api/v1/search", sets.warm_up), 3, connections)
        httpload.measure(base, routes["suggest"], 3, connections)
        # Popular queries: long enough that most workers have most of them cached.
        httpload.measure(base, routes["search_popular"], seconds, connections)
        figures = {"healthz_before": httpload.measure(base, ["/healthz"], seconds, connections)}
        for name, paths in routes.items():
            figures[name] = httpload.measure(base, paths, seconds, connections)
        figures["healthz_after"] = httpload.measure(base, ["/healthz"], seconds, connections)
        rss = workers_rss(base, workers)
    before, after = figures["healthz_before"], figures["healthz_after"]
    baseline = {
        "requests_per_s": _mean(before.requests_per_s, after.requests_per_s),
        "p50_ms": _mean(before.p50_ms, after.p50_ms),
        "p99_ms": _mean(before.p99_ms, after.p99_ms),
    }
    result: dict[str, Any] = {
        "setting": {"workers": workers, "connections": connections, "seconds": seconds},
        **{name: value.as_dict() for name, value in figures.items()},
        "ratios": {},
        "worker_rss_mb": rss,
    }
    for name, paths in routes.items():
        row = figures[name]
        result[name]["distinct_paths"] = len(set(paths))
        result["ratios"][f"{name}_throughput"] = ratio(
            row.requests_per_s, baseline["requests_per_s"]
        )
        result["ratios"][f"{name}_p50"] = ratio(row.p50_ms, baseline["p50_ms"])
        result["ratios"][f"{name}_p99"] = ratio(row.p99_ms, baseline["p99_ms"])
    # More requests than distinct queries: some searches were answered from a worker's cache.
    result["search"]["all_distinct"] = figures["search"].requests <= len(sets.http)
    return result


def workers_rss(base: str, workers: int) -> dict[str, float | int]:
    """The resident memory of the workers after the measurements: /readyz names the process
    that answers it, so asking a few times per worker finds them all."""
    pids: set[int] = set()
    for _ in range(workers * 8):
        status, pid = fetch(f"{base}/readyz", "pid")
        if status == 200 and isinstance(pid, int):
            pids.add(pid)
    sizes = [size for size in map(_rss_mb, sorted(pids)) if size is not None]
    if not sizes:
        return {"workers": 0}
    return {
        "workers": len(sizes),
        "max": round(max(sizes), 1),
        "mean": round(sum(sizes) / len(sizes), 1),
    }


def _rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _mean(first: float | None, second: float | None) -> float | None:
    values = [value for value in (first, second) if value is not None]
    return sum(values) / len(values) if values else None


# --- one dataset, all datasets ----------------------------------------------------------------


def run_dataset(name: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    log(f"dataset {name}: preparing in {folder}")
    load_before = os.getloadavg()[0]
    instance = folder / "instance"
    reuse = args.reuse and (instance / "glossary.sqlite3").exists()
    concepts, figures = prepare(name, folder, args.seed, reuse)
    app = make_app(instance)
    framework, loaded = load(app, concepts, reuse)
    figures.update(loaded)
    if name in args.build_sizes:
        with app.app_context():
            db.engine.dispose()
        figures["build_only"] = True
        return figures
    sets = query_sets(framework, args.seed, args.rounds)
    log(f"in-process: {len(sets.function)} rounds, then {POPULAR_ROUNDS} of popular searches")
    figures["in_process"] = measure_in_process(app, sets, args.rounds, args.budget)
    with app.app_context():
        db.engine.dispose()
    if not args.no_http:
        log(f"HTTP: gunicorn with {args.workers} workers, {args.seconds:g} s per measurement")
        figures["http"] = measure_http(instance, sets, args.seconds, args.workers, args.connections)
    if not args.no_baselines:
        from bench import baselines  # it imports this module

        log("baselines: this service, textbook Whoosh and SQLite FTS5 on the same data")
        figures["baselines"] = baselines.run(folder.parent, name, args.seed)
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
    parser.add_argument(
        "--budget", type=float, default=600.0, help="in-process seconds per dataset (soft)"
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="HTTP seconds per measurement")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "4")))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn measurements")
    parser.add_argument(
        "--no-baselines", action="store_true", help="skip textbook Whoosh and SQLite FTS5"
    )
    parser.add_argument(
        "--build-sizes",
        default="",
        help="comma-separated concept counts measured for import and index build only",
    )
    parser.add_argument("--workdir", type=Path, help="keep datasets here (default: a temp folder)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse datasets already imported into --workdir (no import timing)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)  # fmt: skip
    if args.quick:
        args.sizes = ",".join(QUICK_SIZES)
        args.rounds = min(args.rounds, 300)
        args.seconds = min(args.seconds, 5.0)
    if args.reuse and not args.workdir:
        parser.error("--reuse needs --workdir")
    args.build_sizes = [size.strip() for size in args.build_sizes.split(",") if size.strip()]
    args.sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    args.sizes += [size for size in args.build_sizes if size not in args.sizes]
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
            if not args.reuse and folder.exists() and any(folder.iterdir()):
                sys.exit(f"{folder} is not empty: give an empty --workdir, or --reuse")
            results["datasets"][name] = run_dataset(name, folder, args)
    results["settings"] = {
        "rounds": args.rounds,
        "budget_s": args.budget,
        "popular_queries": POPULAR_QUERIES,
        "suggest_mix": SUGGEST_MIX_SIZE,
        "seed": args.seed,
        "sizes": args.sizes,
    }
    write_results(results, args.out)


if __name__ == "__main__":
    main()
