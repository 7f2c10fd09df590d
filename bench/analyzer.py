"""CPU time per statement of the I-statement analyzer
(``exercises.i_statements.analyzer.analyze``), in this process, no server.

Statements: every labelled one in ``tests/exercises/**/*.jsonl`` (searched
recursively: the analyzer's cases live in ``tests/exercises/i_statements/``)
and, when it is there, the project's shared development set of labelled
statements (``shared/data/i_statements_dev.jsonl`` beside the checkout).
Every statement is analysed once to warm caches, then the whole list
``rounds`` times; each call is timed with
``time.process_time_ns`` (CPU time of this process, so time lost to other
processes on a busy machine is not counted). A 2,000-character input (the
analyzer's limit, ``MAX_ANALYZED_CHARS``), made of labelled statements run
together as one long message, is timed separately. Skipped
(``{"skipped": reason}``) when the module or the statements are missing.

:func:`analyzer_accuracy` scores the same labelled files (label accuracy,
must-flag recall, must-not-flag cleanliness; per file and per kind), and
:func:`compare` times a reference checkout's analyzer beside this one in the
same run (``--ref DIR``), each in its own process, alternately, so a busy
machine slows both alike and the ratio is the figure to read.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
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


def labelled() -> list[tuple[Path, list[dict[str, Any]]]]:
    """``[(file, [labelled statement, ...]), ...]`` of every labelled file
    found (a statement is a JSON object with a string ``text``), in order."""
    sources = sorted((ROOT / "tests" / "exercises").rglob("*.jsonl"))
    shared = next((p for p in SHARED_CANDIDATES if p.exists()), None)
    if shared is not None:
        sources.append(shared)
    out = []
    for path in sources:
        items = []
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                items.append(item)
        out.append((path, items))
    return out


def statements() -> tuple[list[str], list[str]]:
    """``(texts, source files)`` of every labelled statement found."""
    files = labelled()
    return [i["text"] for _, items in files for i in items], [str(p) for p, _ in files]


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
    "long_chars", "long_p50_ms", "long_p99_ms", "longest_chars", "module",
    "sources"}``
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
        "module": module.__file__,
        "sources": sources,
    }


def _figures(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{kind: {"n", "accuracy", "recall", "clean"}}`` (fractions in [0, 1],
    to three places) over ``items``, with the total under ``"all"``: the
    figures the tests hold the analyzer to
    (``tests/exercises/i_statements/scoring.py``, imported from there so
    there is one definition)."""
    from tests.exercises.i_statements.scoring import score

    return {
        kind: {"n": s.cases, "accuracy": round(s.accuracy, 3), "recall": round(s.recall, 3),
               "clean": round(s.clean, 3)}
        for kind, s in score(items).items()
    }


def analyzer_accuracy() -> dict[str, Any]:
    """``{"files": {file name: figures}, "kinds": {kind: figures}, "blind":
    figures, "blind_set": file name, "blind_all": figures}``: label accuracy,
    must-flag recall and must-not-flag cleanliness (each a fraction in [0, 1],
    with ``n`` statements) of every labelled file, of every kind over all
    files, of the newest set written blind by people who never saw the
    analyzer (``cases_blindN.jsonl`` with the highest N; it is measured once
    before any rule is tuned on it, so it is the figure for "unseen
    statements" until the next one is written) and of all blind sets
    together (the older ones have guided tuning since). Skipped like
    :func:`analyzer_timing`."""
    try:
        importlib.import_module("exercises.i_statements.analyzer").analyze  # noqa: B018
    except (ImportError, AttributeError) as exc:
        return {"skipped": f"no analyzer: {exc}"}
    files = labelled()
    everything = [i for _, items in files for i in items]
    blind_sets = sorted(
        ((int(m.group(1)), p.name, items) for p, items in files
         if (m := re.fullmatch(r"cases_blind(\d+)\.jsonl", p.name))),
    )
    blind = [i for _, _, items in blind_sets for i in items]
    return {
        "files": {p.name: _figures(items)["all"] for p, items in files},
        "kinds": {k: v for k, v in sorted(_figures(everything).items()) if k != "all"},
        "blind": _figures(blind_sets[-1][2]).get("all") if blind_sets else None,
        "blind_set": blind_sets[-1][1] if blind_sets else None,
        "blind_all": _figures(blind).get("all"),
    }


