"""HTTP load over a mix of paths: wrk with a Lua script cycling through them, or threads.

wrk (installed by scripts/system-deps.sh) generates load from C and reports the latency
distribution; without it a small thread pool of urllib clients does the same, slower, so its
figures are only comparable within one run (which is all the benchmark compares).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.loadgen import fetch
from bench.timing import summarise

WRK_THREADS = 2
# As long as gunicorn lets a request run (GUNICORN_TIMEOUT): slow answers are measured, not
# dropped as wrk's (default 2 s) timeouts.
TIMEOUT_S = 30
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
LUA = """
local paths = {%(paths)s}
local started = 0
-- Each thread starts at its own share of the list, so two threads do not ask the same
-- query at the same moment (a server-side cache would then answer the second).
setup = function(thread)
  thread:set("first", started)
  started = started + 1
end
init = function(args)
  counter = first * math.floor(#paths / %(threads)d)
end
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


@dataclass(frozen=True)
class HttpFigures:
    tool: str
    seconds: float
    requests: int
    requests_per_s: float
    p50_ms: float | None
    p99_ms: float | None
    failed: int  # non-2xx/3xx answers and socket errors

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def measure(base: str, paths: list[str], seconds: float, connections: int) -> HttpFigures:
    """Load `base` with `paths` in turn for `seconds` over `connections` connections."""
    if shutil.which("wrk"):
        return _wrk(base, paths, seconds, connections)
    return _threads(base, paths, seconds, connections)


def _lua_string(path: str) -> str:
    if any(char in path for char in '"\\\n'):
        raise ValueError(f"path needs quoting: {path!r}")
    return f'"{path}"'


def _wrk(base: str, paths: list[str], seconds: float, connections: int) -> HttpFigures:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "paths.lua"
        listed = ", ".join(_lua_string(path) for path in paths)
        script.write_text(LUA % {"paths": listed, "threads": WRK_THREADS}, encoding="utf-8")
        done = subprocess.run(
            [
                "wrk",
                f"-t{WRK_THREADS}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                f"--timeout={TIMEOUT_S}s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    out = done.stdout
    requests = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if requests is None or rps is None:
        raise RuntimeError(f"unexpected wrk output:\n{out}\n{done.stderr}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(non_2xx.group(1)) if non_2xx else 0
    failed += sum(int(count) for count in socket.groups()) if socket else 0
    return HttpFigures(
        tool="wrk",
        seconds=round(seconds, 1),
        requests=int(requests.group(1)),
        requests_per_s=round(float(rps.group(1)), 1),
        p50_ms=_percentile(out, "50"),
        p99_ms=_percentile(out, "99"),
        failed=failed,
    )


def _percentile(out: str, percent: str) -> float | None:
    match = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)", out)
    return round(float(match.group(1)) * UNITS_MS[match.group(2)], 3) if match else None


def _threads(base: str, paths: list[str], seconds: float, connections: int) -> HttpFigures:
    latencies: list[int] = []
    failures = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        turn = offset
        while time.monotonic() < stop_at:
            started = time.perf_counter_ns()
            status, _ = fetch(base + paths[turn % len(paths)], None)
            elapsed = time.perf_counter_ns() - started
            turn += connections
            with lock:
                latencies.append(elapsed)
                if not 200 <= status < 400:
                    failures[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    summary = summarise(latencies) if latencies else None
    return HttpFigures(
        tool="threads (urllib)",
        seconds=round(elapsed, 1),
        requests=len(latencies),
        requests_per_s=round(len(latencies) / elapsed, 1),
        p50_ms=summary.p50_ms if summary else None,
        p99_ms=summary.p99_ms if summary else None,
        failed=failures[0],
    )
