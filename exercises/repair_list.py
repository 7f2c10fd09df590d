"""Our repair list: the repair phrases each partner would welcome, and the
ones that would irritate them.

Gottman's Repair Checklist (John Gottman, *The Relationship Cure*) is meant
to be gone through together while calm, before it is needed: each partner
says which repair attempts would reach them and which would land badly.
Attune keeps the result in the couple space (both partners see it and can
change it at any time) and uses it in every practice session:

* the phrases **both** partners welcome come first in the repair picker;
* a phrase the recipient marked as irritating is hidden from the sender, and
  ``repair_send`` refuses it (``phrase_hidden``) should it be sent anyway.

A partner's marks are ``{phrase_id: "welcome" | "irritating"}``; a phrase
without a mark is neither. The phrase ids are those of
``data/repair_phrases.json`` (:mod:`exercises.repair`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exercises.engine import (
    PARTNER,
    Event,
    InvalidChoice,
    PartnerId,
    State,
    Step,
    per_viewer_state,
    role_of,
)
from exercises.repair import UnknownRepairPhrase, phrase_groups, phrase_ids

MARKS = ("welcome", "irritating")


def repair_marks_clean(marks: Any) -> dict[str, str]:
    """Check one partner's marks and return them as a plain dict in checklist
    order: ``{phrase_id: "welcome" | "irritating"}``.

    Raises InvalidChoice (not a mapping of strings, or a mark other than
    "welcome"/"irritating"; ``details.field`` is ``"marks"``),
    UnknownRepairPhrase (``details.phrase_id``).
    """
    if not isinstance(marks, Mapping):
        raise InvalidChoice("Mark each phrase as welcome or irritating.", field="marks")
    known = phrase_ids()
    for phrase_id, mark in marks.items():
        if not isinstance(phrase_id, str) or phrase_id not in known:
            raise UnknownRepairPhrase("That phrase is not on the list.", phrase_id=phrase_id)
        if mark not in MARKS:
            raise InvalidChoice("Mark a phrase as welcome or irritating.", field="marks",
                                choices=list(MARKS), phrase_id=phrase_id)
    order = [p["id"] for g in phrase_groups() for p in g["phrases"]]
    return {pid: marks[pid] for pid in order if pid in marks}


def repair_menu(
    lists: Mapping[PartnerId, Mapping[str, str]], *, sender: PartnerId, recipient: PartnerId
) -> dict[str, Any]:
    """The repair picker ``sender`` sees: ``{"both_welcome": [phrase], "groups":
    [{"intent", "label", "phrases": [phrase]}]}``. ``both_welcome`` lists, in
    checklist order, the phrases both partners marked "welcome" (each phrase
    ``{"id", "text", "intent", ...}``); ``groups`` holds every other phrase
    except those ``recipient`` marked "irritating". ``lists`` maps each partner
    to their marks (missing partners have none)."""
    mine, theirs = lists.get(sender, {}), lists.get(recipient, {})
    both: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    for group in phrase_groups():
        rest = []
        for phrase in group["phrases"]:
            if theirs.get(phrase["id"]) == "irritating":
                continue
            if mine.get(phrase["id"]) == "welcome" and theirs.get(phrase["id"]) == "welcome":
                both.append({**phrase, "intent": group["intent"]})
            else:
                rest.append(phrase)
        if rest:
            groups.append({**group, "phrases": rest})
    return {"both_welcome": both, "groups": groups}


def repair_lists_set(
    state: State, lists: Mapping[PartnerId, Mapping[str, str]]
) -> tuple[State, Step]:
    """Put the couple's repair list into a session (at its start, and whenever
    the couple changes it). Not a client command: the service layer calls it
    with marks already cleaned by :func:`repair_marks_clean`. Returns
    ``(next_state, events)`` with the version raised by one, or ``(state, [])``
    unchanged when the lists are the same."""
    cleaned = {pid: dict(lists.get(pid, {})) for pid in state["partners"]}
    if state.get("repair_lists") == cleaned:
        return state, []
    next_state = {**state, "repair_lists": cleaned, "version": state["version"] + 1}
    return next_state, [Event("repair_list_updated", {"partners": sorted(cleaned)})]


@per_viewer_state("repair_lists")
def repair_list_view(state: State, viewer: PartnerId) -> dict[str, Any]:
    """What ``viewer`` sees of the couple's repair list in a session: a
    partner gets ``{"repair_menu": repair_menu(...)}`` as sender to the other
    partner (the combined effect only: which phrases both welcome, which are
    left out); a facilitator gets nothing. Neither partner's marks are
    shown as such (engine.view leaves ``repair_lists`` out)."""
    if role_of(state, viewer) != PARTNER:
        return {}
    recipient = next(p for p in state["partners"] if p != viewer)
    return {
        "repair_menu": repair_menu(state["repair_lists"], sender=viewer, recipient=recipient)
    }
