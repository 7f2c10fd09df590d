"""``make bench``'s analyzer figures: the accuracy it reports is the one the
tests hold the analyzer to, and issue 13's targets are judged from it."""

from __future__ import annotations

import pytest

from bench import analyzer
from tests.exercises.i_statements.scoring import HERE, load, score


def test_bench_reports_the_same_accuracy_as_the_tests_per_file_and_per_kind():
    figures = analyzer.analyzer_accuracy()
    blind5 = score(load(HERE / "cases_blind5.jsonl"))
    assert figures["files"]["cases_blind5.jsonl"] == {
        "n": blind5["all"].cases,
        "accuracy": round(blind5["all"].accuracy, 3),
        "recall": round(blind5["all"].recall, 3),
        "clean": round(blind5["all"].clean, 3),
    }
    everything = score(c for p in sorted(HERE.glob("cases*.jsonl")) for c in load(p))
    for kind in ("blame_story", "genuine_regional"):
        assert figures["kinds"][kind]["n"] == everything[kind].cases
        assert figures["kinds"][kind]["accuracy"] == round(everything[kind].accuracy, 3)
    blind = [c for p in sorted(HERE.glob("cases_blind*.jsonl")) for c in load(p)]
    assert figures["blind_all"]["n"] == len(blind)
    # The honest figure is the newest blind set alone (blind10 sorts after blind9).
    newest = max(HERE.glob("cases_blind*.jsonl"), key=lambda p: int(p.stem[len("cases_blind"):]))
    assert figures["blind_set"] == newest.name
    assert figures["blind"]["n"] == len(load(newest))


@pytest.mark.parametrize(("blind", "met"), [(0.97, True), (0.969, False)])
def test_issue_13_targets_are_judged_from_the_blind_sets(blind, met):
    timing = {"p50_ms": 0.09, "p99_ms": 0.4, "long_p50_ms": 0.9, "mean_ms": 0.1}
    accuracy = {"blind": {"n": 600, "accuracy": blind, "recall": 0.99, "clean": 0.99}}
    rows = {row["target"]: row for row in analyzer.analyzer_targets(timing, accuracy)}
    assert rows["label accuracy >= 0.97 on the newest set written blind"]["met"] is met
    assert rows["must-flag recall >= 0.97 on the newest set written blind"]["met"] is True
    assert rows["analyzer median <= 0.1 ms per statement"]["met"] is True
    assert rows["analyzer <= 1 ms for 2,000 characters"]["met"] is True
    slow = {**timing, "long_p50_ms": 1.2}
    rows = {row["target"]: row for row in analyzer.analyzer_targets(slow, accuracy)}
    assert rows["analyzer <= 1 ms for 2,000 characters"]["met"] is False
