"""Coaching of a boundary and of a solo rehearsal, on the I-statement analyzer.

A boundary has three parts (what I need, where my limit is, what I will do
if it is crossed). Coached like an I-statement (Gottman's gentle start-up,
Rosenberg's needs and requests, through :func:`exercises.i_statements.analyzer.analyze`):
no blame, no absolutes, no insults; and, as boundary work teaches (a boundary
says what *I* will do, it does not order the other person about), no demand
on the partner ("you must …") and an action that is my own ("I will …").

Pure functions, no Django; nothing here stores anything.
"""

from __future__ import annotations

import re
from typing import Any

from exercises.i_statements.analyzer import analyze

PARTS = {
    "need": "What I need",
    "limit": "Where my limit is",
    "action": "What I will do if it is crossed",
}
"""The three parts of a boundary, in order, with their titles."""

MAX_PART_CHARS = 500
"""Longest part of a boundary (characters, after stripping)."""

MAX_REHEARSAL_CHARS = 1000
"""Longest rehearsal text (characters, after stripping); the analyzer's limit."""

_DEMAND = re.compile(
    r"\byou\s+(?:must|have\s+to|need\s+to|should|had\s+better|better|are\s+going\s+to|will)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'll|i’ll|me|my|myself)\b", re.IGNORECASE)

DEMAND_NOTE = (
    "This reads as an order to your partner. A boundary says what you need and what you "
    "will do; try \"I need …\" or \"I will …\" instead of \"you must …\"."
)
ACTION_NOT_MINE_NOTE = (
    "The last part works best as something you will do yourself, for example "
    "\"I will take a twenty-minute break and come back\"."
)


def _analyzer_notes(text: str) -> list[dict[str, Any]]:
    """The analyzer's notes on ``text`` without the ``missing_*`` ones (a
    boundary is not a full I-statement): ``[{"codes", "message", "words"}]``."""
    notes = []
    for note in analyze(text).notes:
        codes = [c for c in note.codes if not c.startswith("missing_")]
        if not codes:
            continue
        notes.append({"codes": codes, "message": note.message, "words": text[note.start:note.end]})
    return notes


def boundary_coach(*, need: str, limit: str, action: str) -> dict[str, Any]:
    """Coach a boundary's three parts (plain strings, may be empty).

    Returns ``{"parts": {part: [{"codes", "message", "words"}]}, "clear":
    bool, "preview": str}``: per part the notes found (analyzer findings such
    as blame or absolutes, plus ``"demand"`` for an order given to the
    partner and, on ``action``, ``"action_not_mine"`` when it names no act
    of one's own); ``clear`` is True when every part is written and no note
    was found; ``preview`` joins the parts in Attune's wording.
    """
    values = {"need": need.strip(), "limit": limit.strip(), "action": action.strip()}
    parts: dict[str, list[dict[str, Any]]] = {}
    for key, text in values.items():
        notes = _analyzer_notes(text) if text else []
        demand = _DEMAND.search(text)
        if demand:
            notes.append({"codes": ["demand"], "message": DEMAND_NOTE, "words": demand.group(0)})
        if key == "action" and text and not _FIRST_PERSON.search(text):
            notes.append({"codes": ["action_not_mine"], "message": ACTION_NOT_MINE_NOTE,
                          "words": ""})
        parts[key] = notes
    clear = all(values.values()) and not any(parts.values())
    return {"parts": parts, "clear": clear, "preview": boundary_preview(**values)}


def boundary_preview(*, need: str, limit: str, action: str) -> str:
    """The boundary as one short text: each written part on its own line,
    prefixed by its title ("What I need: …")."""
    lines = [f"{PARTS[key]}: {value.strip()}"
             for key, value in (("need", need), ("limit", limit), ("action", action))
             if value.strip()]
    return "\n".join(lines)


def rehearsal_coach(text: str) -> dict[str, Any]:
    """Coach a rehearsal of a hard conversation: ``analyze(text)`` reduced to
    ``{"notes": [{"codes", "message", "words"}], "is_i_statement": bool,
    "suggestion": str}`` (``missing_*`` notes kept: a rehearsal aims at a
    full I-statement), plus ``"demand"`` notes. ``text`` is cut to
    MAX_REHEARSAL_CHARS characters before analysis."""
    text = text[:MAX_REHEARSAL_CHARS]
    result = analyze(text)
    notes = [
        {"codes": list(n.codes), "message": n.message, "words": text[n.start:n.end]}
        for n in result.notes
    ]
    demand = _DEMAND.search(text)
    if demand:
        notes.append({"codes": ["demand"], "message": DEMAND_NOTE, "words": demand.group(0)})
    return {
        "notes": notes,
        "is_i_statement": result.is_i_statement and not demand,
        "suggestion": result.suggestion,
    }
