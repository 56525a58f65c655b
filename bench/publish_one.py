"""How long publishing one concept takes on a large framework (issue 14).

    python bench/publish_one.py [--concepts 2000] [--rounds 3] [--change alt|pref]
                                [--full-relink] [--profile] [--workdir DIR]

Generates a framework (bench/generate.py), imports it into a fresh SQLite database, then
`rounds` times publishes one concept as the editor's approval does (`plan_change` then
`apply_change`): a new alternative label (`--change alt`) or a new preferred label
(`--change pref`: a rename, which re-links every note mentioning the concept). Prints the
seconds of each stage (wall clock, and the CPU time of this process, which a loaded machine
disturbs less); `--profile` prints the top of a cProfile of the last round. `--full-relink`
rebuilds every cross-link on each publication, as before the selective re-linking
(importing/relink.py), for a comparison in one sitting.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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
    relink,
)
from glossary.models import db  # noqa: E402
from glossary.records import Framework  # noqa: E402

SCHEME_ID = "begrippenkader"
RULES = Rules(source_language="nl", base_uri="https://begrippen.opgroeien.be/id/")


def log(message: str) -> None:
    print(f"[bench publish-one {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_app(instance: Path) -> Flask:
    instance.mkdir(parents=True, exist_ok=True)
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'glossary.sqlite3'}",
            "GLOSSARY_INDEX_DIR": str(instance / "search-index"),
            "RATELIMIT_ENABLED": False,
            "SECRET_KEY": "bench-secret",
            "LOG_LEVEL": "WARNING",
        }
    )


def changed_record(app: Flask, slug: str, change: str, number: int) -> Framework:
    """The one-concept change the editor would submit for `slug`."""
    with app.app_context():
        framework, _ = export_framework(db.session, SCHEME_ID)
        db.session.remove()
    record = next(record for record in framework.concepts if record.slug == slug)
    labels = dict(record.labels)
    word = f"Bankproefterm{number}x{uuid.uuid4().hex[:6]}"
    if change == "pref":
        labels["nl"] = replace(labels["nl"], pref=word)
    else:
        labels["nl"] = replace(labels["nl"], alt=(*labels["nl"].alt, word))
    return Framework(clusters=[], sources=[], concepts=[replace(record, labels=labels)])


def publish(app: Flask, change: Framework) -> tuple[float, float, float]:
    """Seconds of plan_change and of apply_change for `change`, and the CPU seconds of both."""
    with app.app_context():
        cpu = time.process_time()
        started = time.perf_counter()
        plan = plan_change(db.session, SCHEME_ID, change, RULES)
        planned = time.perf_counter()
        _, revision = apply_change(db.session, plan)
        applied = time.perf_counter()
        cpu = time.process_time() - cpu
        assert revision is not None
        db.session.remove()
    return planned - started, applied - planned, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--change", choices=("alt", "pref"), default="alt")
    parser.add_argument("--full-relink", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    if args.full_relink:
        relink.FULL_REBUILD_FROM = 0
    with tempfile.TemporaryDirectory(prefix="bench-publish-one-") as scratch:
        root = args.workdir or Path(scratch)
        concepts = generate(args.concepts, root / "data", args.seed)
        app = make_app(root / "instance")
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            plan, _ = import_framework(
                db.session, SCHEME_ID, FrameworkFiles.beside(concepts), source_language="nl"
            )
            log(f"imported {len(plan.added)} concepts in {time.perf_counter() - started:.1f} s")
            slugs = [record.slug for record in plan.framework.concepts]
            db.session.remove()
        totals: list[float] = []
        cpus: list[float] = []
        for number in range(args.rounds):
            slug = slugs[(number * 7919) % len(slugs)]
            change = changed_record(app, slug, args.change, number)
            profiler = cProfile.Profile() if args.profile and number == args.rounds - 1 else None
            if profiler:
                profiler.enable()
            plan_s, apply_s, cpu_s = publish(app, change)
            if profiler:
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
                print(out.getvalue())
            totals.append(plan_s + apply_s)
            cpus.append(cpu_s)
            log(
                f"round {number + 1} ({slug}): plan {plan_s:.2f} s, apply {apply_s:.2f} s, "
                f"CPU {cpu_s:.2f} s"
            )
        relinking = "full relink" if args.full_relink else "selective relink"
        print(
            f"{args.concepts} concepts, change {args.change}, {relinking}: publish one concept "
            f"median {statistics.median(totals):.2f} s (CPU {statistics.median(cpus):.2f} s), "
            f"max {max(totals):.2f} s over {len(totals)} rounds"
        )


if __name__ == "__main__":
    main()
