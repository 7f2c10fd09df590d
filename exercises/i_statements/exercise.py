"""I-statement rewriting: from a complaint as it comes to feeling + situation +
need + request, shared, paraphrased and answered.

Where the steps come from:

* **Gottman's gentle start-up** (Gottman & Silver, *The Seven Principles for
  Making Marriage Work*): talk about yourself and one specific situation, not
  about your partner's character; no blame, absolutes or contempt.
* **Nonviolent Communication** (Rosenberg): observation, feeling, need,
  request; a request the other can freely answer.
* **Speaker–Listener technique** (Markman, Stanley & Blumberg): the other
  partner paraphrases before answering; the writer confirms or corrects.

Roles and phases of one *round* (one partner's statement):

``drafting`` — the *writer* writes the complaint as it comes and, with the
live analyzer's coaching (:func:`draft_analyze`, answered over the socket and
stored nowhere), builds the rewrite in the guided builder
(:mod:`exercises.i_statements.builder`: limits, template, live coaching). Everything written
here is a private draft: it lives in ``exercise["drafts"][writer]``, which
:func:`_view` shows to its author alone, and its events are ``private_to`` the
author and carry only the names of the saved fields, never their text.
``paraphrase`` — the rewrite is shared; the *listener* says it back.
``confirm`` — the writer says "that's it" or corrects (back to ``paraphrase``).
``offer`` — the listener answers what they can offer.
``closing`` — each partner chooses *resolved* or *carried over*; choices stay
hidden until both have chosen, so neither anchors on the other's.

Decisions (for docs/protocol.md):

* Sharing is allowed even when the analyzer still flags something: whether
  the rewrite reads true is the writer's call. The analysis of the shared text
  is stored with it and shown to both.
* The outcome is *resolved* only when both partners choose it; either
  partner's *carried over* carries the statement to a later session, where
  the start screen lists it again (see :func:`carried_over`).
* With ``turns="both"`` the partners swap roles after the first round; the
  exercise completes after the last round with a summary of the shared parts
  only (rewrite, paraphrase, offer, outcome), never the drafts.
"""

from __future__ import annotations

from typing import Any

from exercises.engine import (
    Command,
    Event,
    ExerciseSpec,
    InvalidChoice,
    NotListener,
    OutOfTurn,
    PartnerId,
    RuleError,
    State,
    Step,
    TextTooLong,
    clean_text,
    command,
    exercise,
    other_partner,
)
from exercises.i_statements.analyzer import (
    Analysis,
    analyze,
    feeling_lexicon,
    feeling_picker,
    need_lexicon,
)
from exercises.i_statements.builder import (
    DRAFT_LIMITS,
    MAX_ANALYZE_CHARS,
    MAX_COMPLAINT_CHARS,
    MAX_NEED_CHARS,
    MAX_REQUEST_CHARS,
    MAX_REWRITE_CHARS,
    MAX_SITUATION_CHARS,
    REWRITE_TEMPLATE,
    compose_rewrite,
    draft_analyze,
    feeling_words,
)
from exercises.session_flow import exercise_complete

__all__ = [
    "DRAFT_LIMITS",
    "MAX_ANALYZE_CHARS",
    "MAX_COMPLAINT_CHARS",
    "MAX_NEED_CHARS",
    "MAX_REQUEST_CHARS",
    "MAX_REWRITE_CHARS",
    "MAX_SITUATION_CHARS",
    "REWRITE_TEMPLATE",
    "Analysis",
    "analyze",
    "carried_over",
    "client_config",
    "compose_rewrite",
    "draft_analyze",
    "feeling_lexicon",
    "feeling_words",
    "need_lexicon",
]

KIND = "i_statements"
TURNS = ("one", "both")
"""``one``: only the first writer writes; ``both``: the partners write in turn."""
OUTCOMES = ("resolved", "carried_over")

MAX_PARAPHRASE_CHARS = 600
MAX_CORRECTION_CHARS = 600
MAX_OFFER_CHARS = 600


class NotWriter(RuleError):
    code = "not_writer"


class NothingToSave(RuleError):
    code = "nothing_to_save"


def client_config() -> dict[str, Any]:
    """What the live page needs for this exercise: ``{"feelings":
    [{"group", "needs_met", "words"}], "needs": [{"group", "words"}],
    "limits": {field: characters}}``."""
    return {
        "feelings": feeling_picker(),
        "needs": need_lexicon(),
        "limits": {
            **DRAFT_LIMITS,
            "analyze": MAX_ANALYZE_CHARS,
            "paraphrase": MAX_PARAPHRASE_CHARS,
            "correction": MAX_CORRECTION_CHARS,
            "offer": MAX_OFFER_CHARS,
        },
    }


