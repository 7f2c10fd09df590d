"""Our repair list, writes: a partner saves their own marks on the repair
phrases, and an open practice session takes the change at once.

The rules (marks, the order of the picker, hidden phrases) live in
``exercises/repair_list.py`` (Gottman's Repair Checklist).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from couples.lib.relay import deliver_on_commit
from couples.models import Couple, RepairMarks, User
from couples.selectors.sessions import open_session_of
from couples.services.commands import repair_lists_apply
from exercises.repair_list import repair_marks_clean


def repair_marks_save(*, couple: Couple, user: User, marks: Any, now: float) -> dict[str, str]:
    """Replace ``user``'s marks in ``couple`` with ``marks`` (``{phrase_id:
    "welcome" | "irritating"}``; a phrase left out has no mark) and, when the
    couple has a session open, put the new list into it in the same
    transaction (``repair_lists_apply``; both partners' screens update after
    the commit). ``now`` is seconds since the epoch. Returns the cleaned marks.

    Raises the engine's InvalidChoice or UnknownRepairPhrase (nothing saved).
    """
    cleaned = repair_marks_clean(marks)
    with transaction.atomic():
        RepairMarks.objects.update_or_create(
            couple=couple, user=user, defaults={"marks": cleaned}
        )
        session = open_session_of(couple)
        if session is not None:
            deliver_on_commit(repair_lists_apply(session_id=session.pk, user_id=user.pk, now=now))
    return cleaned
