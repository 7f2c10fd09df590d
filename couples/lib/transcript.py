"""The shared transcript of a practice session, as lines a person reads.

Built from the public events of the session's event log (events private to
one partner are never part of it), so it shows what was said within the
exercises, repair attempts and time-outs, and what was agreed. Every line is
plain data; templates escape it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from exercises import engine
from exercises.boundaries import PARTS as BOUNDARY_PARTS

Line = dict[str, Any]
"""``{"seq", "at", "kind": "heading"|"said"|"note", "who": str, "label": str,
"text": str, "items": [str]}``"""


Names = Mapping[str, str]


def _who(names: Names, key: Any) -> str:
    return names.get(str(key), "Former partner") if key is not None else ""


def _said(who: str, label: str, text: str | None, aloud: str = "said aloud") -> dict[str, Any]:
    return {"kind": "said", "who": who, "label": label, "text": text or f"({aloud})"}


def _note(text: str) -> dict[str, Any]:
    return {"kind": "note", "text": text}


def _minutes_seconds(seconds: Any) -> str:
    """``"2:05"`` for 125 seconds."""
    total = int(seconds or 0)
    return f"{total // 60}:{total % 60:02d}"


_STRESS_MOVES = {
    "understand": "showed understanding",
    "your_side": "took your side",
    "us_against": "us against the world",
    "affection": "affection",
}
"""How each listener move of the stress-reducing conversation reads."""


FORMATS: dict[str, Callable[[dict[str, Any], Names], dict[str, Any] | None]] = {
    # session
    "exercise_started": lambda d, n: {"kind": "heading", "text": d["title"]},
    "exercise_completed": lambda d, n: (
        _note("Exercise complete." if d.get("finished") else "Exercise stopped.")
    ),
    "session_ended": lambda d, n: _note("The session ended."),
    "facilitator_joined": lambda d, n: (
        _note(f"{_who(n, d.get('facilitator'))} (therapist) joined.")
    ),
    "session_paused": lambda d, n: _note(f"{_who(n, d.get('by'))} paused the session."),
    "session_resumed": lambda d, n: _note(f"{_who(n, d.get('by'))} resumed the session."),
    "facilitator_prompted": lambda d, n: (
        _said(_who(n, d.get("by")), "therapist's prompt", d.get("text"))
    ),
    # active listening
    "floor_taken": lambda d, n: _note(f"{_who(n, d.get('speaker'))} takes the floor."),
    "floor_passed": lambda d, n: _note(f"The floor passes to {_who(n, d.get('speaker'))}."),
    "statement_made": lambda d, n: _said(_who(n, d.get("speaker")), "speaker", d.get("text")),
    "paraphrase_given": lambda d, n: _said(_who(n, d.get("listener")), "paraphrase", d.get("text")),
    "paraphrase_confirmed": lambda d, n: _note(f"{_who(n, d.get('speaker'))}: “That's it.”"),
    # Spoken mode: the tap said "Not quite" and the correction was said aloud.
    "paraphrase_corrected": lambda d, n: (
        _said(_who(n, d.get("speaker")), "correction", d.get("text"))
        if d.get("text")
        else _note(f"{_who(n, d.get('speaker'))}: “Not quite.” (the correction was said aloud)")
    ),
    "closing_started": lambda d, n: {
        "kind": "list",
        "text": "Each partner writes one line of what they understood. Talk time:",
        "items": [
            f"{_who(n, k)}: {v.get('pieces', 0)} piece(s), "
            f"{_minutes_seconds(v.get('floor_seconds', 0))} on the floor"
            for k, v in (d.get("talk_time") or {}).items()
        ],
    },
    "clarification_asked": lambda d, n: _said(
        _who(n, d.get("listener")), "clarifying question", d.get("text")
    ),
    "clarification_answered": lambda d, n: _said(
        _who(n, d.get("speaker")), "answer", d.get("text")
    ),
    "listening_pause_called": lambda d, n: _note(
        f"{_who(n, d.get('by'))} called a short pause of {d.get('minutes')} minute(s)."
    ),
    "listening_pause_ended": lambda d, n: _note("The short pause ended."),
    "understandings_revealed": lambda d, n: {
        "kind": "list",
        "text": "What each of you understood:",
        "items": [f"{_who(n, k)}: {v}" for k, v in d.get("understandings", {}).items()],
    },
    # I-statements
    "i_statement_round_started": lambda d, n: (
        _note(f"{_who(n, d.get('writer'))} writes an I-statement.")
    ),
    "i_statement_shared": lambda d, n: (
        _said(_who(n, d.get("writer")), "I-statement", d.get("text"))
    ),
    "i_statement_paraphrased": lambda d, n: (
        _said(_who(n, d.get("listener")), "paraphrase", d.get("text"))
    ),
    "i_statement_paraphrase_confirmed": lambda d, n: (
        _note(f"{_who(n, d.get('writer'))}: “That's it.”")
    ),
    "i_statement_paraphrase_corrected": lambda d, n: (
        _said(_who(n, d.get("writer")), "correction", d.get("text"))
    ),
    "i_statement_offered": lambda d, n: (
        _said(_who(n, d.get("listener")), "what I can offer", d.get("text"))
    ),
    "i_statement_closed": lambda d, n: _note(
        "Marked resolved." if d.get("outcome") == "resolved" else "Carried over to a later session."
    ),
    # repair attempts and time-outs
    "repair_sent": lambda d, n: _said(_who(n, d.get("from")), "repair attempt", d.get("text")),
    "repair_acknowledged": lambda d, n: _note(
        f"{_who(n, d.get('by'))}: "
        + ("“Thank you, I'm with you.”" if d.get("answer") == "with_you" else "“I need a moment.”")
    ),
    "time_out_called": lambda d, n: _note(
        f"{_who(n, d.get('by'))} called a time-out of {d.get('minutes')} minutes."
    ),
    "time_out_extended": lambda d, n: _note(
        f"{_who(n, d.get('by'))} made the time-out {d.get('minutes')} minutes."
    ),
    "time_out_returned": lambda d, n: _note(f"{_who(n, d.get('by'))} is ready to come back."),
    "time_out_ended": lambda d, n: _note("The time-out ended; the session went on."),
    # aftermath of a regrettable incident
    "aftermath_feelings_named": lambda d, n: _said(
        _who(n, d.get("by")), "felt", ", ".join(d.get("feelings", []))
    ),
    "aftermath_perspective_described": lambda d, n: (
        _said(_who(n, d.get("by")), "my perspective", d.get("text"))
    ),
    "aftermath_perspective_validated": lambda d, n: (
        _said(_who(n, d.get("by")), "validation", d.get("text"))
    ),
    "aftermath_perspective_clarified": lambda d, n: (
        _said(_who(n, d.get("by")), "clarification", d.get("text"))
    ),
    "aftermath_perspective_confirmed": lambda d, n: (
        _note(f"{_who(n, d.get('by'))} feels understood.")
    ),
    "aftermath_trigger_named": lambda d, n: (
        _said(_who(n, d.get("by")), "what triggered me", d.get("text"))
    ),
    "aftermath_part_owned": lambda d, n: _said(_who(n, d.get("by")), "my part", d.get("text")),
    "aftermath_next_time_proposed": lambda d, n: (
        _said(_who(n, d.get("by")), "next time I will", d.get("text"))
        if not d.get("request")
        else {
            **_said(_who(n, d.get("by")), "next time I will", d.get("text")),
            "text": f"{d.get('text')} (I ask of you: {d.get('request')})",
        }
    ),
    "aftermath_not_calm_yet": lambda d, n: _note(f"{_who(n, d.get('by'))} was not calm yet."),
    "aftermath_apology_offered": lambda d, n: _said(_who(n, d.get("by")), "apology", d.get("text")),
    "aftermath_apology_answered": lambda d, n: (
        _note(f"{_who(n, d.get('by'))} accepted the apology.")
        if d.get("answer") == "accept"
        else _said(_who(n, d.get("by")), "what I still need", d.get("text"))
    ),
    "aftermath_request_answered": lambda d, n: _said(
        _who(n, d.get("by")), "agreed" if d.get("answer") == "accept" else "adjusted to",
        d.get("agreed"),
    ),
    # stress-reducing conversation (our wording; the moves' labels live in
    # exercises/data/stress_conversation.json)
    "stress_turn_started": lambda d, n: _note(
        f"{_who(n, d.get('speaker'))} talks about what is weighing on them."
    ),
    "stress_shared": lambda d, n: _said(_who(n, d.get("by")), "what stresses me", d.get("text")),
    "stress_move_made": lambda d, n: _said(
        _who(n, d.get("by")), _STRESS_MOVES.get(d.get("move") or "", "listening"), d.get("text"),
        aloud="said aloud or shown",
    ),
    "stress_advice_invited": lambda d, n: _note(
        f"{_who(n, d.get('by'))} asked for ideas: advice is welcome now."
    ),
    "stress_advice_given": lambda d, n: _said(_who(n, d.get("by")), "an idea", d.get("text")),
    "stress_turn_ended": lambda d, n: _said(
        _who(n, d.get("by")), "what helped",
        "; ".join(
            [*(_STRESS_MOVES.get(m, m) for m in d.get("helped") or []),
             *([d["text"]] if d.get("text") else [])]
        ) or None,
        aloud="nothing named",
    ),
    # boundary conversation (exercises/boundary_conversation.py; our wording)
    "boundary_round_started": lambda d, n: _note(
        f"{_who(n, d.get('speaker'))} states a boundary; {_who(n, d.get('listener'))} listens."
    ),
    "boundary_stated": lambda d, n: {
        "kind": "list",
        "text": f"{_who(n, d.get('speaker'))} stated a boundary:",
        "items": [f"{title}: {d[key]}" for key, title in BOUNDARY_PARTS.items() if d.get(key)],
    },
    "boundary_paraphrased": lambda d, n: (
        _said(_who(n, d.get("listener")), "paraphrase", d.get("text"))
    ),
    "boundary_paraphrase_confirmed": lambda d, n: (
        _note(f"{_who(n, d.get('speaker'))}: “That's it.”")
    ),
    "boundary_paraphrase_corrected": lambda d, n: (
        _said(_who(n, d.get("speaker")), "correction", d.get("text"))
    ),
    "boundary_responded": lambda d, n: {
        "kind": "list",
        "text": f"{_who(n, d.get('listener'))} answered:",
        "items": [f"What I can honour: {d.get('honour')}",
                  *([f"What I find hard: {d['hard']}"] if d.get("hard") else [])],
    },
    "boundary_roles_swapped": lambda d, n: _note(f"{_who(n, d.get('by'))} asked to swap roles."),
    # State of the Union
    "sotu_appreciations_revealed": lambda d, n: {
        "kind": "list",
        "text": "What each of you appreciated this week:",
        "items": [
            f"{_who(n, k)}: {item}" for k, v in (d.get("appreciations") or {}).items() for item in v
        ],
    },
    "sotu_went_well_shared": lambda d, n: (
        _said(_who(n, d.get("by")), "what went well", d.get("text"))
    ),
    "sotu_issue_chosen": lambda d, n: _note(
        f"{_who(n, d.get('by'))} raised one issue: “{d.get('topic', '')}”."
    ),
    "sotu_issue_skipped": lambda d, n: _note("Nothing needed raising this week."),
    "sotu_issue_closed": lambda d, n: _note("The issue was talked through."),
    "sotu_loved_revealed": lambda d, n: {
        "kind": "list",
        "text": "What would make each of you feel loved this week:",
        "items": [f"{_who(n, k)}: {v}" for k, v in (d.get("loved") or {}).items()],
    },
    # rituals of connection
    "ritual_proposed": lambda d, n: _said(
        _who(n, d.get("by")), "proposed a ritual", (d.get("proposal") or {}).get("title")
    ),
    "ritual_edited": lambda d, n: _note(
        f"{_who(n, d.get('by'))} edited “{(d.get('proposal') or {}).get('title', '')}”."
    ),
    "ritual_withdrawn": lambda d, n: (
        _note(f"{_who(n, d.get('by'))} withdrew “{d.get('title', '')}”.")
    ),
    "ritual_agreed": lambda d, n: _note(f"Agreed: “{(d.get('proposal') or {}).get('title', '')}”."),
}
"""How each public event reads in the transcript. Events not listed here
(bookkeeping such as a step starting) are left out."""


def transcript_lines(
    rows: list[tuple[int, datetime, list[dict[str, Any]]]], names: Names
) -> list[Line]:
    """Turn ``(seq, created_at, events)`` rows into transcript lines.

    Only events with ``private_to`` None are read. ``names`` maps participant
    ids to display names ("Former partner" for an id no longer there).
    """
    lines: list[Line] = []
    for seq, at, events in rows:
        for event in events:
            if event.get("private_to") is not None:
                continue
            format_line = FORMATS.get(event["type"])
            line = format_line(event.get("data") or {}, names) if format_line else None
            if line:
                lines.append({"seq": seq, "at": at, "items": [], "who": "", "label": "", **line})
    return lines


# --- keep or let go ------------------------------------------------------------------------

LET_GO_NOTE = "The words of this session were let go."
"""What the transcript shows instead of its lines once the couple let the
session's text go (``PracticeSession.text_let_go_at``)."""

