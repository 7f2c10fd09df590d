"""Small statistics helpers: percentiles in milliseconds."""

from __future__ import annotations

import math


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank ``q`` percentile (0-100) of an ascending list; NaN if empty."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(samples_s: list[float]) -> dict[str, float | int | None]:
    """``{"count", "p50", "p95", "p99", "max", "mean"}`` of samples given in
    seconds, reported in milliseconds (3 decimals); None values when empty."""
    ordered = sorted(samples_s)
    if not ordered:
        return {"count": 0, "p50": None, "p95": None, "p99": None, "max": None, "mean": None}

    def ms(x: float) -> float:
        return round(x * 1000, 3)

    return {
        "count": len(ordered),
        "p50": ms(percentile(ordered, 50)),
        "p95": ms(percentile(ordered, 95)),
        "p99": ms(percentile(ordered, 99)),
        "max": ms(ordered[-1]),
        "mean": ms(sum(ordered) / len(ordered)),
    }
