"""The plan an aftermath conversation leaves behind, and how it is settled.

Step 5 of the aftermath (:mod:`exercises.aftermath.amends`) ends with what
each partner will do differently and the requests the other accepted or
adjusted. These *plan items* outlive the session: they come back at the
start of the couple's next practice session and on the couple page, so the
promise is not forgotten, until **both** partners mark an item done, or both
drop it. Each partner's mark can be changed (or taken back) until then; when
the two marks differ the item stays, showing both.

An item is a flat dict::

    {"kind": "do_differently" | "request", "owner": pid, "asked_by": pid | None,
     "text": str, "marks": {pid: "done" | "dropped"}, "status": "open" | "done" | "dropped"}

``owner`` is the partner who will do it; ``asked_by`` is the partner who
asked it (requests only). Pure functions, no storage: the Django side keeps
the items in the couple space and calls these rules.
"""

from __future__ import annotations

from typing import Any

from exercises.engine import InvalidChoice, NotAParticipant, PartnerId, RuleError

MARKS = ("done", "dropped", "open")
"""What a partner can say of an item; ``"open"`` takes their mark back."""
KINDS = ("do_differently", "request")


class PlanItemSettled(RuleError):
    code = "plan_item_settled"


def plan_items_from(ex: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan items agreed in an aftermath exercise state ``ex``: for each
    partner in turn order, what they will do differently, then the request
    they made as their partner accepted or adjusted it. All start open."""
    first, second = ex["order"]
    items: list[dict[str, Any]] = []
    for pid in (first, second):
        other = second if pid == first else first
        if ex["next_time"].get(pid):
            items.append(_item("do_differently", pid, None, ex["next_time"][pid]))
        request = ex["requests"].get(pid)
        if request and request.get("agreed"):
            items.append(_item("request", other, pid, request["agreed"]))
    return items


def _item(kind: str, owner: PartnerId, asked_by: PartnerId | None, text: str) -> dict[str, Any]:
    return {"kind": kind, "owner": owner, "asked_by": asked_by, "text": text,
            "marks": {}, "status": "open"}


def plan_item_mark(
    item: dict[str, Any], *, partner: PartnerId, partners: list[PartnerId], mark: Any
) -> dict[str, Any]:
    """Return a copy of ``item`` with ``partner``'s ``mark`` (``"done"``,
    ``"dropped"``, or ``"open"`` to take a mark back) and its new status:
    ``"done"`` when both partners marked it done, ``"dropped"`` when both
    dropped it, else ``"open"``. ``item`` itself is not changed.

    Raises NotAParticipant (not one of ``partners``), InvalidChoice (another
    mark), PlanItemSettled (the item is already done or dropped).
    """
    if partner not in partners:
        raise NotAParticipant("Only the two partners settle their plan.")
    if mark not in MARKS:
        raise InvalidChoice("Mark it done, dropped, or still open.", field="mark",
                            choices=list(MARKS))
    if item["status"] != "open":
        raise PlanItemSettled("You have both settled this one already.", status=item["status"])
    marks = {pid: m for pid, m in item["marks"].items() if pid != partner}
    if mark != "open":
        marks[partner] = mark
    values = {marks.get(pid) for pid in partners}
    status = values.pop() if len(values) == 1 and None not in values else "open"
    return {**item, "marks": marks, "status": status}


def plan_items_open(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items still to be shown (status ``"open"``), in their order."""
    return [item for item in items if item["status"] == "open"]
