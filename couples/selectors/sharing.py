"""Whom one private item (an assessment result, a boundary) can be shown to:
the partner and each therapist actively linked to the author's couple
(docs/architecture.md, "Privacy and safety"; the reflection share rules).

Reads only. ``selectors/therapy.py`` decides which links are active.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from couples.models import Couple
from couples.selectors.therapy import active_links

AUDIENCES = {"partner": "your partner", "therapist": "your therapist"}
"""Who one item can be shared with, as its author reads it."""


class ShareRow(Protocol):
    """What a share row offers here (``AssessmentShare``, ``BoundaryShare``)."""

    audience: str
    couple_id: int
    therapist_link_id: int | None


def share_choices(couple: Couple | None, shares: Iterable[ShareRow]) -> list[dict[str, Any]]:
    """The share screen's choices for an item whose author is in ``couple``:
    ``[{"audience", "label", "therapist_link" (int | None), "shared"}]`` —
    the partner, then each therapist actively linked to ``couple``, named.
    ``shares`` are the item's share rows; only those made in ``couple``
    count. Empty outside a couple."""
    if couple is None:
        return []
    mine = [s for s in shares if s.couple_id == couple.pk]
    choices: list[dict[str, Any]] = [
        {
            "audience": "partner",
            "label": AUDIENCES["partner"],
            "therapist_link": None,
            "shared": any(s.audience == "partner" for s in mine),
        }
    ]
    links = active_links().filter(couple=couple).select_related("therapist").order_by("created_at")
    for link in links:
        choices.append(
            {
                "audience": "therapist",
                "label": f"{AUDIENCES['therapist']}, {link.therapist.display_name}",
                "therapist_link": link.pk,
                "shared": any(s.therapist_link_id == link.pk for s in mine),
            }
        )
    return choices
