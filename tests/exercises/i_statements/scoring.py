"""Scores of the I-statement analyzer on labelled statements (used by the tests).

A labelled statement is one JSON line ``{"text", "is_i_statement", "must_flag",
"must_not_flag"[, "kind"]}``. Three figures, each a fraction in [0, 1]:

* ``accuracy``: statements whose ``is_i_statement`` verdict matches the label;
* ``recall``: ``must_flag`` codes that were raised, over all ``must_flag`` codes;
* ``clean``: ``must_not_flag`` codes that were *not* raised, over all of them.

A set with no codes of a kind scores 1.0 on that figure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exercises.i_statements.analyzer import analyze

HERE = Path(__file__).resolve().parent


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled statements of one JSON-lines file, in order."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Score:
    """Counts behind the three figures; ``misses`` lists what went wrong, as text."""

    cases: int = 0
    right: int = 0
    flags: int = 0
    flagged: int = 0
    nots: int = 0
    clean_count: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.cases if self.cases else 1.0

    @property
    def recall(self) -> float:
        return self.flagged / self.flags if self.flags else 1.0

    @property
    def clean(self) -> float:
        return self.clean_count / self.nots if self.nots else 1.0

    def line(self, name: str) -> str:
        return (f"{name:<26} n={self.cases:>3}  accuracy {self.accuracy:.3f}  "
                f"must-flag {self.recall:.3f}  must-not-flag {self.clean:.3f}")


def score(cases: Iterable[dict[str, Any]],
          analyzer: Callable[[str], Any] = analyze) -> dict[str, Score]:
    """``{"all": Score, <kind>: Score, ...}``; cases without a kind count as ``"original"``."""
    out: dict[str, Score] = {"all": Score()}
    for case in cases:
        result = analyzer(case["text"])
        kind = case.get("kind", "original")
        for s in (out["all"], out.setdefault(kind, Score())):
            s.cases += 1
            ok = result.is_i_statement is case["is_i_statement"]
            s.right += ok
            s.flags += len(case["must_flag"])
            s.flagged += sum(c in result.issues for c in case["must_flag"])
            s.nots += len(case["must_not_flag"])
            s.clean_count += sum(c not in result.issues for c in case["must_not_flag"])
            missing = [c for c in case["must_flag"] if c not in result.issues]
            extra = [c for c in case["must_not_flag"] if c in result.issues]
            if (not ok or missing or extra) and s is out["all"]:
                s.misses.append(f"[{kind}] {case['text']!r} label={case['is_i_statement']} "
                                f"got={sorted(result.issues)} missing={missing} extra={extra}")
    return out


def report(scores: dict[str, Score]) -> str:
    """One line per kind, the total first."""
    return "\n".join(scores[k].line(k) for k in ["all", *sorted(set(scores) - {"all"})])


def assert_floor(total: Score, floor: dict[str, float]) -> None:
    """Assert each figure of ``total`` is at or above ``floor`` (keys
    ``accuracy``, ``recall``, ``clean``; fractions in [0, 1]). Raises
    AssertionError listing the misses, so a failing run shows the statements."""
    misses = "\n".join(total.misses)
    assert total.accuracy >= floor["accuracy"], misses
    assert total.recall >= floor["recall"], misses
    assert total.clean >= floor["clean"], misses


def assert_set_floor(name: str, cases: list[dict[str, Any]], floor: dict[str, float]) -> None:
    """Score one labelled set, print its figures by kind (shown with ``pytest -s``) under
    *name*, and :func:`assert_floor` its total against *floor*."""
    scores = score(cases)
    print(f"\n{name}:\n" + report(scores))
    assert_floor(scores["all"], floor)
