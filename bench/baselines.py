"""The baselines of issue 20, beside this service, on the same data in one run.

    python bench/baselines.py --workdir DIR [--sizes real,10000]

Uses the datasets `bench/search.py --workdir DIR` imported (an instance folder per size);
`bench/search.py` runs this for each dataset it measures unless given `--no-baselines`.
For each: build this service's index (`rebuild_index`), a textbook Whoosh index of the same
concepts (LanguageAnalyzer per language, one document per concept and language, queried with
MultifieldParser over labels and definition, OR of the words) and an SQLite FTS5 table (the
same documents, the words ANDed, OR when that finds nothing), each timed; their size; and in
a fresh process each, the resident memory after opening the index and answering the query
mix (what a worker holds), plus in-process latency and top-1 over the same query mix.
Writes bench/results/baselines.json and prints a table. Ratios within one run are the figures.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import CONCEPTS_FILE  # noqa: E402
from bench.queries import CHECKED_KINDS, Query, search_mix  # noqa: E402
from bench.search import BUNDLED_CSV, SCHEME_ID, make_app, search_call  # noqa: E402
from bench.timing import ratio, summarise  # noqa: E402
from glossary.importing import FrameworkFiles, read_framework  # noqa: E402
from glossary.models import db  # noqa: E402
from glossary.search import service as search_service  # noqa: E402
from glossary.search.index_build import read_concepts  # noqa: E402

RESULTS = ROOT / "bench" / "results"
QUERIES = 600
WARM_UP = 40
ENGINES = ("service", "textbook", "fts5")
FIGURES = ("build_s", "index_mb", "rss_mb")


def concepts_file(workdir: Path, name: str) -> Path:
    return BUNDLED_CSV if name == "real" else workdir / name / "data" / CONCEPTS_FILE


def mix(workdir: Path, name: str, seed: int) -> list[Query]:
    app = make_app(workdir / name / "instance")
    with app.app_context():
        framework, _ = read_framework(
            FrameworkFiles.beside(concepts_file(workdir, name)), source_language="nl"
        )
    return search_mix(framework, seed, QUERIES + WARM_UP, distinct=True)


# --- textbook Whoosh --------------------------------------------------------------------------


def textbook_build(workdir: Path, name: str, folder: Path) -> float:
    """What a developer would write: TEXT fields with the language's analyzer."""
    from whoosh import fields, index
    from whoosh.analysis import LanguageAnalyzer

    app = make_app(workdir / name / "instance")
    with app.app_context():
        concepts = read_concepts(db.session, SCHEME_ID)
    started = time.perf_counter()
    schema = fields.Schema(
        cid=fields.ID(stored=True),
        lang=fields.ID(stored=True),
        pref=fields.TEXT(stored=True, analyzer=LanguageAnalyzer("nl"), field_boost=3.0),
        alt=fields.TEXT(analyzer=LanguageAnalyzer("nl"), field_boost=2.0),
        definition=fields.TEXT(stored=True, analyzer=LanguageAnalyzer("nl")),
    )
    built = index.create_in(str(folder), schema)
    writer = built.writer(limitmb=256)
    for concept in concepts:
        for lang, labels in concept.labels.items():
            writer.add_document(
                cid=concept.slug,
                lang=lang,
                pref=" ".join(text for kind, text in labels if kind == "pref"),
                alt=" ".join(text for kind, text in labels if kind != "pref"),
                definition=" ".join(concept.notes.get(lang, [])),
            )
    writer.commit()
    return time.perf_counter() - started


def textbook_search(folder: Path, queries: list[Query]) -> dict[str, Any]:
    from whoosh import index
    from whoosh.qparser import MultifieldParser, OrGroup

    opened = index.open_dir(str(folder))
    parser = MultifieldParser(["pref", "alt", "definition"], opened.schema, group=OrGroup)
    samples: list[int] = []
    hits = [0, 0]
    with opened.searcher() as searcher:
        for turn, query in enumerate(queries):
            started = time.perf_counter_ns()
            results = searcher.search(parser.parse(query.text), limit=20)
            ids = [hit["cid"] for hit in results]
            elapsed = time.perf_counter_ns() - started
            if turn < WARM_UP:
                continue
            samples.append(elapsed)
            if query.expected and query.kind in CHECKED_KINDS:
                hits[0] += bool(ids) and ids[0] == query.expected
                hits[1] += 1
    return {"latency": summarise(samples).as_dict(), "top1": hits}


# --- SQLite FTS5 ---------------------------------------------------------------------------

FTS5_FILE = "fts5.sqlite3"
_WORD = re.compile(r"\w+", re.UNICODE)


def fts5_build(workdir: Path, name: str, folder: Path) -> float:
    """What a developer using SQLite would write: one FTS5 row per concept and language."""
    app = make_app(workdir / name / "instance")
    with app.app_context():
        concepts = read_concepts(db.session, SCHEME_ID)
    started = time.perf_counter()
    database = sqlite3.connect(folder / FTS5_FILE)
    database.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(cid UNINDEXED, lang UNINDEXED, pref, alt, "
        "definition, tokenize='unicode61 remove_diacritics 2')"
    )
    database.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
        (
            (
                concept.slug,
                lang,
                " ".join(text for kind, text in labels if kind == "pref"),
                " ".join(text for kind, text in labels if kind != "pref"),
                " ".join(concept.notes.get(lang, [])),
            )
            for concept in concepts
            for lang, labels in concept.labels.items()
        ),
    )
    database.commit()
    database.close()
    return time.perf_counter() - started


