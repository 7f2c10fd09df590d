"""Ritual planning: agreeing on rituals of connection, live.

Gottman & Silver, *The Seven Principles for Making Marriage Work* (Principle
7, "Create shared meaning"): small, recurring, agreed moments of connection
(a daily check-in, a reunion after work, a weekly date, ...) keep a couple
turned toward each other. Here the partners propose rituals by kind
(data/ritual_kinds.json), edit each other's proposals, and a ritual becomes
*agreed* only when both have accepted the same version of it.

A proposal is a flat dict::

    {"id": "r1", "revision": 1, "status": "open" | "agreed" | "withdrawn",
     "proposed_by": pid, "edited_by": pid, "accepted_by": [pid, ...],
     "agreed_at": seconds | None,
     "kind", "title", "details", "roles",            # what, and who does what
     "frequency": "daily" | "weekly" | "monthly" | "yearly",
     "weekdays": ["MO", ...], "month": 1-12 | None, "month_day": 1-31 | None,
     "time": "HH:MM", "duration_minutes": int, "timezone": IANA name}

Monthly and yearly rhythms (Principle 7 names rituals around anniversaries,
holidays and celebrations; the annual review is Attune's yearly counterpart
of the weekly state-of-the-relationship meeting): a monthly ritual falls on
day ``month_day`` (1 to 28, so that it happens every month); a yearly one on
``month_day`` of ``month`` (29 February happens in leap years only, as RFC
5545 says). :func:`recurrence_rule` gives the RFC 5545 ``RRULE`` parts.

Rules, in one place:

* Every change to a proposal's fields raises its ``revision`` by one and
  clears every acceptance but the editor's: the other partner is asked again.
* ``ritual_accept`` names the revision the partner saw; any other revision is
  refused (``revision_stale``), so nobody ever accepts a version they did not
  see, even when the two partners' commands race (the session's row lock and
  version check serialise them; this check makes the meaning explicit).
* Proposing or editing counts as accepting what you proposed (or edited):
  ``accepted_by`` starts as ``[proposer]`` (or ``[editor]``), and the proposal
  is agreed when the other partner accepts that revision.
* Once both have accepted, the proposal is *agreed* (event ``ritual_agreed``)
  and settled for this session: it can no longer be edited or withdrawn here.
  The Django side stores it as a ``Ritual`` of the couple at that moment
  (``couples.services.rituals.rituals_persist_agreed``), so an agreement survives even
  if the exercise is stopped; later changes happen in the couple space.
* Only the partner who proposed a ritual can withdraw it (the other partner
  simply does not accept it, or edits it).
* ``ritual_planning_finish`` completes the exercise once at least one ritual
  is agreed; the summary lists the agreed rituals.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    InvalidChoice,
    PartnerId,
    RuleError,
    State,
    Step,
    clean_text,
    command,
    exercise,
)
from exercises.session_flow import exercise_complete

KIND = "ritual_planning"

MAX_TITLE_CHARS = 80
MAX_DETAILS_CHARS = 600
"""What exactly happens (characters)."""
MAX_ROLES_CHARS = 300
"""Who does what (characters)."""
MIN_DURATION_MINUTES = 1
MAX_DURATION_MINUTES = 480
MAX_PROPOSALS = 20
"""Proposals in one exercise, withdrawn ones included (bounds the state)."""

FREQUENCIES = ("daily", "weekly", "monthly", "yearly")
MONTHLY_MAX_DAY = 28
"""A monthly ritual's day of the month: at most 28, so it happens every month."""
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
"""Longest length of each month (a leap year's February)."""
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545 ``BYDAY`` codes, Monday first (the order of ``date.weekday()``)."""
FIELDS = (
    "kind",
    "title",
    "details",
    "roles",
    "frequency",
    "weekdays",
    "month",
    "month_day",
    "time",
    "duration_minutes",
    "timezone",
)
"""The fields a partner proposes and edits. ``month`` and ``month_day`` may be
left out (``None``) except for monthly and yearly rituals."""

_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


class UnknownProposal(RuleError):
    code = "unknown_proposal"


class RevisionStale(RuleError):
    code = "revision_stale"


class ProposalWithdrawn(RuleError):
    code = "proposal_withdrawn"


class RitualAlreadyAgreed(RuleError):
    code = "ritual_already_agreed"


class AlreadyAccepted(RuleError):
    code = "already_accepted"


class NothingChanged(RuleError):
    code = "nothing_changed"


class NotProposer(RuleError):
    code = "not_proposer"


class TooManyProposals(RuleError):
    code = "too_many_proposals"


class NoRitualAgreed(RuleError):
    code = "no_ritual_agreed"


class InvalidTimeZone(RuleError):
    code = "invalid_time_zone"


class InvalidTimeOfDay(RuleError):
    code = "invalid_time_of_day"


class InvalidDuration(RuleError):
    code = "invalid_duration"


class InvalidWeekdays(RuleError):
    code = "invalid_weekdays"


class InvalidMonth(RuleError):
    code = "invalid_month"


class InvalidMonthDay(RuleError):
    code = "invalid_month_day"


# --- the kinds of rituals ----------------------------------------------------------


@cache
def ritual_kinds() -> tuple[dict[str, Any], ...]:
    """Return the kinds of rituals of connection from data/ritual_kinds.json:
    ``({"id", "title", "explanation", "suggested": {frequency, weekdays, time,
    duration_minutes}}, ...)`` in the order they are offered."""
    raw = resources.files("exercises").joinpath("data/ritual_kinds.json").read_text("utf-8")
    return tuple(json.loads(raw)["kinds"])


def ritual_kind_title(kind: str) -> str:
    """Return the title of ``kind`` (the id itself if it is unknown)."""
    return next((k["title"] for k in ritual_kinds() if k["id"] == kind), kind)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def time_zone_names() -> tuple[str, ...]:
    """Every IANA time zone name known here, sorted (for pickers)."""
    return tuple(sorted(_time_zones()))


def time_zone_check(name: Any) -> str:
    """Return ``name`` if it is an IANA time zone (``"Europe/Paris"``).

    Raises InvalidTimeZone otherwise (zoneinfo decides; no path tricks, no
    abbreviations such as ``"CEST"``).
    """
    if not isinstance(name, str) or name not in _time_zones():
        raise InvalidTimeZone(
            "That is not a time zone we know. Please write one such as Europe/Paris "
            "or America/New_York.",
            field="timezone",
        )
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidTimeZone("That time zone is not known here.", field="timezone") from exc
    return name


def ritual_fields_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check one complete set of ritual fields and return them cleaned.

    ``values`` holds the names in :data:`FIELDS` (``month`` and ``month_day``
    may be missing). Returns a dict with exactly those keys: texts stripped,
    ``weekdays`` in Monday-first order without repeats (``[]`` unless weekly),
    ``month`` only for a yearly ritual and ``month_day`` only for a monthly or
    yearly one (else ``None``). Also used by the couple space
    to edit an agreed ritual, so one set of rules applies everywhere.

    Raises InvalidChoice (``kind``, ``frequency``), TextRequired / TextTooLong
    (``title`` ≤ 80, ``details`` ≤ 600, ``roles`` ≤ 300 characters),
    InvalidWeekdays (a weekly ritual needs at least one known day),
    InvalidMonth (yearly: a whole number 1 to 12), InvalidMonthDay (monthly:
    1 to 28; yearly: a day that month has),
    InvalidTimeOfDay (``"HH:MM"``, 24-hour), InvalidDuration (a whole number
    of minutes, 1–480), InvalidTimeZone. Each error's ``details["field"]``
    names the field.
    """
    kind = values.get("kind")
    if kind not in {k["id"] for k in ritual_kinds()}:
        raise InvalidChoice(
            "Please choose a kind of ritual.",
            field="kind",
            choices=[k["id"] for k in ritual_kinds()],
        )
    title = clean_text(values, "title", limit=MAX_TITLE_CHARS)
    details = clean_text(values, "details", limit=MAX_DETAILS_CHARS)
    roles = clean_text(values, "roles", limit=MAX_ROLES_CHARS)
    frequency = values.get("frequency")
    if frequency not in FREQUENCIES:
        raise InvalidChoice(
            "Choose daily, weekly, monthly or yearly.", field="frequency",
            choices=list(FREQUENCIES),
        )
    weekdays = _weekdays_clean(values.get("weekdays"), frequency)
    month, month_day = _month_day_clean(values, frequency)
    time = values.get("time")
    if not isinstance(time, str) or not _TIME_OF_DAY.fullmatch(time):
        raise InvalidTimeOfDay("Please give a time of day such as 19:30.", field="time")
    duration = values.get("duration_minutes")
    if (
        not isinstance(duration, int)
        or isinstance(duration, bool)
        or not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES
    ):
        raise InvalidDuration(
            f"Please give a length between {MIN_DURATION_MINUTES} and "
            f"{MAX_DURATION_MINUTES} minutes.",
            field="duration_minutes",
            minimum=MIN_DURATION_MINUTES,
            maximum=MAX_DURATION_MINUTES,
        )
    return {
        "kind": kind,
        "title": title,
        "details": details,
        "roles": roles,
        "frequency": frequency,
        "weekdays": weekdays,
        "month": month,
        "month_day": month_day,
        "time": time,
        "duration_minutes": duration,
        "timezone": time_zone_check(values.get("timezone")),
    }


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _month_day_clean(values: Mapping[str, Any], frequency: str) -> tuple[int | None, int | None]:
    """``(month, month_day)`` for ``frequency``; ``(None, None)`` for daily and
    weekly rituals. Raises InvalidMonth, InvalidMonthDay."""
    if frequency in ("daily", "weekly"):
        return None, None
    month = None
    if frequency == "yearly":
        month = _whole(values.get("month"))
        if month is None or not 1 <= month <= 12:
            raise InvalidMonth("Choose the month it falls in.", field="month")
    day = _whole(values.get("month_day"))
    longest = MONTHLY_MAX_DAY if month is None else DAYS_IN_MONTH[month - 1]
    if day is None or not 1 <= day <= longest:
        raise InvalidMonthDay(
            f"Choose a day of the month from 1 to {longest}.", field="month_day",
            minimum=1, maximum=longest,
        )
    return month, day


