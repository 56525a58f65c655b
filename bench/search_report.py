"""The results of bench/search.py: search.json as measured, search.md for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

AIM_SIZE = "100000"
SUGGEST_P99_AIM_MS = 5.0
INDEX_BUILD_AIM_S = 60.0
SEARCH_THROUGHPUT_AIM = 0.5
IN_PROCESS_ROWS = {
    "healthz": "baseline: GET /healthz (test client)",
    "search": "search(), each query new",
    "search_popular": "search(), {popular} popular queries asked again",
    "suggest": "suggest()",
    "search_route": "GET /api/v1/search (test client)",
    "suggest_route": "GET /api/v1/suggest (test client)",
}
HTTP_ROWS = {
    "healthz_before": "/healthz (before)",
    "search": "/api/v1/search, each query new",
    "search_popular": "/api/v1/search, {popular} popular queries",
    "suggest": "/api/v1/suggest",
    "healthz_after": "/healthz (after)",
}


def aims(datasets: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's aims, checked on the 100 000 dataset (or the largest one measured)."""
    sized = [name for name in datasets if name.isdigit()]
    if not sized:
        return []
    name = AIM_SIZE if AIM_SIZE in datasets else max(sized, key=int)
    figures = datasets[name]
    where = f"{int(name):,} concepts".replace(",", " ")
    checks = [
        {
            "aim": f"suggest p99 in-process < {SUGGEST_P99_AIM_MS:g} ms",
            "figure": figures["in_process"]["suggest"]["p99_ms"],
            "met": figures["in_process"]["suggest"]["p99_ms"] < SUGGEST_P99_AIM_MS,
        },
        {
            "aim": f"index build < {INDEX_BUILD_AIM_S:g} s",
            "figure": figures["index_build_s"],
            "met": figures["index_build_s"] < INDEX_BUILD_AIM_S,
        },
    ]
    if "http" in figures:
        share = figures["http"]["ratios"]["search_throughput"]
        checks.append(
            {
                "aim": f"search req/s over HTTP ≥ {SEARCH_THROUGHPUT_AIM:g} × /healthz req/s",
                "figure": share,
                "met": share is not None and share >= SEARCH_THROUGHPUT_AIM,
            }
        )
    for check in checks:
        check["dataset"] = where if name == AIM_SIZE else f"{where} (aim is for 100 000)"
    return checks


def _label(name: str, figures: dict[str, Any]) -> str:
    return f"bundled ({figures['concepts']})" if name == "real" else f"generated {int(name):,}"


def _pair(entry: dict[str, Any]) -> str:
    return f"{entry['p50_ms']} / {entry['p99_ms']}"


