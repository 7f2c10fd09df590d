"""Train the coach model (:mod:`exercises.i_statements.model`) from our labelled
statements and write ``exercises/data/coach_model.json``.

Run ``make coach-model`` (``python -m exercises.i_statements.training``) after
adding or changing labelled statements or the rules; a test
(``tests/exercises/i_statements/test_model.py``) fails while the shipped file is
not what the repository's statements and rules train.

What it learns from. Every ``cases*.jsonl`` in ``tests/exercises/i_statements/``
except two kept out to measure it: the newest blind set (``cases_blindN.jsonl``
with the highest N), which ``make bench`` and the tests report as the figure on
statements nobody tuned on, until a newer blind set takes its place; and
:data:`UNSEEN_EVERYDAY`, everyday messages that measure how often ordinary chat
is called blame. For each code of :data:`~exercises.i_statements.model.CODES`, a
statement is a flagged example when the code is in its ``must_flag``, a
not-flagged one when it is in its ``must_not_flag``, and not used for that code
otherwise.

How. scikit-learn's ``TfidfVectorizer(binary=True, norm=None)`` (presence of each
feature, weighed by its idf; features held by at least :data:`MIN_STATEMENTS`
statements) over :func:`~exercises.i_statements.model.features`, with what the
rules found read through :func:`exercises.i_statements.analyzer.rules_reading`;
then one ``LogisticRegression`` per code (L2 penalty, ``C`` = :data:`C`, the
deterministic lbfgs solver). scikit-learn is a development dependency (the
``train`` extra); the app only reads the numbers.

How the settings were chosen (2 Dec 2026; ``docs/benchmarks.md``): L2-normalised
TF-IDF with balanced classes found more on the blind sets but called short
everyday messages blame ("missing u loads", "ya"); presence features without
normalisation and the :data:`THRESHOLD` below kept the unseen everyday messages
at the rules' own figure, passed every pinned behaviour of the tests, and found
the most of blind sets 8 and 9 among the settings tried.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from exercises.i_statements import model as M
from exercises.i_statements.analyzer import rules_reading

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "tests" / "exercises" / "i_statements"
C = 10.0
"""Inverse strength of the L2 penalty (scikit-learn's ``C``); 3, 10 and 30 gave
the same figures within 0.2 % in five-fold cross-validation."""
THRESHOLD = 0.85
"""A code is added when its probability is above this. Tried: 0.6 to 0.9; below
0.85 some pinned behaviours of the tests broke ("How many times do we water the
plants?", "Who raised you? I'd love to meet them, they did a great job."); 0.9
found less of the blind sets."""
MIN_STATEMENTS = 2
"""A feature is kept when at least this many statements hold it."""
PRUNE = 0.4
"""A feature whose weight times idf is below this (in log-odds) for both codes is
left out of the shipped file: it moves a reading by less than a third of the
margin between 0.85 and 0.9. Measured on 1,050 statements the model had not learnt
from: about 11,000 features -> 6,200 with the same accuracy, must-flag and
must-not-flag (within 0.002); 0.8 and above began to lose flags. A smaller table
is also a faster one (fewer cache misses beside the rules' own tables)."""
MAX_CHARS = 2000
"""Statements are cut where the analyzer cuts them
(:data:`exercises.i_statements.analyzer.MAX_ANALYZED_CHARS`)."""

_BLIND = re.compile(r"cases_blind(\d+)\.jsonl")
UNSEEN_EVERYDAY = "cases_everyday_unseen.jsonl"
"""Everyday messages never learnt from: they measure how often the model calls
ordinary chat blame (``tests/exercises/i_statements/test_partner_cases.py``).
Every ``cases_*_unseen.jsonl`` is kept out the same way."""


def case_files(cases_dir: Path = CASES_DIR) -> tuple[list[Path], list[Path]]:
    """``(trained_on, held_out)``: the labelled files the model learns from, and
    those it leaves out: the newest blind set and every ``cases_*_unseen.jsonl``
    (:data:`UNSEEN_EVERYDAY` and the like), by name."""
    files = sorted(cases_dir.glob("cases*.jsonl"))
    blind = [(int(m.group(1)), p) for p in files if (m := _BLIND.fullmatch(p.name))]
    held = [max(blind)[1]] if blind else []
    held += [p for p in files if p.name.endswith("_unseen.jsonl")]
    return [p for p in files if p not in held], held


def load_cases(paths: list[Path]) -> list[dict[str, Any]]:
    """The labelled statements of *paths*, in order (JSON lines)."""
    out: list[dict[str, Any]] = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    return out


def fit(cases: list[dict[str, Any]]) -> tuple[Any, list[Any]]:
    """Fit the vectoriser and one regression per code of
    :data:`~exercises.i_statements.model.CODES` to *cases*.

    Returns:
        ``(vectorizer, [regression per code])``: scikit-learn's fitted
        ``TfidfVectorizer`` (over :func:`features_of` lists) and
        ``LogisticRegression`` objects.

    Raises:
        ImportError: scikit-learn is not installed (``pip install -e '.[train]'``).
        ValueError: a code has no flagged or no not-flagged statement.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=_same, min_df=MIN_STATEMENTS, binary=True, norm=None)
    matrix = vectorizer.fit_transform([features_of(c["text"]) for c in cases])
    regressions = []
    for code in M.CODES:
        rows = [i for i, c in enumerate(cases)
                if code in c["must_flag"] or code in c["must_not_flag"]]
        labels = [int(code in cases[i]["must_flag"]) for i in rows]
        if len(set(labels)) < 2:
            raise ValueError(f"{code}: needs both flagged and not-flagged statements")
        fitted = LogisticRegression(C=C, solver="lbfgs", max_iter=10_000)
        regressions.append(fitted.fit(matrix[rows], labels))
    return vectorizer, regressions


def _same(feats: list[str]) -> list[str]:
    return feats


def features_of(text: str) -> list[str]:
    """:func:`~exercises.i_statements.model.features` of *text* as :func:`analyze`
    hands them to the model (its first :data:`MAX_CHARS` characters, its own
    tokens, what the rules found)."""
    text = text[:MAX_CHARS]
    keys, found = rules_reading(text)
    return M.features(keys, text, found)


def export(vectorizer: Any, regressions: list[Any], statements: int,
           prune: float | None = None) -> dict[str, Any]:
    """The model file's content for a :func:`fit` result.

    Features whose weight times idf is below *prune* (default :data:`PRUNE`) for
    both codes are left out, except single words of a pair that is kept (the
    app numbers a pair by its two words). ``prune=0`` keeps every feature, for
    comparing with scikit-learn's own numbers.

    Returns:
        ``{"format", "codes", "threshold", "intercepts", "settings",
        "vocabulary": {feature: [idf, weight per code]}}`` (what
        :class:`~exercises.i_statements.model.CoachModel` reads); numbers rounded
        to seven significant digits.
    """
    names = vectorizer.get_feature_names_out()
    vocabulary = {
        str(name): [_round(idf), *(_round(r.coef_[0][j]) for r in regressions)]
        for j, (name, idf) in enumerate(zip(names, vectorizer.idf_, strict=True))
    }
    limit = PRUNE if prune is None else prune
    strong = {f for f, (idf, *ws) in vocabulary.items() if max(abs(idf * w) for w in ws) >= limit}
    strong |= {w for f in strong if " " in f for w in f.split(" ")}
    vocabulary = {f: row for f, row in vocabulary.items() if f in strong}
    return {
        "format": M.FORMAT,
        "codes": list(M.CODES),
        "threshold": THRESHOLD,
        "intercepts": [_round(r.intercept_[0]) for r in regressions],
        "settings": {"C": C, "min_statements": MIN_STATEMENTS, "statements": statements,
                     "prune": limit,
                     "features": "presence of the analyzer's tokens, adjacent pairs, '?' and "
                                 "'!' marks and what the rules found, each weighed by its idf"},
        "vocabulary": dict(sorted(vocabulary.items())),
    }


def _round(x: float) -> float:
    return float(f"{float(x):.7g}")


def write(data: dict[str, Any], path: Path) -> None:
    """Write the model file: JSON, one vocabulary entry per line (readable diffs)."""
    head = {k: v for k, v in data.items() if k != "vocabulary"}
    lines = [json.dumps(k, ensure_ascii=False) + ":" + json.dumps(v, separators=(",", ":"))
             for k, v in data["vocabulary"].items()]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    text += ',\n "vocabulary": {\n' + ",\n".join(lines) + "\n }\n}\n"
    path.write_text(text, encoding="utf-8")


def build(cases_dir: Path = CASES_DIR) -> dict[str, Any]:
    """The model trained on :func:`case_files`, with the file names recorded."""
    trained_on, held_out = case_files(cases_dir)
    cases = load_cases(trained_on)
    data = export(*fit(cases), statements=len(cases))
    data["trained_on"] = [p.name for p in trained_on]
    data["held_out"] = [p.name for p in held_out]
    return data


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m exercises.i_statements.training [--out PATH]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=M.MODEL_PATH)
    parser.add_argument("--cases", type=Path, default=CASES_DIR)
    args = parser.parse_args(argv)
    data = build(args.cases)
    write(data, args.out)
    print(f"{args.out}: {len(data['vocabulary'])} features from "
          f"{data['settings']['statements']} statements; held out: {', '.join(data['held_out'])}")


if __name__ == "__main__":
    main()
