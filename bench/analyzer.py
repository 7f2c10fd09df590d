"""Time per statement of the I-statement analyzer
(``exercises.i_statements.analyzer.analyze``), in this process, no server.

Statements: the labelled ones in ``tests/exercises/*.jsonl`` and, when it is
there, ``/work/shared/data/i_statements_dev.jsonl``. Every statement is
analysed once to warm caches, then the whole list ``rounds`` times; each call
is timed with ``perf_counter_ns``. Skipped (``{"skipped": reason}``) when the
module or the statements are missing.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path
from typing import Any

from bench.processes import ROOT

SHARED_STATEMENTS = Path("/work/shared/data/i_statements_dev.jsonl")


def statements() -> tuple[list[str], list[str]]:
    """``(texts, source files)`` of every labelled statement found."""
    sources = sorted((ROOT / "tests" / "exercises").glob("*.jsonl"))
    if SHARED_STATEMENTS.exists():
        sources.append(SHARED_STATEMENTS)
    texts = []
    for path in sources:
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                texts.append(item["text"])
    return texts, [str(p) for p in sources]


def analyzer_timing(*, rounds: int = 20, max_seconds: float = 20.0) -> dict[str, Any]:
    """``{"statements", "calls", "mean_ms", "p50_ms", "p99_ms", "max_ms",
    "sources"}``; at most ``rounds`` passes and about ``max_seconds``."""
    try:
        module = importlib.import_module("exercises.i_statements.analyzer")
        analyze = module.analyze
    except (ImportError, AttributeError) as exc:
        return {"skipped": f"no analyzer: {exc}"}
    texts, sources = statements()
    if not texts:
        return {"skipped": "no labelled statements found"}
    for text in texts:
        analyze(text)
    samples: list[int] = []
    deadline = time.perf_counter() + max_seconds
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter_ns()
            analyze(text)
            samples.append(time.perf_counter_ns() - t0)
        if time.perf_counter() > deadline:
            break
    samples.sort()

    def ms(ns: float) -> float:
        return round(ns / 1e6, 4)

    return {
        "statements": len(texts),
        "calls": len(samples),
        "mean_ms": ms(sum(samples) / len(samples)),
        "p50_ms": ms(samples[len(samples) // 2]),
        "p99_ms": ms(samples[min(len(samples) - 1, int(len(samples) * 0.99))]),
        "max_ms": ms(samples[-1]),
        "longest_chars": max(len(t) for t in texts),
        "sources": sources,
    }
