"""Where a share of one private item goes (an assessment result, a
boundary): the author's current couple, and for a therapist the one active
link named (docs/architecture.md, "Privacy and safety"; the same rules as a
reflection share, couples/services/reflections.py).
"""

from __future__ import annotations

from couples.lib.errors import (
    NoCoupleToShareWith,
    NoTherapistToShareWith,
    TherapistChoiceRequired,
    UnknownAudience,
)
from couples.models import Couple, User
from couples.selectors.sharing import AUDIENCES
from couples.selectors.space import couple_of
from couples.selectors.therapy import active_links


def share_target(
    *, author: User, audience: str, therapist_link_id: int | str | None = None
) -> tuple[Couple, int | None]:
    """Return ``(couple, therapist link id or None)`` for a share by
    ``author`` with ``audience`` (``"partner"`` or ``"therapist"``).

    The couple is the author's current one: an item written before a
    partner joined stays private until its author shares it here. A
    therapist share names one of the couple's active links
    (``therapist_link_id``; may be left out when there is exactly one).

    Raises UnknownAudience, NoCoupleToShareWith (no couple yet),
    NoTherapistToShareWith (no such active link) and
    TherapistChoiceRequired (several links, none named).
    """
    if audience not in AUDIENCES:
        raise UnknownAudience("Choose your partner or your therapist.")
    couple = couple_of(author)
    if couple is None:
        raise NoCoupleToShareWith(
            "You are practising on your own for now, so there is no one to share with yet."
        )
    if audience == "partner":
        return couple, None
    links = sorted(active_links().filter(couple=couple).values_list("pk", flat=True))
    if therapist_link_id is not None and therapist_link_id != "":
        try:
            link_id = int(therapist_link_id)
        except (TypeError, ValueError):
            link_id = -1
        if link_id not in links:
            raise NoTherapistToShareWith("That therapist is not linked to your couple space.")
        return couple, link_id
    if not links:
        raise NoTherapistToShareWith(
            "No therapist is linked to your couple space with both partners' consent."
        )
    if len(links) > 1:
        raise TherapistChoiceRequired("Choose which therapist to share it with.", choices=links)
    return couple, links[0]
