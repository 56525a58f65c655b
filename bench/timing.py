"""Latency samples and their summary (nearest-rank percentiles, milliseconds)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Latency:
    samples: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted, non-empty list."""
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(nanoseconds: list[int]) -> Latency:
    if not nanoseconds:
        raise ValueError("no samples")
    ordered = sorted(value / 1e6 for value in nanoseconds)
    return Latency(
        samples=len(ordered),
        p50_ms=round(percentile(ordered, 0.50), 3),
        p99_ms=round(percentile(ordered, 0.99), 3),
        mean_ms=round(sum(ordered) / len(ordered), 3),
        max_ms=round(ordered[-1], 3),
    )


def ratio(subject: float | None, baseline: float | None) -> float | None:
    if not subject or not baseline:
        return None
    return round(subject / baseline, 2)
