"""Aftermath plan items, reads: what is still open for a couple."""

from __future__ import annotations

from typing import Any

from couples.models import Couple, PlanItem, User


def plan_items_open(*, couple: Couple, viewer: User) -> list[dict[str, Any]]:
    """The couple's open plan items, oldest first, as plain dicts:
    ``{"id", "kind", "text", "owner": name, "owner_is_me", "asked_by": name |
    None, "my_mark": "done" | "dropped" | None, "partner_mark": ...}``.
    Shown on the couple page and at the start of a practice session."""
    me = str(viewer.pk)
    items = (
        PlanItem.objects.filter(couple=couple, status=PlanItem.Status.OPEN)
        .select_related("owner", "asked_by")
        .order_by("created_at", "position")
    )
    return [
        {
            "id": item.pk,
            "kind": item.kind,
            "text": item.text,
            "owner": item.owner.display_name,
            "owner_is_me": item.owner_id == viewer.pk,
            "asked_by": item.asked_by.display_name if item.asked_by else None,
            "my_mark": item.marks.get(me),
            "partner_mark": next((m for pid, m in item.marks.items() if pid != me), None),
        }
        for item in items
    ]
