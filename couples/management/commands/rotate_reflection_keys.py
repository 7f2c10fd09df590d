"""``python manage.py rotate_reflection_keys``: re-encrypt every reflection,
kept safety check-in, self-assessment result, daily check-in, boundary,
rehearsal draft and piece of private session text (the sealed values
of ``PracticeSession.state`` and of private ``SessionEvent.events``,
``couples/lib/sealing.py``) with the first key of ``REFLECTION_KEYS``.

Rotation: put the new key first (``REFLECTION_KEYS=new,old``), restart, run
this command, then remove the old key. Rows that no configured key opens are
left untouched and counted; the command then exits with status 1, so the old
key is not dropped by mistake. Prints counts only, never content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from couples.lib import crypto
from couples.lib.sealing import SCRUBBED, value_reseal
from couples.models import (
    AssessmentResult,
    Boundary,
    DailyCheckIn,
    PracticeSession,
    PracticeSummaryPart,
    Reflection,
    Rehearsal,
    SafetyCheck,
    SessionEvent,
)
from exercises.engine import State
from exercises.private_text import private_map

BATCH_SIZE = 200

_Sealed = TypeVar(
    "_Sealed", Reflection, SafetyCheck, AssessmentResult, DailyCheckIn, Boundary, Rehearsal
)


class Command(BaseCommand):
    help = (
        "Re-encrypt reflections, safety check-ins, self-assessments, daily check-ins, "
        "boundaries, rehearsals and private session text "
        "with the first REFLECTION_KEYS key."
    )

    def handle(self, *args, **options) -> None:
        # One call per model (not a loop over both) so each is typed as itself.
        unreadable_total = (
            self._reseal(Reflection)
            + self._reseal(SafetyCheck)
            + self._reseal(AssessmentResult)
            + self._reseal(DailyCheckIn)
            + self._reseal(Boundary)
            + self._reseal(Rehearsal)
        )
        # A practice summary's shared part (empty when withheld or undecided).
        resealed, unreadable = reseal_column(
            PracticeSummaryPart, "sealed", lambda token: token and crypto.reseal(token)
        )
        unreadable_total += unreadable
        self.stdout.write(
            f"practice summary parts: {resealed} re-encrypted, {unreadable} unreadable"
        )
        json_columns: tuple[tuple[type[PracticeSession] | type[SessionEvent], str, Any], ...] = (
            (PracticeSession, "state", _state_reseal),
            (SessionEvent, "events", _events_reseal),
        )
        for json_model, field, reseal in json_columns:
            resealed, unreadable = reseal_column(json_model, field, reseal)
            unreadable_total += unreadable
            self.stdout.write(
                f"{json_model._meta.verbose_name_plural}: {resealed} re-encrypted, "
                f"{unreadable} unreadable"
            )
        if unreadable_total:
            raise CommandError(
                f"{unreadable_total} rows could not be opened with any configured key; "
                "keep the old keys until they are accounted for."
            )

    def _reseal(self, model: type[_Sealed]) -> int:
        """Re-encrypt ``model``'s rows and print the counts; returns the unreadable count."""
        resealed, unreadable = reseal_all(model)
        self.stdout.write(
            f"{model._meta.verbose_name_plural}: {resealed} re-encrypted, "
            f"{unreadable} unreadable"
        )
        return unreadable


def reseal_all(model: type[_Sealed]) -> tuple[int, int]:
    """Re-encrypt ``model.sealed`` on every row with the first key (see
    :func:`reseal_column`, which does the batching). Returns ``(re-encrypted,
    unreadable)`` row counts."""
    return reseal_column(model, "sealed", crypto.reseal)


def _state_reseal(state: State) -> State:
    return private_map(state, value_reseal)


def _events_reseal(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**event, "data": value_reseal(event["data"])}
        if event.get("private_to") is not None and not event.get(SCRUBBED)
        else event
        for event in events
    ]


def reseal_column(
    model: type[
        Reflection
        | SafetyCheck
        | AssessmentResult
        | DailyCheckIn
        | Boundary
        | Rehearsal
        | PracticeSession
        | SessionEvent
        | PracticeSummaryPart
    ],
    field: str,
    reseal: Callable[[Any], Any],
) -> tuple[int, int]:
    """Re-encrypt column ``field`` of every ``model`` row with
    ``reseal(value) -> value``: a sealed token (reflections, check-ins,
    results, boundaries, drafts) or the sealed values inside a JSON column
    (session states and events; plain private values left from before
    migration 0005 are sealed on the way).
    Batches of BATCH_SIZE rows, each in one transaction; a row whose value is
    unchanged is not written. Raises nothing for a value no key opens
    (``crypto.Unreadable``): it is counted. Returns ``(rows re-encrypted,
    unreadable rows)``."""
    resealed = unreadable = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", field)[:BATCH_SIZE]
            )
            if not rows:
                return resealed, unreadable
            changed: list[Any] = []
            for row in rows:
                before = getattr(row, field)
                try:
                    after = reseal(before)
                except crypto.Unreadable:
                    unreadable += 1
                    continue
                if after != before:
                    setattr(row, field, after)
                    changed.append(row)
            model.objects.bulk_update(changed, [field])
            resealed += len(changed)
            last_pk = rows[-1].pk
