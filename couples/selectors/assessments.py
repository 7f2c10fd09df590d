"""Self-assessment results, read: one's own (opened for their author only),
what the partner or a therapist was shown, and the chart of one's own
results over time (docs/self_assessments.md; docs/architecture.md,
"Privacy and safety").

Results are readable by their author alone; every read of sealed answers
goes through this module. Nothing here ever puts two people's results side
by side: the chart draws one person's own results. Reads never write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import AssessmentResult, AssessmentShare, Couple, User
from couples.selectors.sharing import share_choices
from couples.selectors.space import couple_of
from exercises import assessments


@dataclass(frozen=True, slots=True)
class ResultEntry:
    """One result opened for its reader. ``scores`` and ``described`` are
    left out of ``repr`` so a stray log line cannot carry them.

    ``described`` is :func:`exercises.assessments.describe` (the gentle
    words, one entry per dimension); ``shared_with`` lists audiences;
    ``therapists`` names the therapists it is shared with; ``unreadable`` is
    True when no configured key opens it (then ``scores`` is empty).
    """

    public_id: str
    kind: str
    title: str
    created_at: datetime
    scores: dict[str, float] = field(repr=False)
    described: list[dict[str, Any]] = field(repr=False)
    shared_with: tuple[str, ...] = ()
    therapists: tuple[str, ...] = ()
    author_name: str = ""
    unreadable: bool = False

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "assessment", "title", "created_at" (ISO 8601), "scores",
        "description": [{"title", "text"}], "shared_with"}`` for exports."""
        return {
            "id": self.public_id,
            "assessment": self.kind,
            "title": self.title,
            "created_at": self.created_at.isoformat(),
            "scores": dict(self.scores),
            "description": [{"title": d["title"], "text": d["text"]} for d in self.described],
            "shared_with": list(self.shared_with),
        }


