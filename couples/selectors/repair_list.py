"""Our repair list, read: one partner's marks, the couple's lists as a
session takes them, and the page a partner edits (their own marks and the
combined effect, never the partner's marks as such).
"""

from __future__ import annotations

from typing import Any

from couples.models import Membership, RepairMarks
from exercises.repair import phrase_groups
from exercises.repair_list import repair_menu


def repair_marks_of(*, couple_id: int, user_id: int) -> dict[str, str]:
    """``user_id``'s marks in the couple: ``{phrase_id: "welcome" |
    "irritating"}``, empty when they have marked nothing yet."""
    row = RepairMarks.objects.filter(couple_id=couple_id, user_id=user_id).first()
    return dict(row.marks) if row else {}


def repair_lists_of(couple_id: int) -> dict[str, dict[str, str]]:
    """The couple's repair list as ``exercises.repair_list.repair_lists_set``
    takes it: ``{partner id (str): marks}`` for the current partners (a
    former partner's marks are left out)."""
    partners = Membership.objects.filter(couple_id=couple_id).values_list("user_id", flat=True)
    rows = RepairMarks.objects.filter(couple_id=couple_id, user_id__in=list(partners))
    return {str(row.user_id): dict(row.marks) for row in rows if row.marks}


def repair_list_page(*, couple_id: int, user_id: int) -> dict[str, Any]:
    """What the repair-list page shows ``user_id``: ``{"groups": [{"intent",
    "label", "phrases": [{"id", "text", "mark": "welcome" | "irritating" |
    ""}]}], "both_welcome": [phrase text], "left_out": int}``: their own marks
    on every phrase of the checklist, the phrases both partners welcome (they
    come first in a session) and how many phrases are left out of their
    picker because the partner asked not to get them. The partner's marks
    are not shown as such."""
    lists = repair_lists_of(couple_id)
    me = str(user_id)
    mine = lists.get(me, {})
    partner = next((pid for pid in lists if pid != me), None)
    menu = repair_menu(lists, sender=me, recipient=partner or "")
    shown = {p["id"] for g in menu["groups"] for p in g["phrases"]}
    shown |= {p["id"] for p in menu["both_welcome"]}
    groups = [
        {
            **group,
            "phrases": [
                {**phrase, "mark": mine.get(phrase["id"], "")} for phrase in group["phrases"]
            ],
        }
        for group in phrase_groups()
    ]
    total = sum(len(g["phrases"]) for g in groups)
    return {
        "groups": groups,
        "both_welcome": [p["text"] for p in menu["both_welcome"]],
        "left_out": total - len(shown),
    }
