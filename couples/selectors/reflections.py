"""The reflection log, read: a person's own entries (opened for their author
only), what the partner or the therapist was shown, search, and the mood
chart (docs/architecture.md, "Privacy and safety").

A reflection is readable by its author alone: every read of sealed text goes
through this module, which opens it for the author only. Reads never write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import DomainError, ExerciseNotFound, SessionNotFound
from couples.models import Couple, PracticeSession, Reflection, ReflectionShare, User
from couples.selectors.sessions import session_for_participant
from couples.selectors.space import couple_of
from couples.selectors.therapy import active_links
from exercises import engine

MAX_TEXT_CHARS = 5_000
"""Longest reflection text (characters, after stripping)."""


MAX_TAGS = 10
"""Most tags on one reflection."""


MAX_TAG_CHARS = 30
"""Longest tag (characters, after stripping)."""


MOODS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
"""Mood scale (1–5) and its words."""


PROMPTS = (
    "What did I feel during this exercise?",
    "What did I learn about my partner?",
    "What will I try next time?",
)
"""Gentle prompts offered after an exercise; answering any of them is optional."""


AUDIENCES = {
    ReflectionShare.Audience.PARTNER: "your partner",
    ReflectionShare.Audience.THERAPIST: "your therapist",
}
"""Who a single reflection can be shared with, and how the author reads it."""


@dataclass(frozen=True, slots=True)
class ReflectionEntry:
    """A reflection opened for its reader. ``text`` and ``tags`` are left out
    of ``repr`` so that a stray log line or traceback cannot carry them.

    ``shared_with`` lists audiences (``"partner"``, ``"therapist"``);
    ``therapists`` names the therapists it is shared with;
    ``unreadable`` is True when no configured key opens the entry (then
    ``text`` is empty); ``exercise_title`` is the exercise it follows, if any.
    """

    public_id: str
    created_at: datetime
    mood: int | None
    text: str = field(repr=False)
    tags: tuple[str, ...] = field(repr=False)
    exercise_title: str = ""
    session_public_id: str | None = None
    shared_with: tuple[str, ...] = ()
    therapists: tuple[str, ...] = ()
    author_name: str = ""
    unreadable: bool = False

    @property
    def mood_label(self) -> str:
        return MOODS.get(self.mood, "") if self.mood else ""

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "created_at" (ISO 8601), "mood", "text", "tags",
        "exercise", "session", "shared_with"}`` for exports and dashboards."""
        return {
            "id": self.public_id,
            "created_at": self.created_at.isoformat(),
            "mood": self.mood,
            "text": self.text,
            "tags": list(self.tags),
            "exercise": self.exercise_title or None,
            "session": self.session_public_id,
            "shared_with": list(self.shared_with),
        }


def _exercise_link(
    author: User, session_public_id: str | None, exercise_index: int | str | None
) -> tuple[PracticeSession | None, int | None, str]:
    if not session_public_id:
        if exercise_index not in (None, ""):
            raise SessionNotFound("That exercise is not part of one of your sessions.")
        return None, None, ""
    session = session_for_participant(public_id=session_public_id, user=author)
    if session is None or engine.role_of(session.state, str(author.pk)) != engine.PARTNER:
        raise SessionNotFound("That practice session is not one of yours.")
    if exercise_index is None or exercise_index == "":
        return session, None, ""
    try:
        index = int(exercise_index)
    except (TypeError, ValueError):
        index = -1
    completed = session.state.get("completed", [])
    if not 0 <= index < len(completed):
        raise ExerciseNotFound("That exercise is not part of this session.")
    return session, index, completed[index]["kind"]