def result_of_author(*, public_id: Any, user: User) -> AssessmentResult | None:
    """The result with ``public_id`` if ``user`` took it, else None (someone
    else's result and a missing one give the same answer)."""
    if not user.is_authenticated:
        return None
    try:
        return AssessmentResult.objects.get(public_id=public_id, author=user)
    except (AssessmentResult.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


_SHARES = "shares__therapist_link__therapist"

LOOK_UP = -1
"""``couple_id`` default of the entry functions: look the author's couple up."""


@sensitive_variables()
def result_entry(
    result: AssessmentResult, *, author_name: str = "", couple_id: int | None = LOOK_UP
) -> ResultEntry:
    """Open ``result`` into a :class:`ResultEntry`. Callers check that the
    reader may see it (its author, or an audience it is shared with).

    ``couple_id`` is the author's current couple (None: none), which the
    shares listed must belong to; left out, it is looked up."""
    try:
        body = crypto.unseal(result.sealed)
        scores = {k: float(v) for k, v in body["scores"].items()}
        unreadable = False
    except crypto.Unreadable:
        scores, unreadable = {}, True
    if couple_id == LOOK_UP:
        couple_id = _current_couple_id(result.author_id)
    shares = [s for s in result.shares.all() if couple_id and s.couple_id == couple_id]
    return ResultEntry(
        public_id=str(result.public_id),
        kind=result.kind,
        title=assessments.title(result.kind),
        created_at=result.created_at,
        scores=scores,
        described=assessments.describe(result.kind, scores),
        shared_with=tuple(sorted({s.audience for s in shares})),
        therapists=tuple(
            sorted(s.therapist_link.therapist.display_name for s in shares if s.therapist_link)
        ),
        author_name=author_name,
        unreadable=unreadable,
    )


def _current_couple_id(user_id: int) -> int | None:
    user = User.objects.filter(pk=user_id).first()
    couple = couple_of(user) if user is not None else None
    return couple.pk if couple else None


def results_of_author(author: User, *, kind: str | None = None) -> list[ResultEntry]:
    """``author``'s results, newest first; only of ``kind`` when given."""
    rows = AssessmentResult.objects.filter(author=author)
    if kind:
        rows = rows.filter(kind=kind)
    couple = couple_of(author)
    couple_id = couple.pk if couple else None
    return [result_entry(r, couple_id=couple_id) for r in rows.prefetch_related(_SHARES)]


def _shared_in(couple: Couple, audience: str) -> QuerySet[AssessmentResult]:
    # Only shares made in this couple by someone who is still a partner in it.
    return AssessmentResult.objects.filter(
        shares__couple=couple, shares__audience=audience, author__membership__couple=couple
    )


def results_shared_with_partner(user: User) -> list[ResultEntry]:
    """Results the other partner of ``user``'s couple shares with them, newest
    first, each with ``author_name``. Empty outside a couple."""
    couple = couple_of(user)
    if couple is None:
        return []
    rows = (
        _shared_in(couple, AssessmentShare.Audience.PARTNER)
        .exclude(author=user)
        .distinct()
        .select_related("author")
        .prefetch_related(_SHARES)
    )
    return [
        result_entry(r, author_name=r.author.display_name, couple_id=couple.pk) for r in rows
    ]


def results_shared_with_therapist(couple: Couple, *, therapist: User) -> list[dict[str, Any]]:
    """What the couple's partners share with ``therapist`` (shares made for
    their active link with the couple), newest first, as
    ``ResultEntry.as_dict()`` plus ``"author"``. For the therapist page,
    which checks the link and logs the view."""
    rows = (
        _shared_in(couple, AssessmentShare.Audience.THERAPIST)
        .filter(
            shares__therapist_link__therapist=therapist,
            shares__therapist_link__couple=couple,
            shares__therapist_link__ended_at=None,
        )
        .distinct()
        .select_related("author")
        .prefetch_related(_SHARES)
    )
    found = []
    for row in rows:
        entry = result_entry(row, author_name=row.author.display_name, couple_id=couple.pk)
        if not entry.unreadable:
            found.append({**entry.as_dict(), "author": entry.author_name,
                          "described": entry.described})
    return found


def result_sharing_choices(result: AssessmentResult, *, author: User) -> list[dict[str, Any]]:
    """Whom ``author`` can show ``result`` to (see ``selectors.sharing.share_choices``)."""
    return share_choices(couple_of(author), result.shares.all())


def results_count_of(author: User) -> int:
    """How many results ``author`` keeps (no answers are opened)."""
    return AssessmentResult.objects.filter(author=author).count()


CHART_WIDTH = 480


CHART_HEIGHT = 220


_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 40, 18, 14, 34


def results_chart(entries: Iterable[ResultEntry], *, kind: str) -> dict[str, Any] | None:
    """One person's own results of ``kind`` over time, as numbers an SVG
    template draws (the reflection mood chart's way, selectors/reflections.py).

    Returns None with no readable result; else ``{"width", "height",
    "series": [{"dimension", "title", "index" (0-based, for the line style),
    "points" ("x,y x,y"), "dots": [{"x", "y", "score", "date"}]}],
    "grid": [{"y", "label"}], "x_from", "x_to", "label_x", "axis_y",
    "first", "last", "count"}``. y runs from 1 (bottom) to 5 (top); x is
    proportional to time (SVG user units). Never mixes two people's results:
    callers pass one author's entries.
    """
    marked = sorted(
        (e for e in entries if e.kind == kind and not e.unreadable), key=lambda e: e.created_at
    )
    if not marked:
        return None
    plot_w = CHART_WIDTH - _PAD_LEFT - _PAD_RIGHT
    plot_h = CHART_HEIGHT - _PAD_TOP - _PAD_BOTTOM
    t0 = marked[0].created_at.timestamp()
    span = marked[-1].created_at.timestamp() - t0

    def x_of(entry: ResultEntry) -> float:
        if span <= 0:
            return _PAD_LEFT + plot_w / 2
        return _PAD_LEFT + (entry.created_at.timestamp() - t0) / span * plot_w

    def y_of(value: float) -> float:
        return _PAD_TOP + (5 - value) / 4 * plot_h

    series = []
    for index, (key, dim_title) in enumerate(assessments.dimensions(kind).items()):
        dots = [
            {
                "x": round(x_of(e), 1),
                "y": round(y_of(e.scores[key]), 1),
                "score": e.scores[key],
                "date": timezone.localtime(e.created_at),
            }
            for e in marked
            if key in e.scores
        ]
        series.append(
            {
                "dimension": key,
                "title": dim_title,
                "index": index,
                "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
                "dots": dots,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "series": series,
        "grid": [{"y": round(y_of(v), 1), "label": str(v)} for v in (5, 4, 3, 2, 1)],
        "x_from": _PAD_LEFT,
        "label_x": _PAD_LEFT - 8,
        "x_to": CHART_WIDTH - _PAD_RIGHT,
        "axis_y": CHART_HEIGHT - _PAD_BOTTOM + 18,
        "first": timezone.localtime(marked[0].created_at),
        "last": timezone.localtime(marked[-1].created_at),
        "count": len(marked),
    }