def recurrence_rule(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The RFC 5545 ``RRULE`` of cleaned ritual ``fields``, as the parts the
    ``icalendar`` library takes: ``{"freq": "DAILY"}``, ``{"freq": "WEEKLY",
    "byday": ["MO", ...]}``, ``{"freq": "MONTHLY", "bymonthday": [day]}`` or
    ``{"freq": "YEARLY", "bymonth": [month], "bymonthday": [day]}``."""
    frequency = fields["frequency"]
    rule: dict[str, Any] = {"freq": frequency.upper()}
    if frequency == "weekly":
        rule["byday"] = list(fields["weekdays"])
    if frequency == "yearly":
        rule["bymonth"] = [fields["month"]]
    if frequency in ("monthly", "yearly"):
        rule["bymonthday"] = [fields["month_day"]]
    return rule


def _weekdays_clean(raw: Any, frequency: str) -> list[str]:
    if frequency != "weekly":
        return []
    if not isinstance(raw, list | tuple) or not raw:
        raise InvalidWeekdays("Choose at least one day of the week.", field="weekdays")
    if any(day not in WEEKDAYS for day in raw):
        raise InvalidWeekdays(
            "Days are written MO, TU, WE, TH, FR, SA or SU.", field="weekdays"
        )
    return [day for day in WEEKDAYS if day in raw]


# --- the exercise ------------------------------------------------------------------


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """No options: the partners start with no proposals."""
    return {"kind": KIND, "proposals": [], "next_id": 1}, []


def _view(exercise_state: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared: proposals are made to be seen by both. Drafts of
    a proposal stay on the writer's device until sent."""
    return dict(exercise_state)


exercise(ExerciseSpec(KIND, "Rituals of connection", _start, _view))


def _fields_of(proposal: Mapping[str, Any]) -> dict[str, Any]:
    return {name: proposal.get(name) for name in FIELDS}


def _proposal(ex: dict[str, Any], payload: Mapping[str, Any]) -> dict[str, Any]:
    """The proposal named by ``payload["proposal_id"]``. Raises UnknownProposal."""
    wanted = payload.get("proposal_id")
    for proposal in ex["proposals"]:
        if proposal["id"] == wanted:
            return proposal
    raise UnknownProposal("That proposal is not part of this exercise.", proposal_id=wanted)


def _require_open(proposal: dict[str, Any]) -> None:
    if proposal["status"] == "withdrawn":
        raise ProposalWithdrawn(
            "That proposal has been withdrawn.", proposal_id=proposal["id"]
        )
    if proposal["status"] == "agreed":
        raise RitualAlreadyAgreed(
            "You have both agreed on this ritual already. You can change it later in "
            "your couple space.",
            proposal_id=proposal["id"],
        )


def _require_revision(proposal: dict[str, Any], payload: Mapping[str, Any]) -> None:
    if payload.get("revision") != proposal["revision"]:
        raise RevisionStale(
            "This proposal changed since you looked at it. Please read the latest "
            "version first.",
            proposal_id=proposal["id"],
            revision=proposal["revision"],
        )


def _public(proposal: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``proposal`` for an event (no list shared with the state)."""
    return {
        **proposal,
        "accepted_by": list(proposal["accepted_by"]),
        "weekdays": list(proposal["weekdays"]),
    }


@command("ritual_propose", exercise=KIND)
def ritual_propose(state: State, cmd: Command) -> Step:
    """A partner proposes a ritual: every field of :data:`FIELDS` (see
    :func:`ritual_fields_clean` for the rules). The proposal starts at
    revision 1, accepted by the proposer (``accepted_by == [proposer]``):
    proposing counts as accepting; the other partner's acceptance agrees it.

    Raises TooManyProposals past MAX_PROPOSALS, and what
    :func:`ritual_fields_clean` raises.
    """
    ex = state["exercise"]
    if len(ex["proposals"]) >= MAX_PROPOSALS:
        raise TooManyProposals(
            f"That is {MAX_PROPOSALS} proposals already. Settle some before adding more."
        )
    fields = ritual_fields_clean(cmd.payload)
    proposal = {
        "id": f"r{ex['next_id']}",
        "revision": 1,
        "status": "open",
        "proposed_by": cmd.actor,
        "edited_by": cmd.actor,
        "accepted_by": [cmd.actor],
        "agreed_at": None,
        **fields,
    }
    ex["next_id"] += 1
    ex["proposals"].append(proposal)
    return [Event("ritual_proposed", {"by": cmd.actor, "proposal": _public(proposal)})]


@command("ritual_edit", exercise=KIND)
def ritual_edit(state: State, cmd: Command) -> Step:
    """Either partner changes an open proposal: ``proposal_id``, the
    ``revision`` they edited, and any of :data:`FIELDS` (the rest stay).

    The revision goes up by one and every acceptance is cleared except the
    editor's (editing counts as accepting the new version), so the other
    partner is asked again; ``acceptances_cleared`` lists who must answer
    again. Raises UnknownProposal, ProposalWithdrawn,
    RitualAlreadyAgreed, RevisionStale (the proposal changed meanwhile),
    NothingChanged (the edit changes no field), and what
    :func:`ritual_fields_clean` raises (nothing changes then).
    """
    ex = state["exercise"]
    proposal = _proposal(ex, cmd.payload)
    _require_open(proposal)
    _require_revision(proposal, cmd.payload)
    before = _fields_of(proposal)
    after = ritual_fields_clean(
        {**before, **{name: cmd.payload[name] for name in FIELDS if name in cmd.payload}}
    )
    changed = [name for name in FIELDS if after[name] != before[name]]
    if not changed:
        raise NothingChanged(
            "That version is the same as the current one.", proposal_id=proposal["id"]
        )
    cleared = [pid for pid in proposal["accepted_by"] if pid != cmd.actor]
    proposal.update(after)
    proposal["revision"] += 1
    proposal["edited_by"] = cmd.actor
    proposal["accepted_by"] = [cmd.actor]
    return [
        Event(
            "ritual_edited",
            {
                "by": cmd.actor,
                "proposal": _public(proposal),
                "changed": changed,
                "acceptances_cleared": cleared,
            },
        )
    ]


@command("ritual_accept", exercise=KIND, independent=True)
def ritual_accept(state: State, cmd: Command) -> Step:
    """A partner accepts revision ``revision`` of proposal ``proposal_id``.

    When both partners have accepted the current revision, the proposal is
    agreed: a ``ritual_agreed`` event carries the whole agreed proposal (the
    Django side stores it). Raises UnknownProposal, ProposalWithdrawn,
    RitualAlreadyAgreed, RevisionStale (any revision but the current one),
    AlreadyAccepted.
    """
    ex = state["exercise"]
    proposal = _proposal(ex, cmd.payload)
    _require_open(proposal)
    _require_revision(proposal, cmd.payload)
    if cmd.actor in proposal["accepted_by"]:
        raise AlreadyAccepted(
            "You have accepted this version already; your partner's answer is awaited.",
            proposal_id=proposal["id"],
        )
    proposal["accepted_by"].append(cmd.actor)
    events = [
        Event(
            "ritual_accepted",
            {"by": cmd.actor, "proposal_id": proposal["id"], "revision": proposal["revision"]},
        )
    ]
    if set(proposal["accepted_by"]) == set(state["partners"]):
        proposal["status"] = "agreed"
        proposal["agreed_at"] = cmd.now
        events.append(Event("ritual_agreed", {"proposal": _public(proposal)}))
    return events


@command("ritual_withdraw", exercise=KIND)
def ritual_withdraw(state: State, cmd: Command) -> Step:
    """The partner who proposed ``proposal_id`` takes it back.

    Raises UnknownProposal, ProposalWithdrawn, RitualAlreadyAgreed,
    NotProposer (only the proposer withdraws; the other partner can edit it
    or leave it unaccepted).
    """
    ex = state["exercise"]
    proposal = _proposal(ex, cmd.payload)
    _require_open(proposal)
    if cmd.actor != proposal["proposed_by"]:
        raise NotProposer(
            "Only the partner who proposed this ritual can withdraw it. You can edit it "
            "or leave it unaccepted.",
            proposal_id=proposal["id"],
        )
    proposal["status"] = "withdrawn"
    proposal["accepted_by"] = []
    return [
        Event(
            "ritual_withdrawn",
            {"by": cmd.actor, "proposal_id": proposal["id"], "title": proposal["title"]},
        )
    ]


@command("ritual_planning_finish", exercise=KIND)
def ritual_planning_finish(state: State, cmd: Command) -> Step:
    """Either partner completes the exercise once at least one ritual is
    agreed. The summary is ``{"agreed": [agreed proposals], "not_agreed":
    number of open proposals left}``; open proposals are dropped.

    Raises NoRitualAgreed (stop the exercise instead to leave without one).
    """
    ex = state["exercise"]
    agreed = [_public(p) for p in ex["proposals"] if p["status"] == "agreed"]
    if not agreed:
        raise NoRitualAgreed(
            "No ritual is agreed yet. Accept one together first, or stop the exercise."
        )
    summary = {
        "agreed": agreed,
        "not_agreed": sum(1 for p in ex["proposals"] if p["status"] == "open"),
        "finished_by": cmd.actor,
    }
    return [exercise_complete(state, finished=True, summary=summary)]
