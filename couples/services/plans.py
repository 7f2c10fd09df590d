"""Aftermath plan items, writes: storing what an aftermath conversation
agreed (in the command's transaction) and each partner's mark on an item.

The rules (what an item is, when it is settled) live in
``exercises/aftermath/plan.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from couples.lib.errors import PlanItemNotFound
from couples.models import Membership, PlanItem, User
from exercises.aftermath import KIND as AFTERMATH
from exercises.aftermath.plan import plan_item_mark as plan_rule_mark


def plan_items_persist(
    *, couple_id: int, session_id: int, events: Iterable[dict[str, Any]]
) -> list[PlanItem]:
    """Store the plan of every finished aftermath among ``events``
    (``exercise_completed`` with ``summary["plan"]``) as open
    :class:`PlanItem` rows of the couple.

    Called by ``couples.services.commands`` inside the command's transaction.
    Idempotent per ``(session, position)``. Returns the items created.
    """
    created = []
    for event in events:
        data = event.get("data") or {}
        if event.get("type") != "exercise_completed" or data.get("kind") != AFTERMATH:
            continue
        for position, item in enumerate((data.get("summary") or {}).get("plan") or []):
            row, was_created = PlanItem.objects.get_or_create(
                source_session_id=session_id,
                position=position,
                defaults={
                    "couple_id": couple_id,
                    "kind": item["kind"],
                    "owner_id": int(item["owner"]),
                    "asked_by_id": int(item["asked_by"]) if item.get("asked_by") else None,
                    "text": item["text"],
                },
            )
            if was_created:
                created.append(row)
    return created


def plan_item_mark(*, item_id: int, user: User, mark: Any) -> PlanItem:
    """``user`` marks a plan item of their couple ``"done"``, ``"dropped"``,
    or ``"open"`` (takes their mark back); when both partners agree it is
    settled and leaves the lists.

    Raises PlanItemNotFound (no such item in the user's couple: the same
    answer for another couple's), and the rule errors of
    ``exercises.aftermath.plan.plan_item_mark`` (``invalid_choice``,
    ``plan_item_settled``); nothing is written then.
    """
    with transaction.atomic():
        # The row lock keeps two partners marking at once from losing a mark.
        item = (
            PlanItem.objects.select_for_update()
            .filter(pk=item_id, couple__memberships__user=user)
            .first()
        )
        if item is None:
            raise PlanItemNotFound("That item is not in your plan.")
        partners = [
            str(pk)
            for pk in Membership.objects.filter(couple_id=item.couple_id)
            .order_by("pk")
            .values_list("user_id", flat=True)
        ]
        rule_item = {"marks": item.marks, "status": item.status}
        after = plan_rule_mark(rule_item, partner=str(user.pk), partners=partners, mark=mark)
        item.marks = after["marks"]
        item.status = after["status"]
        item.settled_at = timezone.now() if item.status != PlanItem.Status.OPEN else None
        item.save(update_fields=["marks", "status", "settled_at"])
    return item
