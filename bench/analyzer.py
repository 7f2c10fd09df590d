"""CPU time per statement of the I-statement analyzer
(``exercises.i_statements.analyzer.analyze``), in this process, no server.

Statements: every labelled one in ``tests/exercises/**/*.jsonl`` (searched
recursively: the analyzer's cases live in ``tests/exercises/i_statements/``)
and, when it is there, the shared development set
``<checkout>/../shared/data/i_statements_dev.jsonl`` (or
``/work/shared/data/...``). Every statement is analysed once to warm caches,
then the whole list ``rounds`` times; each call is timed with
``time.process_time_ns`` (CPU time of this process, so time lost to other
processes on a busy machine is not counted). A 2,000-character input (the
analyzer's limit, ``MAX_ANALYZED_CHARS``), made of labelled statements run
together as one long message, is timed separately. Skipped
(``{"skipped": reason}``) when the module or the statements are missing.
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""The checkout (the same as ``bench.processes.ROOT``; not imported, so this
module runs without the bench's extra dependencies)."""
SHARED_CANDIDATES = (
    ROOT.parent / "shared" / "data" / "i_statements_dev.jsonl",
    Path("/work/shared/data/i_statements_dev.jsonl"),
)
LONG_CHARS = 2000


def statements() -> tuple[list[str], list[str]]:
    """``(texts, source files)`` of every labelled statement found."""
    sources = sorted((ROOT / "tests" / "exercises").rglob("*.jsonl"))
    shared = next((p for p in SHARED_CANDIDATES if p.exists()), None)
    if shared is not None:
        sources.append(shared)
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


def long_message(texts: list[str], chars: int = LONG_CHARS) -> str:
    """The labelled statements run together, cut to exactly *chars* characters."""
    out, size, i = [], 0, 0
    while size < chars:
        piece = texts[i % len(texts)]
        out.append(piece)
        size += len(piece) + 1
        i += 1
    return " ".join(out)[:chars]


def _cpu_ns(analyze: Callable[[str], Any], text: str) -> int:
    t0 = time.process_time_ns()
    analyze(text)
    return time.process_time_ns() - t0


def analyzer_timing(*, rounds: int = 20, max_seconds: float = 20.0) -> dict[str, Any]:
    """``{"statements", "calls", "mean_ms", "p50_ms", "p99_ms", "max_ms",
    "long_chars", "long_p50_ms", "long_p99_ms", "longest_chars", "sources"}``
    (milliseconds of CPU time per call); at most ``rounds`` passes and about
    ``max_seconds``."""
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
        samples.extend(_cpu_ns(analyze, text) for text in texts)
        if time.perf_counter() > deadline:
            break
    samples.sort()
    long_text = long_message(texts)
    long_samples = sorted(_cpu_ns(analyze, long_text) for _ in range(max(50, rounds * 10)))

    def ms(ns: float) -> float:
        return round(ns / 1e6, 4)

    def pct(values: list[int], q: float) -> float:
        return ms(values[min(len(values) - 1, int(len(values) * q))])

    return {
        "statements": len(texts),
        "calls": len(samples),
        "mean_ms": ms(sum(samples) / len(samples)),
        "p50_ms": pct(samples, 0.5),
        "p99_ms": pct(samples, 0.99),
        "max_ms": ms(samples[-1]),
        "long_chars": len(long_text),
        "long_p50_ms": pct(long_samples, 0.5),
        "long_p99_ms": pct(long_samples, 0.99),
        "longest_chars": max(len(t) for t in texts),
        "sources": sources,
    }


if __name__ == "__main__":
    print(json.dumps(analyzer_timing(), indent=2))
