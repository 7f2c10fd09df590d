"""Boundaries, read: one's own (opened for their author only) and what a
partner or therapist was shown (docs/architecture.md, "Privacy and safety").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import Boundary, BoundaryShare, Couple, User
from couples.selectors.sharing import share_choices
from couples.selectors.space import couple_of
from exercises.boundaries import boundary_preview


@dataclass(frozen=True, slots=True)
class BoundaryEntry:
    """A boundary opened for its reader; the three parts stay out of ``repr``."""

    public_id: str
    created_at: datetime
    need: str = field(repr=False)
    limit: str = field(repr=False)
    action: str = field(repr=False)
    shared_with: tuple[str, ...] = ()
    therapists: tuple[str, ...] = ()
    author_name: str = ""
    unreadable: bool = False

    @property
    def preview(self) -> str:
        return boundary_preview(need=self.need, limit=self.limit, action=self.action)

    def as_dict(self) -> dict[str, Any]:
        """``{"id", "created_at", "need", "limit", "action", "shared_with"}`` for exports."""
        return {
            "id": self.public_id,
            "created_at": self.created_at.isoformat(),
            "need": self.need,
            "limit": self.limit,
            "action": self.action,
            "shared_with": list(self.shared_with),
        }


def boundary_of_author(*, public_id: Any, user: User) -> Boundary | None:
    """The boundary with ``public_id`` if ``user`` wrote it, else None."""
    if not user.is_authenticated:
        return None
    try:
        return Boundary.objects.get(public_id=public_id, author=user)
    except (Boundary.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


_SHARES = "shares__therapist_link__therapist"

LOOK_UP = -1
"""``couple_id`` default of the entry functions: look the author's couple up."""


@sensitive_variables()
def boundary_entry(
    row: Boundary, *, author_name: str = "", couple_id: int | None = LOOK_UP
) -> BoundaryEntry:
    """Open ``row``; the caller checks that the reader may see it.
    ``couple_id``: the author's current couple (None: none), which the
    shares listed must belong to; left out, it is looked up."""
    try:
        body = crypto.unseal(row.sealed)
        need, limit, action, unreadable = body["need"], body["limit"], body["action"], False
    except crypto.Unreadable:
        need = limit = action = ""
        unreadable = True
    if couple_id == LOOK_UP:
        couple = couple_of(row.author)
        couple_id = couple.pk if couple else None
    shares = [s for s in row.shares.all() if couple_id and s.couple_id == couple_id]
    return BoundaryEntry(
        public_id=str(row.public_id), created_at=row.created_at,
        need=need, limit=limit, action=action,
        shared_with=tuple(sorted({s.audience for s in shares})),
        therapists=tuple(
            sorted(s.therapist_link.therapist.display_name for s in shares if s.therapist_link)
        ),
        author_name=author_name, unreadable=unreadable,
    )


def boundaries_of_author(author: User) -> list[BoundaryEntry]:
    """``author``'s boundaries, newest first."""
    couple = couple_of(author)
    couple_id = couple.pk if couple else None
    rows = Boundary.objects.filter(author=author).prefetch_related(_SHARES)
    return [boundary_entry(r, couple_id=couple_id) for r in rows]


def _shared_in(couple: Couple, audience: str) -> QuerySet[Boundary]:
    return Boundary.objects.filter(
        shares__couple=couple, shares__audience=audience, author__membership__couple=couple
    )


def boundaries_shared_with_partner(user: User) -> list[BoundaryEntry]:
    """Boundaries the other partner of ``user``'s couple shares with them."""
    couple = couple_of(user)
    if couple is None:
        return []
    rows = (
        _shared_in(couple, BoundaryShare.Audience.PARTNER).exclude(author=user).distinct()
        .select_related("author").prefetch_related(_SHARES)
    )
    return [boundary_entry(r, author_name=r.author.display_name, couple_id=couple.pk) for r in rows]


def boundaries_shared_with_therapist(couple: Couple, *, therapist: User) -> list[dict[str, Any]]:
    """What the couple's partners share with ``therapist`` on their active
    link, as ``BoundaryEntry.as_dict()`` plus ``"author"``."""
    rows = (
        _shared_in(couple, BoundaryShare.Audience.THERAPIST)
        .filter(
            shares__therapist_link__therapist=therapist,
            shares__therapist_link__couple=couple,
            shares__therapist_link__ended_at=None,
        )
        .distinct().select_related("author").prefetch_related(_SHARES)
    )
    found = []
    for row in rows:
        entry = boundary_entry(row, author_name=row.author.display_name, couple_id=couple.pk)
        if not entry.unreadable:
            found.append({**entry.as_dict(), "author": entry.author_name})
    return found


def boundary_sharing_choices(boundary: Boundary, *, author: User) -> list[dict[str, Any]]:
    """Whom ``author`` can show ``boundary`` to (``selectors.sharing.share_choices``)."""
    return share_choices(couple_of(author), boundary.shares.all())


def boundaries_count_of(author: User) -> int:
    """How many boundaries ``author`` keeps (nothing sealed is opened)."""
    return Boundary.objects.filter(author=author).count()
