"""The boundary builder, writes: keep a boundary (sealed), share it with the
partner or a named therapist, take it back, delete it.

Coaching (``exercises.boundaries.boundary_coach``) advises and never
refuses: a person may keep a boundary in their own words. Bad input raises
``PartRequired`` or ``PartTooLong`` (``details["field"]``); sharing raises
what ``services.sharing.share_target`` raises. Then nothing changed.
"""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import PartRequired, PartTooLong
from couples.models import Boundary, BoundaryShare, User
from couples.services.sharing import share_target
from exercises.boundaries import MAX_PART_CHARS, PARTS


@sensitive_variables()
def boundary_parts_clean(*, need: str, limit: str, action: str) -> dict[str, str]:
    """The three parts stripped: ``{"need", "limit", "action"}``. Raises
    PartRequired when one is empty, PartTooLong past MAX_PART_CHARS characters."""
    clean = {"need": (need or "").strip(), "limit": (limit or "").strip(),
             "action": (action or "").strip()}
    for key, value in clean.items():
        if not value:
            raise PartRequired(f"Please fill in \u201c{PARTS[key]}\u201d.", field=key)
        if len(value) > MAX_PART_CHARS:
            raise PartTooLong(f"Please keep each part under {MAX_PART_CHARS} characters.",
                              field=key, limit=MAX_PART_CHARS)
    return clean


@sensitive_variables()
def boundary_create(*, author: User, need: str, limit: str, action: str) -> Boundary:
    """Keep a boundary for ``author`` alone (sealed). Returns it. Raises
    PartRequired, PartTooLong."""
    clean = boundary_parts_clean(need=need, limit=limit, action=action)
    return Boundary.objects.create(author=author, sealed=crypto.seal(clean))


def boundary_share(
    *, boundary: Boundary, audience: str, therapist_link_id: int | str | None = None
) -> BoundaryShare:
    """Show ``boundary`` to ``audience`` of its author's current couple (once).
    Raises what ``services.sharing.share_target`` raises."""
    couple, link_id = share_target(
        author=boundary.author, audience=audience, therapist_link_id=therapist_link_id
    )
    share, _ = BoundaryShare.objects.get_or_create(
        boundary=boundary, couple=couple, audience=audience, therapist_link_id=link_id
    )
    return share


def boundary_unshare(
    *, boundary: Boundary, audience: str, therapist_link_id: int | str | None = None
) -> bool:
    """Take a share back (rows deleted). Returns False when there was none."""
    shares = BoundaryShare.objects.filter(boundary=boundary, audience=audience)
    if audience == BoundaryShare.Audience.THERAPIST and therapist_link_id not in (None, ""):
        try:
            shares = shares.filter(therapist_link_id=int(str(therapist_link_id)))
        except ValueError:
            return False
    deleted, _ = shares.delete()
    return bool(deleted)


def boundary_delete(*, boundary: Boundary) -> None:
    """Delete ``boundary`` and its shares for good."""
    boundary.delete()