def analyzer_targets(
    timing: dict[str, Any] | None, accuracy: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Issue 13's targets, ``[{"target", "measured", "met"}, ...]``, judged
    from :func:`analyzer_timing` (CPU milliseconds per statement: median
    <= 0.1, p99 <= 0.5, a 2,000-character input <= 1) and
    :func:`analyzer_accuracy` (each figure >= 0.97 on the newest set written
    blind);
    ``met`` is None for a figure not measured in this run."""
    out = []
    for key, name, limit in (("p50_ms", "analyzer median <= 0.1 ms per statement", 0.1),
                             ("p99_ms", "analyzer p99 <= 0.5 ms per statement", 0.5),
                             ("long_p50_ms", "analyzer <= 1 ms for 2,000 characters", 1.0)):
        value = (timing or {}).get(key)
        out.append({"target": name, "measured": value,
                    "met": None if value is None else value <= limit})
    blind = (accuracy or {}).get("blind") or {}
    for key, name in (("accuracy", "label accuracy"), ("recall", "must-flag recall"),
                      ("clean", "must-not-flag cleanliness")):
        value = blind.get(key)
        out.append({"target": f"{name} >= 0.97 on the newest set written blind", "measured": value,
                    "met": None if value is None else value >= 0.97})
    return out


def compare(ref_dir: Path, *, rounds: int = 5, repeats: int = 3) -> dict[str, Any]:
    """Time the analyzer of the checkout at ``ref_dir`` (the reference) and of
    this one on the same statements (this checkout's), each in a fresh process
    (``python -m bench.analyzer --json --app-dir DIR``), alternating
    ``repeats`` times. Returns ``{"ref_dir", "this": timing, "reference":
    timing, "ratio": {figure: this / reference}}`` where each timing is the
    per-figure minimum over the repeats (the run least disturbed by other
    work). Raises subprocess.CalledProcessError if a run fails."""
    keys = ("mean_ms", "p50_ms", "p99_ms", "long_p50_ms")
    runs: dict[str, list[dict[str, Any]]] = {"this": [], "reference": []}
    for _ in range(repeats):
        for name, app in (("this", ROOT), ("reference", ref_dir)):
            out = subprocess.run(
                [sys.executable, "-m", "bench.analyzer", "--json", "--rounds", str(rounds),
                 "--app-dir", str(app)],
                cwd=ROOT, check=True, capture_output=True, text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            ).stdout
            runs[name].append(json.loads(out))
    best = {name: {k: min(r[k] for r in rs) for k in keys} for name, rs in runs.items()}
    return {
        "ref_dir": str(ref_dir),
        "this": best["this"],
        "reference": best["reference"],
        "ratio": {k: round(best["this"][k] / best["reference"][k], 3) for k in keys},
    }


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.analyzer [--json] [--rounds N] [--app-dir DIR] [--ref DIR]``:
    timing and accuracy as JSON; ``--app-dir`` imports the analyzer from another
    checkout; ``--ref`` adds :func:`compare` against another checkout."""
    parser = argparse.ArgumentParser(prog="python -m bench.analyzer")
    parser.add_argument("--json", action="store_true", help="timing only, one JSON object")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--app-dir", type=Path, help="import exercises/ from this checkout")
    parser.add_argument("--ref", type=Path, help="a reference checkout to time beside this one")
    args = parser.parse_args(argv)
    if args.app_dir is not None:
        sys.path.insert(0, str(args.app_dir.resolve()))
    if args.json:
        print(json.dumps(analyzer_timing(rounds=args.rounds)))
        return
    document: dict[str, Any] = {"timing": analyzer_timing(rounds=args.rounds),
                                "accuracy": analyzer_accuracy()}
    if args.ref is not None:
        document["compare"] = compare(args.ref.resolve())
    print(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
