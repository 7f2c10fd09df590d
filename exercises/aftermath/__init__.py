"""Aftermath of a regrettable incident: going back over a fight, calmly, in turns.

After the structure of Gottman's "Aftermath of a Fight or Regrettable
Incident" (John Gottman & Julie Schwartz Gottman, Gottman Institute
materials): once both partners are calm, they process, rather than re-fight,
what happened. Both accounts can be valid at once; nobody argues about the
facts. The steps, each partner in turn (the partner chosen at the start goes
first in every step):

0. ``calm_check``: "are we both calm enough?" Both answer, in any order; a
   "not yet" offers a time-out or stopping for now
   (:mod:`exercises.aftermath.steps`).
1. ``feelings``: each names how they felt, by choosing feeling words (no
   explanation yet). The words come from the I-statement lexicon
   (:func:`exercises.lexicon.feeling_groups`, the needs-unmet groups) when
   it is available, else from ``data/repair_phrases.json``.
2. ``perspectives``: each describes their own experience (phase
   ``describe``); the other summarises and validates it ("it makes sense to
   me that… because…", phase ``validate``) without disputing it; the
   describer confirms (phase ``confirm``) or clarifies (back to
   ``validate``).
3. ``triggers``: each names what set them off.
4. ``ownership``: each owns one part of their own contribution, may
   apologise, and the other accepts the apology or says what they still
   need (:mod:`exercises.aftermath.amends`).
5. ``next_time``: each says one thing they will do differently and may ask
   one thing of the other, who accepts or adjusts it. The agreed items form
   the couple's plan (:mod:`exercises.aftermath.plan`).

Then the exercise completes with a summary both partners see. Everything is
shared between the partners; nothing here is private. The server enforces
whose turn it is (``not_your_turn``) and which step is open (``wrong_step``).
"""

from __future__ import annotations

from typing import Any

from exercises.aftermath import amends
from exercises.aftermath.plan import plan_item_mark, plan_items_from, plan_items_open
from exercises.aftermath.steps import (
    KIND,
    MAX_APOLOGY_CHARS,
    MAX_CLARIFICATION_CHARS,
    MAX_FEELINGS,
    MAX_INCIDENT_CHARS,
    MAX_NEXT_TIME_CHARS,
    MAX_OWNERSHIP_CHARS,
    MAX_PERSPECTIVE_CHARS,
    MAX_REQUEST_CHARS,
    MAX_STILL_NEED_CHARS,
    MAX_TRIGGER_CHARS,
    MAX_VALIDATION_CHARS,
    STEPS,
    TITLE,
    feeling_groups,
    picker_groups,
    summary_of,
    waiting_for,
)

__all__ = [
    "KIND", "MAX_APOLOGY_CHARS", "MAX_CLARIFICATION_CHARS", "MAX_FEELINGS",
    "MAX_INCIDENT_CHARS", "MAX_NEXT_TIME_CHARS", "MAX_OWNERSHIP_CHARS",
    "MAX_PERSPECTIVE_CHARS", "MAX_REQUEST_CHARS", "MAX_STILL_NEED_CHARS",
    "MAX_TRIGGER_CHARS", "MAX_VALIDATION_CHARS", "STEPS", "TITLE", "amends",
    "client_config", "feeling_groups", "picker_groups", "plan_item_mark", "plan_items_from",
    "plan_items_open", "summary_of", "waiting_for",
]


def client_config() -> dict[str, Any]:
    """What the live page needs (``config.aftermath`` in
    static/js/exercises/aftermath.js): ``{"feelings": picker_groups(),
    "max_feelings", "limits": {field: characters}}``."""
    return {
        "feelings": picker_groups(),
        "max_feelings": MAX_FEELINGS,
        "limits": {
            "incident": MAX_INCIDENT_CHARS,
            "perspective": MAX_PERSPECTIVE_CHARS,
            "validation": MAX_VALIDATION_CHARS,
            "clarification": MAX_CLARIFICATION_CHARS,
            "trigger": MAX_TRIGGER_CHARS,
            "ownership": MAX_OWNERSHIP_CHARS,
            "apology": MAX_APOLOGY_CHARS,
            "still_need": MAX_STILL_NEED_CHARS,
            "next_time": MAX_NEXT_TIME_CHARS,
            "request": MAX_REQUEST_CHARS,
        },
    }
