"""Attune's three short self-assessments: the item banks, scoring and the
gentle descriptions of a result (docs/self_assessments.md).

Pure rules, no Django. The items live in ``exercises/data/assessments.json``
(written in Attune's own words; sources of the ideas in
``exercises/data/README.md``). Each item is answered 1 (not like me at all) to
5 (very like me); a ``reverse`` item counts as ``6 - answer``. A dimension's
score is the mean of its items (1.0–5.0, one decimal). A score is read in
three bands (:func:`band`) and described in words, never as a label,
diagnosis or grade; the numbers are kept only so their author can see their
own change over time.

The dimensions follow: attachment anxiety and avoidance as two independent
dimensions of closeness (Brennan, Clark & Shaver 1998), the parts of emotion
regulation (Gross 1998; Gratz & Roemer 2004), and the Sound Relationship
House (Gottman) with Doherty's rituals of connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exercises.engine import RuleError
from exercises.lexicon import load

KINDS = ("patterns", "regulation", "relationship_now")
"""The self-assessments, in the order they are offered."""

ANSWER_MIN, ANSWER_MAX = 1, 5
"""The answer scale (inclusive)."""

BAND_LOW_BELOW = 2.5
"""A dimension score under this reads as "less" (the lower band)."""

BAND_HIGH_FROM = 3.5
"""A dimension score from this reads as "more" (the upper band)."""


class AssessmentError(RuleError):
    code = "assessment_invalid"


class UnknownAssessment(AssessmentError):
    code = "assessment_unknown"


class AnswerMissing(AssessmentError):
    code = "assessment_answer_missing"


class AnswerOutOfRange(AssessmentError):
    code = "assessment_answer_out_of_range"


@dataclass(frozen=True, slots=True)
class Item:
    """One statement: ``id`` (stable, e.g. ``"p1"``), ``text``, the
    ``dimension`` key it counts towards, and ``reverse`` (scored 6 - answer)."""

    id: str
    text: str
    dimension: str
    reverse: bool = False


def _bank() -> dict[str, Any]:
    return load("assessments.json")


def scale() -> dict[int, str]:
    """The answer scale: ``{1: "Not like me at all", …, 5: "Very like me"}``."""
    return {int(k): v for k, v in _bank()["scale"].items()}


def practices() -> dict[str, str]:
    """Attune's practices a result can point to: ``{key: one-line title}``."""
    return dict(_bank()["practices"])


def spec(kind: str) -> dict[str, Any]:
    """The assessment ``kind`` as stored: ``{"title", "intro", "direction",
    "dimensions": {key: {"title", "less", "some", "more", "helps"}},
    "items": [...]}``. Raises UnknownAssessment. Callers must not mutate it."""
    assessments = _bank()["assessments"]
    if kind not in assessments:
        raise UnknownAssessment("There is no such self-assessment.", kind=kind)
    return assessments[kind]


def title(kind: str) -> str:
    """The assessment's title. Raises UnknownAssessment."""
    return str(spec(kind)["title"])


def items(kind: str) -> tuple[Item, ...]:
    """The statements of ``kind`` in the order they are asked. Raises UnknownAssessment."""
    return tuple(
        Item(id=i["id"], text=i["text"], dimension=i["dimension"], reverse=bool(i.get("reverse")))
        for i in spec(kind)["items"]
    )


def dimensions(kind: str) -> dict[str, str]:
    """``{dimension key: title}`` of ``kind``, in order. Raises UnknownAssessment."""
    return {key: d["title"] for key, d in spec(kind)["dimensions"].items()}


def answers_clean(kind: str, answers: dict[str, Any]) -> dict[str, int]:
    """Check ``answers`` (``{item id: 1..5}``, values may be numeric strings
    from a form) and return them as ints, one per item of ``kind``; unknown
    keys are dropped.

    Raises UnknownAssessment, AnswerMissing (``details["items"]``: the ids
    left unanswered) and AnswerOutOfRange (``details["item"]``).
    """
    clean: dict[str, int] = {}
    missing = []
    for item in items(kind):
        raw = answers.get(item.id)
        if raw is None or raw == "":
            missing.append(item.id)
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = 0
        if not ANSWER_MIN <= value <= ANSWER_MAX:
            raise AnswerOutOfRange(
                f"Choose an answer from {ANSWER_MIN} to {ANSWER_MAX}.", item=item.id
            )
        clean[item.id] = value
    if missing:
        raise AnswerMissing("Please answer every statement; there are no wrong answers.",
                            items=missing)
    return clean


def score(kind: str, answers: dict[str, Any]) -> dict[str, float]:
    """Score ``answers`` (see :func:`answers_clean`): ``{dimension key: mean
    of its items, 1.0–5.0 rounded to one decimal}``, reverse items counted as
    ``6 - answer``. Raises what :func:`answers_clean` raises."""
    clean = answers_clean(kind, answers)
    sums: dict[str, list[int]] = {key: [] for key in dimensions(kind)}
    for item in items(kind):
        value = clean[item.id]
        sums[item.dimension].append(ANSWER_MAX + ANSWER_MIN - value if item.reverse else value)
    return {key: round(sum(values) / len(values), 1) for key, values in sums.items()}


def band(value: float) -> str:
    """``"less"`` below BAND_LOW_BELOW, ``"more"`` from BAND_HIGH_FROM, else ``"some"``."""
    if value < BAND_LOW_BELOW:
        return "less"
    if value >= BAND_HIGH_FROM:
        return "more"
    return "some"


def describe(kind: str, scores: dict[str, float]) -> list[dict[str, Any]]:
    """A gentle description of ``scores`` (from :func:`score`), one entry per
    dimension in order: ``{"dimension", "title", "score", "band", "text",
    "helps": [{"key", "title"}]}``. The text describes a tendency today and
    what helps with it; it is never a label, a diagnosis or a grade.
    Dimensions missing from ``scores`` are left out. Raises UnknownAssessment."""
    known = practices()
    described = []
    for key, dim in spec(kind)["dimensions"].items():
        if key not in scores:
            continue
        value = float(scores[key])
        which = band(value)
        described.append(
            {
                "dimension": key,
                "title": dim["title"],
                "score": value,
                "band": which,
                "text": dim[which],
                "helps": [{"key": h, "title": known[h]} for h in dim["helps"] if h in known],
            }
        )
    return described