def reflection_of_author(*, public_id: Any, user: User) -> Reflection | None:
    """The reflection with ``public_id`` if ``user`` wrote it, else None: a
    reflection of someone else and a missing one give the same answer."""
    if not user.is_authenticated:
        return None
    try:
        return Reflection.objects.select_related("session").get(public_id=public_id, author=user)
    except (Reflection.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


@sensitive_variables()
def reflection_entry(reflection: Reflection, *, author_name: str = "") -> ReflectionEntry:
    """Open ``reflection`` into a :class:`ReflectionEntry`. Callers check the
    reader may see it (its author, or an audience it is shared with)."""
    try:
        body = crypto.unseal(reflection.sealed)
        text, tags, unreadable = body["text"], tuple(body.get("tags", ())), False
    except crypto.Unreadable:
        text, tags, unreadable = "", (), True
    shares = reflection.shares.all()  # prefetched by the list selectors
    return ReflectionEntry(
        public_id=str(reflection.public_id),
        created_at=reflection.created_at,
        mood=reflection.mood,
        text=text,
        tags=tags,
        exercise_title=_exercise_title(reflection.exercise_kind),
        session_public_id=(
            str(reflection.session.public_id) if reflection.session is not None else None
        ),
        shared_with=tuple(sorted({s.audience for s in shares})),
        therapists=tuple(
            sorted(s.therapist_link.therapist.display_name for s in shares if s.therapist_link)
        ),
        author_name=author_name,
        unreadable=unreadable,
    )


def _exercise_title(kind: str) -> str:
    spec = engine.EXERCISES.get(kind) if kind else None
    return spec.title if spec else ""


def _entries(queryset: QuerySet[Reflection], **extra: Any) -> list[ReflectionEntry]:
    rows = queryset.select_related("session", "author").prefetch_related(_SHARES)
    return [reflection_entry(r, **extra) for r in rows]


_SHARES = "shares__therapist_link__therapist"
"""What to prefetch so an entry can name the therapists it is shared with."""


@sensitive_variables()
def reflections_search(
    *,
    author: User,
    query: str = "",
    tag: str = "",
    mood: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[ReflectionEntry]:
    """The author's reflections, newest first, filtered.

    ``mood``, ``since`` and ``until`` (inclusive dates, in the current time
    zone) filter in the database; ``query`` (words that must all appear,
    ignoring case) and ``tag`` (one tag, ignoring case) filter in Python
    after opening the author's own entries, since text and tags are
    encrypted. Filters left empty do not filter.
    """
    rows = Reflection.objects.filter(author=author)
    if mood:
        rows = rows.filter(mood=mood)
    if since:
        rows = rows.filter(created_at__gte=_day_start(since))
    if until:
        rows = rows.filter(created_at__lt=_day_start(until, days_after=1))
    entries = _entries(rows)
    words = query.casefold().split()
    if words:
        entries = [e for e in entries if all(w in e.text.casefold() for w in words)]
    wanted = tag.strip().lstrip("#").strip().casefold()
    if wanted:
        entries = [e for e in entries if wanted in (t.casefold() for t in e.tags)]
    return entries


def _day_start(day: date, *, days_after: int = 0) -> datetime:
    start = datetime.combine(day, datetime.min.time())
    start = timezone.make_aware(start, timezone.get_current_timezone())
    return start + timedelta(days=days_after)


def reflections_of_author(author: User) -> list[ReflectionEntry]:
    """Every reflection ``author`` wrote, newest first (for exports)."""
    return _entries(Reflection.objects.filter(author=author))


def _shared_in_couple(couple: Couple, audience: str) -> QuerySet[Reflection]:
    # Only entries written in this couple, by someone who is still a partner
    # in it: a former partner's entries leave with them.
    return Reflection.objects.filter(
        couple=couple, shares__audience=audience, author__membership__couple=couple
    )


def reflections_shared_with_partner(user: User) -> list[ReflectionEntry]:
    """Reflections the other partner of ``user``'s couple shares with them,
    newest first, each with ``author_name``. Empty outside a couple."""
    couple = couple_of(user)
    if couple is None:
        return []
    rows = _shared_in_couple(couple, ReflectionShare.Audience.PARTNER).exclude(author=user)
    rows = rows.select_related("session", "author").prefetch_related(_SHARES)
    return [reflection_entry(r, author_name=r.author.display_name) for r in rows]


def reflections_shared_by(user: User) -> list[ReflectionEntry]:
    """The reflections ``user`` shares with anyone, newest first (so they can
    see what is shared with whom)."""
    return _entries(Reflection.objects.filter(author=user, shares__isnull=False).distinct())


def reflections_shared_with_therapist(couple: Couple, *, therapist: User) -> list[dict[str, Any]]:
    """What the couple's partners share with ``therapist`` (shares made for
    their link with the couple, not ended), newest first, as plain dicts:
    ``ReflectionEntry.as_dict()`` plus ``"author"`` (the partner's display
    name). A therapist linked later sees nothing shared with another one.

    For the therapist dashboard, which checks the therapist link and logs the
    view; entries of a partner who left the couple are never included.
    """
    rows = (
        _shared_in_couple(couple, ReflectionShare.Audience.THERAPIST)
        .filter(
            shares__therapist_link__therapist=therapist,
            shares__therapist_link__couple=couple,
            shares__therapist_link__ended_at=None,
        )
        .distinct()
        .select_related("session", "author")
        .prefetch_related(_SHARES)
    )
    found = []
    for row in rows:
        entry = reflection_entry(row, author_name=row.author.display_name)
        if not entry.unreadable:
            found.append({**entry.as_dict(), "author": entry.author_name})
    return found


def sharing_choices(reflection: Reflection) -> list[dict[str, Any]]:
    """Whom the author can show ``reflection`` to, for its share screen:
    ``[{"audience", "label", "therapist_link" (int | None), "shared"}]`` —
    the partner, then each therapist actively linked to the entry's couple,
    named (``"your therapist, Dr Rivera"``). Empty outside a couple."""
    if reflection.couple_id is None:
        return []
    shares = list(reflection.shares.all())
    choices: list[dict[str, Any]] = [
        {
            "audience": ReflectionShare.Audience.PARTNER,
            "label": AUDIENCES[ReflectionShare.Audience.PARTNER],
            "therapist_link": None,
            "shared": any(s.audience == ReflectionShare.Audience.PARTNER for s in shares),
        }
    ]
    links = active_links().filter(couple_id=reflection.couple_id).select_related("therapist")
    for link in links.order_by("created_at"):
        choices.append(
            {
                "audience": ReflectionShare.Audience.THERAPIST,
                "label": f"{AUDIENCES[ReflectionShare.Audience.THERAPIST]}, "
                f"{link.therapist.display_name}",
                "therapist_link": link.pk,
                "shared": any(s.therapist_link_id == link.pk for s in shares),
            }
        )
    return choices


def reflection_context(
    *, user: User, session_public_id: str | None, exercise_index: str | None
) -> dict[str, Any] | None:
    """What a new reflection would follow: ``{"session", "exercise_index",
    "exercise_title", "session_date"}``, or None when the link is unknown or
    not ``user``'s (then the form simply has no link)."""
    if not session_public_id:
        return None
    try:
        session, index, _kind = _exercise_link(user, session_public_id, exercise_index)
    except DomainError:
        return None
    assert session is not None  # a session_public_id is given: found, or DomainError raised
    return {
        "session": str(session.public_id),
        "exercise_index": index,
        "exercise_title": session.state["completed"][index]["title"] if index is not None else "",
        "session_date": session.created_at,
        "session_open": session.status == PracticeSession.Status.OPEN,
    }


class MoodPoint(Protocol):
    """Anything with a time and a mood: a reflection entry or a daily
    check-in (``selectors/checkins.CheckInEntry``)."""

    @property
    def created_at(self) -> datetime: ...

    @property
    def mood(self) -> int | None: ...


CHART_WIDTH = 480


CHART_HEIGHT = 220


_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 92, 18, 14, 34


def mood_chart(entries: Iterable[MoodPoint]) -> dict[str, Any] | None:
    """A line chart of mood over time, as numbers an SVG template draws:
    reflections and daily check-ins alike (anything with ``created_at`` and
    ``mood``).

    Returns None with no moods; else ``{"width", "height", "points"
    (SVG polyline "x,y x,y"), "dots": [{"x", "y", "mood", "label", "date"}],
    "grid": [{"y", "label"}], "x_from", "x_to", "label_x", "axis_y", "first",
    "last", "count", "average"}``. Coordinates are SVG user units; x is proportional to time.
    """
    marked = sorted((e for e in entries if e.mood), key=lambda e: e.created_at)
    if not marked:
        return None
    plot_w = CHART_WIDTH - _PAD_LEFT - _PAD_RIGHT
    plot_h = CHART_HEIGHT - _PAD_TOP - _PAD_BOTTOM
    t0 = marked[0].created_at.timestamp()
    span = marked[-1].created_at.timestamp() - t0

    def x_of(entry: MoodPoint) -> float:
        if span <= 0:
            return _PAD_LEFT + plot_w / 2
        return _PAD_LEFT + (entry.created_at.timestamp() - t0) / span * plot_w

    def y_of(mood: int) -> float:
        return _PAD_TOP + (5 - mood) / 4 * plot_h

    moods = [(e, e.mood) for e in marked if e.mood]  # all of them: typed as int
    dots = [
        {
            "x": round(x_of(e), 1),
            "y": round(y_of(mood), 1),
            "mood": mood,
            "label": MOODS[mood],
            "date": timezone.localtime(e.created_at),
        }
        for e, mood in moods
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "grid": [{"y": round(y_of(m), 1), "label": MOODS[m]} for m in sorted(MOODS, reverse=True)],
        "x_from": _PAD_LEFT,
        "label_x": _PAD_LEFT - 8,
        "x_to": CHART_WIDTH - _PAD_RIGHT,
        "axis_y": CHART_HEIGHT - _PAD_BOTTOM + 18,
        "first": dots[0]["date"],
        "last": dots[-1]["date"],
        "count": len(dots),
        "average": round(sum(mood for _, mood in moods) / len(dots), 1),
    }


def reflections_count_of(author: User) -> int:
    """How many reflections ``author`` keeps (for the account page; no text is opened)."""
    return Reflection.objects.filter(author=author).count()
