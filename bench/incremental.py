"""Incremental index section of `make bench`: how soon a one-concept publication is found.

    python bench/incremental.py [--quick | --sizes 100000] [--rounds 5] [--workdir DIR]

Needs a PostgreSQL server (TEST_DATABASE_URL; `make bench` starts a throwaway one through
scripts/pg-test-cluster.sh). For each size — 10 000 generated concepts, and 100 000 unless
`--quick` — in a fresh database:

1. import the generated framework (bench/generate.py), build the index of the publishing
   host in full (timed: the figure an update is compared with) and give a second host, an
   app with its own index folder on the same database, a copy of it;
2. `rounds` times: publish one concept (a new alternative label, through
   `plan_change`/`apply_change` as the editor does) and measure, on the publishing host, the
   time from the publication's commit until a search for the new label finds it (that
   search updates the index: `IndexReport.updated`), then the same on the second host,
   which applies the update from the change log on its first search after the revision
   moved.

Both hosts run in this process, one after the other, so neither competes with the other for
the CPU. Writes bench/results/incremental.json and bench/results/incremental.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.generate import generate  # noqa: E402
from glossary import create_app  # noqa: E402
from glossary.importing import (  # noqa: E402
    FrameworkFiles,
    Rules,
    apply_change,
    export_framework,
    import_framework,
    plan_change,
)
from glossary.models import db  # noqa: E402
from glossary.records import Framework  # noqa: E402
from glossary.search import lifecycle  # noqa: E402
from glossary.search import service as search_service  # noqa: E402
from glossary.services.revision import current_revision  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCHEME_ID = "begrippenkader"
RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")
SIZES = ("10000", "100000")
QUICK_SIZES = ("10000",)
AIM_PUBLISHING_S = 2.0


def log(message: str) -> None:
    print(f"[bench incremental {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_app(instance: Path, database_url: str) -> Flask:
    instance.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "GLOSSARY_INDEX_DIR": str(instance / "search-index"),
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench-secret",
            "LOG_LEVEL": "WARNING",
        }
    )


def _database(server_url: str) -> tuple[str, str]:
    name = f"bench_incr_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    base = server_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return name, f"{base}/{name}"


def _drop(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


def _found(app: Flask, label: str, slug: str) -> tuple[bool, lifecycle.IndexReport | None]:
    """Search `label` on `app` as a view does; whether `slug` came back, and what bringing
    the index up to date did."""
    with app.app_context():
        index = search_service.IndexConfig.from_settings(app.config)
        revision = current_revision(db.session).number
        before = lifecycle.last_report(index)
        outcome = search_service.search(index, db.session, revision, label, "nl")
        after = lifecycle.last_report(index)
        db.session.remove()
    return slug in [hit.id for hit in outcome.results], (after if after is not before else None)


def _publish(app: Flask, slug: str, label: str) -> float:
    """Give `slug` the alternative label `label`; seconds the publication took."""
    with app.app_context():
        framework, _ = export_framework(db.session, SCHEME_ID)
        record = next(record for record in framework.concepts if record.slug == slug)
        labels = dict(record.labels)
        labels["nl"] = replace(labels["nl"], alt=(*labels["nl"].alt, label))
        change = Framework(clusters=[], sources=[], concepts=[replace(record, labels=labels)])
        started = time.perf_counter()
        _, revision = apply_change(db.session, plan_change(db.session, SCHEME_ID, change, RULES))
        seconds = time.perf_counter() - started
        assert revision is not None
        db.session.remove()
    return seconds


def _until_found(app: Flask, label: str, slug: str) -> tuple[float, lifecycle.IndexReport | None]:
    started = time.perf_counter()
    found, report = _found(app, label, slug)
    if not found:
        raise SystemExit(f"{slug} not found by {label!r} after its publication")
    return time.perf_counter() - started, report


def run_size(size: str, folder: Path, server: str, rounds: int, seed: int) -> dict[str, Any]:
    concepts = generate(int(size), folder / "data", seed)
    name, url = _database(server)
    try:
        publishing = make_app(folder / "publishing", url)
        second = make_app(folder / "second", url)
        with publishing.app_context():
            upgrade()
            started = time.perf_counter()
            plan, _ = import_framework(
                db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
            )
            import_s = time.perf_counter() - started
            log(f"{size}: imported {len(plan.added)} concepts in {import_s:.1f} s")
            slugs = [record.slug for record in plan.framework.concepts]
            db.session.remove()
            index = search_service.IndexConfig.from_settings(publishing.config)
            full = search_service.rebuild_index(index, db.session)
            log(f"{size}: {full.describe()}")
            db.session.remove()
        shutil.copytree(folder / "publishing" / "search-index", folder / "second" / "search-index")
        _found(publishing, "warm up", "")
        _found(second, "warm up", "")
        samples: list[dict[str, Any]] = []
        for number in range(rounds):
            slug = slugs[(number * 7919) % len(slugs)]
            label = f"Bankproefterm{number}x{uuid.uuid4().hex[:6]}"
            publish_s = _publish(publishing, slug, label)
            here_s, here = _until_found(publishing, label, slug)
            there_s, there = _until_found(second, label, slug)
            samples.append(
                {
                    "slug": slug,
                    "publish_s": round(publish_s, 3),
                    "publishing_host_s": round(here_s, 3),
                    "publishing_update_s": round(here.seconds, 3) if here else None,
                    "publishing_updated": here.updated if here else None,
                    "second_host_s": round(there_s, 3),
                    "second_update_s": round(there.seconds, 3) if there else None,
                    "second_updated": there.updated if there else None,
                }
            )
            log(f"{size}: round {number + 1}: {samples[-1]}")
        with publishing.app_context():
            db.engine.dispose()
        with second.app_context():
            db.engine.dispose()
    finally:
        _drop(server, name)
    here_all = [sample["publishing_host_s"] for sample in samples]
    there_all = [sample["second_host_s"] for sample in samples]
    return {
        "concepts": full.concepts,
        "import_s": round(import_s, 1),
        "full_rebuild_s": round(full.seconds, 2),
        "rounds": samples,
        "publishing_host_median_s": round(statistics.median(here_all), 3),
        "publishing_host_max_s": round(max(here_all), 3),
        "second_host_median_s": round(statistics.median(there_all), 3),
        "second_host_max_s": round(max(there_all), 3),
        "rebuild_to_update_ratio": round(full.seconds / statistics.median(here_all), 1),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Incremental index update (bench/incremental.py)",
        "",
        "From a one-concept publication's commit to a search finding the new label, on the",
        "publishing host and on a second host (own index folder, same PostgreSQL database),",
        f"over {results['settings']['rounds']} publications; the full rebuild beside it.",
        "",
        "| concepts | full rebuild | publishing host median (max) | second host median (max) "
        "| rebuild / update | aim publishing < 2 s |",
        "|---:|---:|---:|---:|---:|:--|",
    ]
    for figures in results["sizes"].values():
        ok = "met" if figures["publishing_host_max_s"] < AIM_PUBLISHING_S else "missed"
        lines.append(
            f"| {figures['concepts']} | {figures['full_rebuild_s']:.1f} s "
            f"| {figures['publishing_host_median_s']:.2f} s "
            f"({figures['publishing_host_max_s']:.2f}) "
            f"| {figures['second_host_median_s']:.2f} s ({figures['second_host_max_s']:.2f}) "
            f"| {figures['rebuild_to_update_ratio']}× | {ok} |"
        )
    lines += ["", f"Machine: {results['machine']}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 000 concepts only")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(text.split(",")),
        help="e.g. 100000 (default 10000,100000)",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        sys.exit(
            "bench/incremental.py needs TEST_DATABASE_URL: "
            "run it through scripts/pg-test-cluster.sh"
        )
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} CPUs",
        "settings": {"rounds": args.rounds, "seed": args.seed},
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as scratch:
        root = args.workdir or Path(scratch)
        for size in args.sizes or (QUICK_SIZES if args.quick else SIZES):
            results["sizes"][size] = run_size(size, root / size, server, args.rounds, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "incremental.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (args.out / "incremental.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