def _times(value: float | None) -> str:
    return "–" if value is None else f"{value}×"


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    datasets = results["datasets"]
    popular = results.get("settings", {}).get("popular_queries", "a few")
    lines = [
        "# Search benchmark",
        "",
        f"{machine['when']} · {machine['cpus']} CPUs ({machine['cpu_model'] or 'unknown'}) · "
        f"Python {machine['python']} · commit {machine['commit']}"
        + (" + uncommitted changes in glossary/services" if machine["search_code_changed"] else "")
        + f" · {machine['database']}",
        "",
        "Written by `bench/search.py` (`make bench`). Absolute times depend on the machine and "
        "its load; the ratios against the trivial baseline measured in the same run are the "
        "figures to compare between runs.",
        "",
    ]
    checks = aims(datasets)
    if checks:
        lines += ["## Aims", "", "| aim | measured at | figure | met |", "|---|---|---:|---|"]
        for check in checks:
            met = "yes" if check["met"] else "**no**"
            lines.append(f"| {check['aim']} | {check['dataset']} | {check['figure']} | {met} |")
        lines.append("")
    lines += [
        "## Import and index build",
        "",
        "| dataset | concepts | import s | index build s | index MB | rebuilt by ensure_current |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, figures in datasets.items():
        imported = "reused" if figures["import_s"] is None else figures["import_s"]
        lines.append(
            f"| {_label(name, figures)} | {figures['concepts']} | {imported} "
            f"| {figures['index_build_s']} | {figures['index_mb']} "
            f"| {'yes' if figures['ensure_current_rebuilt'] else 'no'} |"
        )
    first = next(iter(datasets.values()))
    lines += [
        "",
        "## In-process latency (ms)",
        "",
        f"Baseline: {first['in_process']['baseline']}. search() and suggest() are called "
        "directly inside an app context; the API routes go through the test client like the "
        "baseline.",
        "",
        "| dataset | operation | p50 | p99 | ×baseline p50 | ×baseline p99 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, figures in datasets.items():
        run = figures["in_process"]
        for operation, row_name in IN_PROCESS_ROWS.items():
            shown = row_name.format(popular=popular)
            if operation not in run:
                continue
            entry = run[operation]
            ratios = (
                f"| {_times(run['ratios'][operation + '_p50_ms'])} "
                f"| {_times(run['ratios'][operation + '_p99_ms'])} |"
                if operation != "healthz"
                else "| | |"
            )
            lines.append(
                f"| {_label(name, figures)} | {shown} | {entry['p50_ms']} | {entry['p99_ms']} "
                + ratios
            )
    http_runs = {name: figures for name, figures in datasets.items() if "http" in figures}
    if http_runs:
        setting = next(iter(http_runs.values()))["http"]["setting"]
        tool = next(iter(http_runs.values()))["http"]["search"]["tool"]
        lines += [
            "",
            f"## HTTP: gunicorn, {setting['workers']} workers, {tool} with "
            f"{setting['connections']} connections, {setting['seconds']:g} s per row",
            "",
            "/healthz is measured before and after search and suggest; their mean is the "
            "baseline. Load generator and server share the machine. Search runs twice: over "
            "thousands of distinct queries no worker has seen (no outcome can come from the "
            "service's cache of recent searches), and over "
            f"{popular} popular queries asked again and again (cached after their first use "
            "in each worker; a warm-up as long as the measurement runs first).",
            "",
            "| dataset | route | req/s | p50 ms | p99 ms | failed | req/s ÷ baseline "
            "| p50 ×baseline | p99 ×baseline |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, figures in http_runs.items():
            http = figures["http"]
            for route, row_name in HTTP_ROWS.items():
                shown = row_name.format(popular=popular)
                if route not in http:
                    continue
                row = http[route]
                ratios = http["ratios"]
                extra = (
                    f"| {ratios[route + '_throughput']} | {_times(ratios[route + '_p50'])} "
                    f"| {_times(ratios[route + '_p99'])} |"
                    if "healthz" not in route
                    else "| | | |"
                )
                if route == "search" and not row.get("all_distinct", True):
                    shown += " (list exhausted: some repeats)"
                lines.append(
                    f"| {_label(name, figures)} | {shown} | {row['requests_per_s']} "
                    f"| {row['p50_ms']} | {row['p99_ms']} | {row['failed']} {extra}"
                )
    lines += [
        "",
        "## In-process latency by query kind (ms)",
        "",
        "Top-1: how often the concept the query was made from came first (exact label, "
        "synonym, one-letter typo, English label). Empty: queries without results.",
        "",
        "| dataset | operation | kind | p50 | p99 | empty | top-1 |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for name, figures in datasets.items():
        run = figures["in_process"]
        for operation, kinds in run["by_kind"].items():
            for kind, entry in kinds.items():
                empty = run["search_empty"].get(kind, "") if operation == "search" else ""
                top1 = run["search_top1"].get(kind, "") if operation == "search" else ""
                lines.append(
                    f"| {_label(name, figures)} | {operation} | {kind} | {entry['p50_ms']} "
                    f"| {entry['p99_ms']} | {empty} | {top1} |"
                )
    lines += [
        "",
        "Load average (1 min) before and after each dataset: "
        + ", ".join(
            f"{_label(name, figures)} {figures['load_average']['before']} → "
            f"{figures['load_average']['after']}"
            for name, figures in datasets.items()
        )
        + f" (on {machine['cpus']} CPUs).",
        "",
    ]
    return "\n".join(lines)


def write_results(results: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    results = {**results, "aims": aims(results["datasets"])}
    (folder / "search.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    text = markdown(results)
    (folder / "search.md").write_text(text, encoding="utf-8")
    print(text)