def fts5_search(folder: Path, queries: list[Query]) -> dict[str, Any]:
    """Every word (a prefix for the last), else any word; bm25 with labels weighing more."""
    database = sqlite3.connect(folder / FTS5_FILE)
    select = (
        "SELECT cid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 0, 10.0, 5.0, 1.0) LIMIT 20"
    )
    samples: list[int] = []
    hits = [0, 0]
    for turn, query in enumerate(queries):
        started = time.perf_counter_ns()
        words = [f'"{word}"' for word in _WORD.findall(query.text.lower())]
        ids: list[str] = []
        if words:
            ids = [row[0] for row in database.execute(select, (" AND ".join(words),))]
            if not ids:
                ids = [row[0] for row in database.execute(select, (" OR ".join(words),))]
        elapsed = time.perf_counter_ns() - started
        if turn < WARM_UP:
            continue
        samples.append(elapsed)
        if query.expected and query.kind in CHECKED_KINDS:
            hits[0] += bool(ids) and ids[0] == query.expected
            hits[1] += 1
    return {"latency": summarise(samples).as_dict(), "top1": hits}


# --- this service -----------------------------------------------------------------------------


def service_search(workdir: Path, name: str, queries: list[Query]) -> dict[str, Any]:
    app = make_app(workdir / name / "instance")
    samples: list[int] = []
    hits = [0, 0]
    for turn, query in enumerate(queries):
        with app.app_context():
            started = time.perf_counter_ns()
            outcome = search_call(query.text, query.lang)
            elapsed = time.perf_counter_ns() - started
            db.session.remove()
        if turn < WARM_UP:
            continue
        samples.append(elapsed)
        if query.expected and query.kind in CHECKED_KINDS:
            first = outcome.results[0].id if outcome.results else None
            hits[0] += first == query.expected
            hits[1] += 1
    return {"latency": summarise(samples).as_dict(), "top1": hits}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(args: argparse.Namespace) -> None:
    """One engine in a fresh process: searches, then the memory it holds."""
    queries = mix(args.workdir, args.name, args.seed)
    if args.engine == "textbook":
        figures = textbook_search(args.folder, queries)
    elif args.engine == "fts5":
        figures = fts5_search(args.folder, queries)
    else:
        figures = service_search(args.workdir, args.name, queries)
    figures["rss_mb"] = round(rss_mb(), 1)
    print(json.dumps(figures))


def in_child(workdir: Path, name: str, engine: str, folder: Path, seed: int) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            engine,
            "--name",
            name,
            "--workdir",
            str(workdir),
            "--folder",
            str(folder),
            "--seed",
            str(seed),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def run(workdir: Path, name: str, seed: int) -> dict[str, Any]:
    """Build and measure the service and both baselines on one dataset of `workdir`."""
    app = make_app(workdir / name / "instance")
    with app.app_context():
        report = search_service.rebuild_index(
            search_service.IndexConfig.from_settings(app.config), db.session
        )
        db.session.remove()
    ours_folder = Path(report.path)
    scratch = Path(tempfile.mkdtemp(prefix="bench-baselines-"))
    textbook_folder, fts5_folder = scratch / "textbook", scratch / "fts5"
    textbook_folder.mkdir()
    fts5_folder.mkdir()
    try:
        textbook_s = textbook_build(workdir, name, textbook_folder)
        fts5_s = fts5_build(workdir, name, fts5_folder)
        rows = {
            "service": in_child(workdir, name, "service", ours_folder, seed),
            "textbook": in_child(workdir, name, "textbook", textbook_folder, seed),
            "fts5": in_child(workdir, name, "fts5", fts5_folder, seed),
        }
        rows["textbook"].update(build_s=round(textbook_s, 2), index_mb=size_mb(textbook_folder))
        rows["fts5"].update(build_s=round(fts5_s, 3), index_mb=size_mb(fts5_folder))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rows["service"].update(build_s=round(report.seconds, 2), index_mb=size_mb(ours_folder))
    ours = rows["service"]
    return {
        **rows,
        "ratios": {
            baseline: {figure: ratio(ours[figure], rows[baseline][figure]) for figure in FIGURES}
            | {"p50": ratio(ours["latency"]["p50_ms"], rows[baseline]["latency"]["p50_ms"])}
            for baseline in ("textbook", "fts5")
        },
    }


def table(results: dict[str, Any]) -> list[str]:
    """The baselines as Markdown rows: one per engine and dataset, the ratios to each."""
    lines = [
        "| dataset | engine | build s | index MB | worker RSS MB | p50 ms | top-1 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, result in results.items():
        for engine in ENGINES:
            row = result[engine]
            hit, total = row["top1"]
            lines.append(
                f"| {name} | {engine} | {row['build_s']} | {row['index_mb']} | {row['rss_mb']} "
                f"| {row['latency']['p50_ms']} | {hit}/{total} |"
            )
        for baseline in ("textbook", "fts5"):
            ratios = result["ratios"][baseline]
            lines.append(
                f"| {name} | service ÷ {baseline} | {ratios['build_s']} | {ratios['index_mb']} "
                f"| {ratios['rss_mb']} | {ratios['p50']} | |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--sizes", default="real,10000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", choices=ENGINES)
    parser.add_argument("--name")
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        args.engine = args.child
        child(args)
        return
    results = {name: run(args.workdir, name, args.seed) for name in args.sizes.split(",")}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "baselines.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