STRUCTURE_KEYS = frozenset({
    # who: participant ids
    "by", "speaker", "listener", "writer", "from", "to", "facilitator", "partners",
    "facilitators", "accepted_by", "proposed_by", "edited_by", "owner", "first_writer",
    # what kind, which step, which answer: codes chosen from the engine's lists
    "kind", "exercise", "type", "status", "phase", "step", "mode", "answer", "outcome",
    "id", "proposal_id", "turns",
})
"""Keys of event data and session state whose string values are structure
(ids, codes), not words a person wrote: they are kept when the text is let
go. Every other string is emptied, so a new text field is dropped by
default."""


def _exercise_titles() -> frozenset[str]:
    return frozenset(spec.title for spec in engine.EXERCISES.values())


def text_let_go(value: Any, key: str | None = None) -> Any:
    """``value`` (event data, a state or part of one) with every string a
    person may have written replaced by ``""``: kept are numbers, booleans,
    None, dict keys (participant ids), strings under :data:`STRUCTURE_KEYS`
    and exercise titles under ``"title"`` (the engine's, not a ritual's).
    Lengths of lists and every count stay, so "2 exchanges" still adds up.
    Pure; returns a new value."""
    if isinstance(value, dict):
        return {k: text_let_go(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [text_let_go(item, key) for item in value]
    if isinstance(value, str):
        if key in STRUCTURE_KEYS or (key == "title" and value in _exercise_titles()):
            return value
        return ""
    return value


def events_text_let_go(events: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The events of one log row with their data passed through
    :func:`text_let_go` (type, recipient and every other field kept; a
    private event's data, sealed or scrubbed, is emptied too). Returns
    ``(events, changed)``."""
    kept = []
    changed = False
    for event in events:
        data = event.get("data") or {}
        if event.get("private_to") is not None:
            new_data: Any = {}
        else:
            new_data = text_let_go(data)
        if new_data != data:
            changed = True
            event = {**event, "data": new_data}
        kept.append(event)
    return kept, changed
