"""Import under load: readers while a 5 000-concept framework is re-imported, per backend.

    python bench/import_load.py --backend sqlite            (on its own, SQLite only)
    bench/load.py runs it on SQLite and on PostgreSQL       (make bench-load)

gunicorn (4 workers, rate limits off, inline index rebuilds up to 10 000 concepts) serves a
generated framework of IMPORT_CONCEPTS concepts (bench/generate.py). Client threads cycle
through a mix of readers — the JSON concept, the JSON listing, search, Skosmos search, the
concept page and /readyz — first without any write (the baseline), then while
`flask glossary import` re-imports a changed framework IMPORTS times in another process.

Every import gives every Dutch definition a variant marker ("Variantmerk v3v."), and the
bench reads the data revision from the database after each import, so it knows which variant
each revision holds. An answer is inconsistent when its ETag names revision r<N> and its body
carries a marker other than the variant of N (or several): stale data under a fresh ETag, or
one answer mixing two imports. After the imports, once every worker is ready at the final
revision, a sweep over concepts and listing pages counts answers still stale.

Reported per backend: requests, errors (non-2xx/3xx and connection failures; 503 apart),
p50/p99 during the imports beside the baseline (and their ratio), inconsistent answers and
worker processes that died of a signal (gunicorn's "was sent SIG…" lines; see
docs/production.md, worker crashes).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.generate import CONCEPTS_FILE, generate  # noqa: E402
from bench.loadgen import percentile  # noqa: E402
from glossary.services.revision import read_revision  # noqa: E402
from tests.serving import app_environment, get_json, gunicorn, run_flask, wait_until  # noqa: E402

IMPORT_CONCEPTS = int(os.environ.get("IMPORT_CONCEPTS", "5000"))
IMPORTS = int(os.environ.get("IMPORTS", "2"))
CONNECTIONS = 8
WORKERS = 4
BASELINE_SECONDS = float(os.environ.get("LOAD_SECONDS", "10"))
# Every worker's first requests load its index, vocabulary and caches: not part of the mix.
WARM_UP_SECONDS = 10.0
SWEEP_CONCEPTS = 200
SEED = 11
MARK = "Variantmerk v{}v."
MARK_PATTERN = re.compile(r"Variantmerk v(\d+)v\.")
ETAG_REVISION = re.compile(r'^(?:W/)?"?r(\d+)')
KINDS = ("concept_json", "listing", "search", "skosmos_search", "concept_page", "readyz")
# Kinds whose body carries definitions, so their markers can be checked against the ETag.
CHECKED = ("concept_json", "listing")


def variant(source: Path, folder: Path, number: int) -> Path:
    """The generated framework in `source` with variant `number`'s marker in every Dutch
    definition, written to `folder`; returns its concepts file."""
    folder.mkdir(parents=True)
    for companion in source.glob("*.csv"):
        if companion.name != CONCEPTS_FILE:
            (folder / companion.name).write_bytes(companion.read_bytes())
    reader = csv.DictReader(io.StringIO((source / CONCEPTS_FILE).read_text(encoding="utf-8")))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
    writer.writeheader()
    for row in reader:
        writer.writerow({**row, "definition@nl": f"{row['definition@nl']} {MARK.format(number)}"})
    path = folder / CONCEPTS_FILE
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int  # 0: connection refused, reset or timed out
    ms: float
    revision: int | None
    marks: frozenset[int]


def fetch(base: str, kind: str, path: str, checked: bool) -> Answer:
    started = time.perf_counter()
    revision: int | None = None
    body = b""
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            status = response.status
            body = response.read()
            match = ETAG_REVISION.match(response.headers.get("ETag") or "")
            revision = int(match.group(1)) if match else None
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError:
        status = 0
    ms = (time.perf_counter() - started) * 1000
    marks: frozenset[int] = frozenset()
    if checked and status == 200:
        marks = frozenset(int(m) for m in MARK_PATTERN.findall(body.decode("utf-8", "replace")))
    return Answer(kind, status, ms, revision, marks)


@dataclass
class Mix:
    """The readers' paths, kind by kind, cycled through by each client thread."""

    paths: dict[str, list[str]]

    @classmethod
    def of(cls, concepts_file: Path) -> Mix:
        rows = list(csv.DictReader(io.StringIO(concepts_file.read_text(encoding="utf-8"))))
        rng = random.Random(SEED)
        ids = [row["id"] for row in rows]
        words = sorted(
            {w.lower() for row in rows for w in row["pref_label@nl"].split() if len(w) >= 5}
        )
        rng.shuffle(ids)
        rng.shuffle(words)
        pages = max(1, len(rows) // 50)
        return cls(
            {
                "concept_json": [f"/api/v1/concepts/{i}" for i in ids],
                "listing": [
                    f"/api/v1/concepts?per_page=50&page={1 + n % pages}" for n in range(pages)
                ],
                "search": [f"/api/v1/search?{urlencode({'q': w, 'lang': 'nl'})}" for w in words],
                "skosmos_search": [
                    f"/rest/v1/search?{urlencode({'query': w[:4] + '*', 'lang': 'nl'})}"
                    for w in words
                ],
                "concept_page": [f"/begrip/{i}" for i in ids],
                "readyz": ["/readyz"],
            }
        )

    def path(self, kind: str, turn: int) -> str:
        paths = self.paths[kind]
        return paths[turn % len(paths)]


@dataclass
class Recording:
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


def load(base: str, mix: Mix, stop: threading.Event, seconds: float | None = None) -> Recording:
    """Client threads over the mix until `stop` is set (or `seconds` have passed)."""
    recording = Recording()
    stop_at = time.monotonic() + seconds if seconds else None

    def client(offset: int) -> None:
        turn = offset * 997
        while not stop.is_set() and (stop_at is None or time.monotonic() < stop_at):
            kind = KINDS[turn % len(KINDS)]
            recording.add(fetch(base, kind, mix.path(kind, turn // len(KINDS)), kind in CHECKED))
            turn += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recording


def summary(answers: list[Answer], variants: dict[int, int]) -> dict[str, Any]:
    """Counts, latency percentiles and consistency of a phase's answers."""
    # /readyz answering 503 while a worker's index is behind the data is its job, not a
    # failed read: it is counted apart from the readers' errors.
    readers = [answer for answer in answers if answer.kind != "readyz"]
    statuses = Counter(answer.status for answer in readers)
    latencies = [answer.ms for answer in answers]
    checked = [a for a in answers if a.kind in CHECKED and a.status == 200]
    inconsistent = [
        a for a in checked if a.revision not in variants or a.marks != {variants[a.revision]}
    ]
    per_kind: dict[str, dict[str, Any]] = {}
    by_kind: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_kind[answer.kind].append(answer)
    for kind in KINDS:
        group = by_kind.get(kind, [])
        per_kind[kind] = {
            "requests": len(group),
            "errors": sum(1 for a in group if not 200 <= a.status < 400),
            "p50_ms": percentile([a.ms for a in group], 0.50),
            "p99_ms": percentile([a.ms for a in group], 0.99),
        }
    return {
        "requests": len(answers),
        "errors": sum(count for status, count in statuses.items() if not 200 <= status < 400),
        "status_503": statuses.get(503, 0),
        "failed_connections": statuses.get(0, 0),
        "readyz_not_ready": sum(
            1 for a in answers if a.kind == "readyz" and not 200 <= a.status < 400
        ),
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": round(max(latencies), 1) if latencies else None,
        "checked": len(checked),
        "inconsistent": len(inconsistent),
        "inconsistent_examples": [
            {"kind": a.kind, "etag_revision": a.revision, "marks": sorted(a.marks)}
            for a in inconsistent[:5]
        ],
        "per_kind": per_kind,
    }


def _revision(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            return read_revision(session).number
    finally:
        engine.dispose()


def _all_ready(base: str, revision: int) -> bool:
    seen: set[int] = set()
    for _ in range(20 * WORKERS):
        status, body = get_json(f"{base}/readyz")
        if status != 200 or body.get("index_revision") != revision:
            return False
        seen.add(body["pid"])
        if len(seen) == WORKERS:
            return True
    return False


def _crashes(log: Path) -> list[str]:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if "was sent SIG" in line and "SIGTERM" not in line]


def _fatal_reports(log: Path) -> list[str]:
    """faulthandler's reports in the log: "Fatal Python error" and the stacks after it."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    reports = []
    for block in text.split("Fatal Python error")[1:]:
        lines = []
        for line in block.splitlines():
            if lines and not line.strip():
                break
            lines.append(line)
        reports.append("Fatal Python error" + "\n".join(lines))
    return reports


def run(
    backend: str, database_url: str, folder: Path, keep_log: Path | None = None
) -> dict[str, Any]:
    """The scenario on one database (empty, reachable at `database_url`); its figures.

    The gunicorn log is copied to `keep_log` when given, so crashes can be read afterwards.
    """
    source = folder / "generated"
    generate(IMPORT_CONCEPTS, source, seed=SEED)
    files = [variant(source, folder / f"v{n}", n) for n in range(IMPORTS + 1)]
    env = app_environment(
        database_url,
        folder / "instance",
        LOG_LEVEL="WARNING",
        RATELIMIT_ENABLED="false",
        GLOSSARY_INDEX_INLINE_LIMIT="10000",
    )
    for step in (("db", "upgrade"), ("glossary", "import", str(files[0]))):
        done = run_flask(env, *step, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(step)} failed:\n{done.stderr}")
    variants = {_revision(database_url): 0}
    mix = Mix.of(files[0])
    log = folder / "gunicorn.log"
    imports: list[dict[str, Any]] = []
    with gunicorn(env, workers=WORKERS, log=log) as base:
        load(base, mix, threading.Event(), WARM_UP_SECONDS)
        baseline = load(base, mix, threading.Event(), BASELINE_SECONDS)
        stop = threading.Event()
        during: list[Recording] = []
        loader = threading.Thread(target=lambda: during.append(load(base, mix, stop)))
        loader.start()
        try:
            for number, path in enumerate(files[1:], start=1):
                started = time.perf_counter()
                done = run_flask(env, "glossary", "import", str(path), timeout=600)
                seconds = time.perf_counter() - started
                if done.returncode != 0:
                    raise RuntimeError(f"import of variant {number} failed:\n{done.stderr}")
                revision = _revision(database_url)
                variants[revision] = number
                imports.append(
                    {"variant": number, "revision": revision, "seconds": round(seconds, 1)}
                )
            time.sleep(1.0)
        finally:
            stop.set()
            loader.join()
        final = max(variants)
        settled = wait_until(lambda: _all_ready(base, final), timeout=120, interval=0.5)
        sweep = Recording()
        for turn in range(SWEEP_CONCEPTS):
            kind = CHECKED[turn % len(CHECKED)]
            sweep.add(fetch(base, kind, mix.path(kind, turn), True))
    if keep_log is not None:
        keep_log.parent.mkdir(parents=True, exist_ok=True)
        keep_log.write_bytes(log.read_bytes())
    return {
        "backend": backend,
        "concepts": IMPORT_CONCEPTS,
        "imports": imports,
        "variants_by_revision": {str(k): v for k, v in sorted(variants.items())},
        "baseline": summary(baseline.answers, variants),
        "during_import": summary(during[0].answers, variants),
        "settled": settled,
        "after_settling": summary(sweep.answers, variants),
        "worker_crashes": _crashes(log),
        "fatal_reports": _fatal_reports(log),
    }


def ratio(during: float | None, baseline: float | None) -> str:
    if not during or not baseline:
        return "–"
    return f"{during / baseline:.1f}×"


def markdown(results: list[dict[str, Any]], machine_note: str) -> str:
    """The import-under-load section of bench/results/load.md."""
    lines = [
        f"## Import under load: {IMPORT_CONCEPTS} concepts re-imported {IMPORTS}× "
        f"while {CONNECTIONS} clients read ({WORKERS} workers)",
        "",
        machine_note,
        "",
        "Readers cycle through the JSON concept, the JSON listing, search, Skosmos search "
        "(`prefix*`), the concept page and /readyz. Errors: non-2xx/3xx answers and failed "
        "connections of the readers; /readyz not ready (503 while a worker's index is behind) "
        "apart. Inconsistent: a concept or listing answer whose body carries another "
        "import's marker than the revision its ETag names. Written by `bench/import_load.py`.",
        "",
        "| backend | phase | requests | errors | 503 | /readyz not ready | p50 ms | p99 ms "
        "| max ms | p99 ÷ baseline | checked | inconsistent |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        base = result["baseline"]
        for phase, label in (
            ("baseline", "no import"),
            ("during_import", "during imports"),
            ("after_settling", "after settling"),
        ):
            row = result[phase]
            shown = ratio(row["p99_ms"], base["p99_ms"]) if phase == "during_import" else ""
            lines.append(
                f"| {result['backend']} | {label} | {row['requests']} | {row['errors']} "
                f"| {row['status_503']} | {row['readyz_not_ready']} | {row['p50_ms']} "
                f"| {row['p99_ms']} | {row['max_ms']} "
                f"| {shown} | {row['checked']} | {row['inconsistent']} |"
            )
    lines += [
        "",
        "| backend | imports (s each) | workers settled | worker crashes |",
        "|---|---|---|---|",
    ]
    for result in results:
        seconds = ", ".join(str(i["seconds"]) for i in result["imports"])
        crashes = "; ".join(result["worker_crashes"]) or "0"
        lines.append(
            f"| {result['backend']} | {seconds} | {'yes' if result['settled'] else 'NO'} "
            f"| {crashes} |"
        )
    lines += [
        "",
        "p99 per reader during the imports (baseline in brackets), ms:",
        "",
        "| backend | " + " | ".join(KINDS) + " |",
        "|---|" + "---:|" * len(KINDS),
    ]
    for result in results:
        cells = []
        for kind in KINDS:
            during = result["during_import"]["per_kind"][kind]
            base = result["baseline"]["per_kind"][kind]
            errors = f", {during['errors']} err" if during["errors"] else ""
            cells.append(f"{during['p99_ms']} ({base['p99_ms']}){errors}")
        lines.append(f"| {result['backend']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite"], default="sqlite")
    parser.add_argument("--out", type=Path, help="write the JSON figures here")
    parser.add_argument("--log", type=Path, help="copy the gunicorn log here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "glossary.sqlite3"
        result = run("SQLite", f"sqlite:///{database}", Path(folder), args.log)
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown([result], "run on its own"))


if __name__ == "__main__":
    main()