def carried_over(completed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statements carried over in ``completed`` exercise records
    (``state["completed"]`` of a session), oldest first, as
    ``{"writer", "text", "offer"}`` — shared parts only."""
    return [
        {"writer": s["writer"], "text": s["text"], "offer": s["offer"]}
        for record in completed
        if record.get("kind") == KIND
        for s in record.get("summary", {}).get("statements", [])
        if s.get("outcome") == "carried_over"
    ]


def _start(state: State, cmd: Command) -> tuple[dict[str, Any], Step]:
    """Options: ``first_writer`` (a partner id), ``turns`` (one|both, default
    one). Raises InvalidChoice."""
    writer = cmd.payload.get("first_writer")
    if not isinstance(writer, str) or writer not in state["partners"]:
        raise InvalidChoice("Choose which partner writes first.", field="first_writer")
    turns = cmd.payload.get("turns", "one")
    if turns not in TURNS:
        raise InvalidChoice(
            "Choose whether one of you writes or both in turn.", field="turns", choices=list(TURNS)
        )
    ex = {
        "kind": KIND,
        "started_at": cmd.now,
        "turns": turns,
        "round": 1,
        "writer": writer,
        "listener": other_partner(state, writer),
        "phase": "drafting",
        "drafts": {},
        "shared": None,
        "closing": {},
        "statements": [],
    }
    return ex, [_round_started(ex)]


def _view(ex: dict[str, Any], viewer: PartnerId) -> dict[str, Any]:
    """Everything is shared except the drafts (only the author's own, as
    ``my_draft``) and the closing choices (only the viewer's own until both
    have chosen; ``closing_chosen`` lists who has chosen)."""
    shown = {key: value for key, value in ex.items() if key not in ("drafts", "closing")}
    shown["my_draft"] = dict(ex["drafts"].get(viewer, {}))
    shown["closing"] = {pid: o for pid, o in ex["closing"].items() if pid == viewer}
    shown["closing_chosen"] = sorted(ex["closing"])
    return shown


exercise(ExerciseSpec(KIND, "I-statement rewriting", _start, _view))


def _round_started(ex: dict[str, Any]) -> Event:
    return Event(
        "i_statement_round_started",
        {"writer": ex["writer"], "listener": ex["listener"], "round": ex["round"]},
    )


def _require_writer(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["writer"]:
        raise NotWriter("Only the partner writing this statement can do that.")


def _require_listener(ex: dict[str, Any], actor: PartnerId) -> None:
    if actor != ex["listener"]:
        raise NotListener("Only the partner listening to this statement can do that.")


def _require_phase(ex: dict[str, Any], phase: str) -> None:
    if ex["phase"] != phase:
        raise OutOfTurn("That is not the next step right now.", phase=ex["phase"])


def _any_part(payload: dict[str, Any] | Any) -> bool:
    """True if the payload carries any builder field with text in it."""
    values = [payload.get(name) for name in ("feeling", "situation", "need", "request")]
    return any(isinstance(value, str) and value.strip() for value in values)


def _feeling(payload: dict[str, Any] | Any, *, required: bool) -> str | None:
    word = clean_text(payload, "feeling", limit=DRAFT_LIMITS["feeling"], required=required)
    if word is not None and word.lower() not in feeling_words():
        raise InvalidChoice("Choose a feeling from the list.", field="feeling")
    return word.lower() if word else None


@command("i_statement_draft_save", exercise=KIND)
def i_statement_draft_save(state: State, cmd: Command) -> Step:
    """The writer saves their private draft so it survives reconnects and
    other devices: any of ``complaint``, ``feeling``, ``situation``, ``need``,
    ``request``, ``rewrite`` (text within DRAFT_LIMITS characters; an empty
    string clears the field; ``feeling`` must be a word of the feeling
    lexicon).

    The draft is visible to its author alone; the event is private to them and
    names the saved fields without their text. Raises NotWriter, OutOfTurn
    (the statement is already shared), NothingToSave (no field given),
    TextTooLong, InvalidChoice.
    """
    ex = state["exercise"]
    _require_writer(ex, cmd.actor)
    _require_phase(ex, "drafting")
    fields = sorted(key for key in DRAFT_LIMITS if key in cmd.payload)
    if not fields:
        raise NothingToSave("There is nothing to save.", fields=sorted(DRAFT_LIMITS))
    cleaned = {
        key: _feeling(cmd.payload, required=False)
        if key == "feeling"
        else clean_text(cmd.payload, key, limit=DRAFT_LIMITS[key], required=False)
        for key in fields
    }
    draft = ex["drafts"].setdefault(cmd.actor, {})
    for key, value in cleaned.items():
        if value is None:
            draft.pop(key, None)
        else:
            draft[key] = value
    return [Event("i_statement_draft_saved", {"fields": fields}, private_to=cmd.actor)]


@command("i_statement_share", exercise=KIND)
def i_statement_share(state: State, cmd: Command) -> Step:
    """The writer shares their I-statement, in one of two ways:

    * as written: ``text`` alone (≤ MAX_REWRITE_CHARS characters), when the
      analyzer finds it already a complete I-statement (a feeling, the
      situation and a need or request, with no blame); the builder is a
      help, not a gate. ``parts`` are then what the analyzer recognised
      (``""`` where it recognised nothing for a part);
    * from the builder: ``feeling`` (a lexicon word), ``situation``, ``need``
      and ``request`` (all required) and optionally ``text``, their own final
      wording; without it the rewrite is :func:`compose_rewrite` of the parts.

    Following Rosenberg's Nonviolent Communication (feeling, need, request)
    and Gottman's gentle start-up. The analyzer runs on the shared text and
    its result is stored with it; with the builder's parts, sharing is
    allowed whatever it finds (the writer decides when it reads true). The
    writer's private draft is discarded. Raises NotWriter, OutOfTurn,
    TextRequired (a builder field missing, ``details.field``, when ``text``
    alone is not yet a complete I-statement), TextTooLong, InvalidChoice.
    """
    ex = state["exercise"]
    _require_writer(ex, cmd.actor)
    _require_phase(ex, "drafting")
    own = clean_text(cmd.payload, "text", limit=MAX_REWRITE_CHARS, required=False)
    as_written = analyze(own) if own and not _any_part(cmd.payload) else None
    text: str
    if own and as_written is not None and as_written.is_i_statement:
        text = own
        parts = {
            "feeling": as_written.feeling or "",
            "situation": as_written.situation or "",
            "need": as_written.need or "",
            "request": as_written.request or "",
        }
    else:
        feeling = _feeling(cmd.payload, required=True)
        assert feeling is not None  # required=True raises TextRequired instead of returning None
        parts = {
            "feeling": feeling,
            "situation": clean_text(cmd.payload, "situation", limit=MAX_SITUATION_CHARS),
            "need": clean_text(cmd.payload, "need", limit=MAX_NEED_CHARS),
            "request": clean_text(cmd.payload, "request", limit=MAX_REQUEST_CHARS),
        }
        text = own or compose_rewrite(**parts)
    if len(text) > MAX_REWRITE_CHARS:
        raise TextTooLong(
            f"Please keep it under {MAX_REWRITE_CHARS} characters.",
            field="text", limit=MAX_REWRITE_CHARS, length=len(text),
        )
    analysis = analyze(text).to_dict()
    ex["shared"] = {
        "writer": cmd.actor,
        "listener": ex["listener"],
        "text": text,
        "parts": parts,
        "analysis": analysis,
        "attempts": [],
        "offer": None,
    }
    ex["drafts"].pop(cmd.actor, None)
    ex["phase"] = "paraphrase"
    return [
        Event(
            "i_statement_shared",
            {"writer": cmd.actor, "text": text, "parts": parts, "analysis": analysis},
        )
    ]


@command("i_statement_paraphrase", exercise=KIND)
def i_statement_paraphrase(state: State, cmd: Command) -> Step:
    """The listener says the shared rewrite back in their own words
    (``text``, ≤ MAX_PARAPHRASE_CHARS characters), before any answer
    (Speaker–Listener technique). Raises NotListener, OutOfTurn (nothing
    shared yet, or a paraphrase awaits the writer), TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    _require_phase(ex, "paraphrase")
    text = clean_text(cmd.payload, "text", limit=MAX_PARAPHRASE_CHARS)
    ex["shared"]["attempts"].append({"paraphrase": text, "correction": None})
    ex["phase"] = "confirm"
    return [Event("i_statement_paraphrased", {"listener": cmd.actor, "text": text})]


@command("i_statement_paraphrase_confirm", exercise=KIND)
def i_statement_paraphrase_confirm(state: State, cmd: Command) -> Step:
    """The writer says "that's it"; the listener may now answer what they can
    offer. Raises NotWriter, OutOfTurn if no paraphrase awaits confirmation."""
    ex = state["exercise"]
    _require_writer(ex, cmd.actor)
    _require_phase(ex, "confirm")
    ex["phase"] = "offer"
    return [Event("i_statement_paraphrase_confirmed", {"writer": cmd.actor})]


@command("i_statement_paraphrase_correct", exercise=KIND)
def i_statement_paraphrase_correct(state: State, cmd: Command) -> Step:
    """The writer says what was missed (``text``, ≤ MAX_CORRECTION_CHARS
    characters); the listener paraphrases again. Raises NotWriter, OutOfTurn,
    TextRequired, TextTooLong."""
    ex = state["exercise"]
    _require_writer(ex, cmd.actor)
    _require_phase(ex, "confirm")
    text = clean_text(cmd.payload, "text", limit=MAX_CORRECTION_CHARS)
    ex["shared"]["attempts"][-1]["correction"] = text
    ex["phase"] = "paraphrase"
    return [Event("i_statement_paraphrase_corrected", {"writer": cmd.actor, "text": text})]


@command("i_statement_offer", exercise=KIND)
def i_statement_offer(state: State, cmd: Command) -> Step:
    """The listener answers what they can offer (``text``, ≤ MAX_OFFER_CHARS
    characters), only after the writer confirmed the paraphrase. Raises
    NotListener, OutOfTurn, TextRequired, TextTooLong."""
    ex = state["exercise"]
    _require_listener(ex, cmd.actor)
    _require_phase(ex, "offer")
    text = clean_text(cmd.payload, "text", limit=MAX_OFFER_CHARS)
    ex["shared"]["offer"] = text
    ex["phase"] = "closing"
    return [Event("i_statement_offered", {"listener": cmd.actor, "text": text})]


@command("i_statement_close", exercise=KIND, independent=True)
def i_statement_close(state: State, cmd: Command) -> Step:
    """Each partner chooses ``outcome``: ``resolved`` or ``carried_over``.

    The choice is private until both have chosen. Then the statement is
    *resolved* if both chose so, else *carried over*; the next round starts
    (``turns="both"``, roles swapped) or the exercise completes with the
    summary ``{"turns", "statements": [{"writer", "listener", "text",
    "parts", "analysis": {"is_i_statement", "issues"}, "paraphrase",
    "offer", "outcome"}]}``. Raises OutOfTurn (not the closing step, or
    already chosen), InvalidChoice.
    """
    ex = state["exercise"]
    _require_phase(ex, "closing")
    if cmd.actor in ex["closing"]:
        raise OutOfTurn("You have already chosen.")
    outcome = cmd.payload.get("outcome")
    if outcome not in OUTCOMES:
        raise InvalidChoice(
            "Choose resolved or carry it over.", field="outcome", choices=list(OUTCOMES)
        )
    ex["closing"][cmd.actor] = outcome
    events = [
        Event(
            "i_statement_close_chosen", {"by": cmd.actor, "outcome": outcome}, private_to=cmd.actor
        )
    ]
    if len(ex["closing"]) < 2:
        return events
    choices = dict(ex["closing"])
    final = "resolved" if set(choices.values()) == {"resolved"} else "carried_over"
    shared = ex["shared"]
    ex["statements"].append(
        {
            "writer": shared["writer"],
            "listener": shared["listener"],
            "text": shared["text"],
            "parts": shared["parts"],
            "analysis": {
                "is_i_statement": shared["analysis"]["is_i_statement"],
                "issues": shared["analysis"]["issues"],
            },
            "paraphrase": shared["attempts"][-1]["paraphrase"],
            "offer": shared["offer"],
            "outcome": final,
        }
    )
    events.append(
        Event(
            "i_statement_closed",
            {"writer": shared["writer"], "outcome": final, "choices": choices},
        )
    )
    if ex["turns"] == "both" and ex["round"] == 1:
        ex.update(
            round=2, writer=ex["listener"], listener=ex["writer"], phase="drafting",
            shared=None, closing={},
        )
        events.append(_round_started(ex))
        return events
    summary = {"turns": ex["turns"], "statements": ex["statements"]}
    events.append(exercise_complete(state, finished=True, summary=summary))
    return events
