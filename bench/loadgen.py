"""A small HTTP load generator (standard library only) for 127.0.0.1.

    python bench/loadgen.py --duration 10 --concurrency 8 --url http://127.0.0.1:8000/healthz \
        [--probe 'http://127.0.0.1:8000/api/v1/concepts?per_page=1=total'] [--out result.json]

Threads fetch the --url addresses round-robin for --duration seconds and count statuses and
latencies per address. A --probe is fetched like the others and, when it answers 200 with a
JSON object, the value of its key is recorded each time, so a caller can check which states
of the data were ever served (e.g. only whole old or whole new frameworks during an import).
SIGTERM or SIGINT ends the load before --duration is up; the report is written all the same,
so a caller can keep the load running until what it waits for has happened.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    observed: Counter = field(default_factory=Counter)


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 2)


def fetch(url: str, key: str | None) -> tuple[int, object]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, None
    except OSError:
        return 0, None  # connection refused or reset: counted as status 0
    if key is None or status != 200:
        return status, None
    try:
        return status, json.loads(body).get(key)
    except (ValueError, AttributeError):
        return status, "<not a JSON object>"


def run(
    targets: list[tuple[str, str | None]],
    duration: float,
    concurrency: int,
    stop: threading.Event | None = None,
) -> dict:
    """Load `targets` ((url, probe key or None)) for `duration` seconds, or until `stop` is
    set; a JSON-ready report."""
    stop = stop or threading.Event()
    tallies: dict[str, Tally] = defaultdict(Tally)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker(offset: int) -> None:
        turn = offset
        while time.monotonic() < stop_at and not stop.is_set():
            url, key = targets[turn % len(targets)]
            turn += 1
            started = time.perf_counter()
            status, value = fetch(url, key)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                tally = tallies[url]
                tally.statuses[status] += 1
                tally.latencies_ms.append(elapsed)
                if key is not None and status == 200:
                    tally.observed[json.dumps(value)] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    per_url = {
        url: {
            "requests": sum(tally.statuses.values()),
            "statuses": {str(code): count for code, count in sorted(tally.statuses.items())},
            "p50_ms": percentile(tally.latencies_ms, 0.50),
            "p99_ms": percentile(tally.latencies_ms, 0.99),
            "observed": dict(tally.observed),
        }
        for url, tally in tallies.items()
    }
    total = sum(entry["requests"] for entry in per_url.values())
    return {
        "duration_s": round(elapsed, 2),
        "concurrency": concurrency,
        "requests": total,
        "requests_per_s": round(total / elapsed, 1) if elapsed else None,
        "server_errors": sum(
            count
            for entry in per_url.values()
            for code, count in entry["statuses"].items()
            if code == "0" or code.startswith("5")
        ),
        "per_url": per_url,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--url", action="append", default=[])
    parser.add_argument("--probe", action="append", default=[], help="URL=json-key")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    targets: list[tuple[str, str | None]] = [(url, None) for url in args.url]
    targets += [tuple(probe.rsplit("=", 1)) for probe in args.probe]  # type: ignore[misc]
    if not targets:
        parser.error("give at least one --url or --probe")
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    report = run(targets, args.duration, args.concurrency, stop)
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
