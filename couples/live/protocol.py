"""The WebSocket protocol: message schemas, error codes and close codes.

docs/protocol.md is the reader's version of this module; keep them together.
Every client frame is checked here, with pydantic, before anything else looks
at it: a frame that does not fit is answered to its sender with an ``error``
and changes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

MAX_TEXT_FIELD_CHARS = 4000
"""Schema-level cap on any text field (characters). Each rule has its own,
smaller limit (``text_too_long``); this only bounds what is parsed."""


# Close codes (4000-4999). The socket is accepted first, then closed, so a
# browser receives the code instead of 1006.
CLOSE_CLIENT_LEFT = 4000
"""Sent by the client, not the server: the person left on purpose (Quick exit
or signing out, in this tab or another tab of the browser). The server
shows them away at once instead of "reconnecting" for the grace period;
the client does not reconnect."""


CLOSE_NOT_AUTHENTICATED = 4401
"""Not signed in when connecting."""


CLOSE_SIGNED_OUT = CLOSE_NOT_AUTHENTICATED
"""The sign-in the socket was opened with ended while it was open: signed
out on that device (or Quick exit), the password changed, or "sign out
everywhere". Same code as not signed in: the client stops reconnecting and
asks the person to sign in again. The frame that found it changed nothing."""


CLOSE_FORBIDDEN = 4403
"""Not a member of the couple, or no such session: one code for both, so an
id cannot be probed."""


CLOSE_FRAME_TOO_LARGE = 4409


CLOSE_MEMBERSHIP_ENDED = 4410


CLOSE_RATE_LIMITED = 4429
"""A flood: frames kept coming after ``rate_limited`` errors
(couples/lib/ratelimits.py). Reconnect after a growing delay."""


CLOSE_RELAY_UNAVAILABLE = 4503
"""The channel layer (Redis) did not answer while the socket joined its
groups: reconnect after a growing delay; nothing was changed."""


# Error codes that are not rule errors from the engine.
ERROR_INVALID_JSON = "invalid_json"


ERROR_INVALID_MESSAGE = "invalid_message"


ERROR_BINARY_NOT_SUPPORTED = "binary_not_supported"


ERROR_STALE_VERSION = "stale_version"


ERROR_SERVER_BUSY = "server_busy"


ERROR_NOT_APPLIED = "not_applied"


ERROR_RATE_LIMITED = "rate_limited"
"""Too many frames in a short time; ``details.retry_after`` (seconds). The
frame was dropped and nothing changed."""


ERROR_RELAY_INTERRUPTED = "relay_interrupted"
"""Sent after an ``ack``: the command *was* applied, but the live relay to
the other screens failed; they catch up by snapshot (next heartbeat or
reconnect). ``details.version`` is the version applied."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
"""Text people write has no control characters but tab and line breaks; a
NUL, for one, cannot even be stored (PostgreSQL refuses it in JSON)."""


Text = Annotated[str, Field(max_length=MAX_TEXT_FIELD_CHARS, pattern=NO_CONTROL_CHARACTERS)]


class NoPayload(_Strict):
    """Commands that are a tap: ``{}``."""


class TextPayload(_Strict):
    """``{"text": str?}`` (``text`` omitted or null for spoken-mode taps)."""

    text: Text | None = None


class ExerciseStartPayload(_Strict):
    """``exercise_start``: ``exercise`` plus that exercise's own options."""

    exercise: Annotated[str, Field(max_length=40)]
    topic: Text | None = None
    mode: Annotated[str, Field(max_length=20)] | None = None
    first_speaker: Annotated[str, Field(max_length=40)] | None = None
    first_writer: Annotated[str, Field(max_length=40)] | None = None
    turns: Annotated[str, Field(max_length=20)] | None = None
    practice_minutes: int | None = None
    turn_minutes: int | None = None


class MinutesPayload(_Strict):
    """``{"minutes": int?}``: ``listening_pause_call`` (1 to 5, default 2)."""

    minutes: int | None = None


# Ritual planning (exercises/rituals.py). The schema bounds sizes only; the
# engine gives each field's rule its own code (invalid_time_zone, ...).
ProposalId = Annotated[str, Field(max_length=20)]


Weekdays = Annotated[list[Annotated[str, Field(max_length=2)]], Field(max_length=7)]


class RitualFieldsPayload(_Strict):
    """The fields of a ritual proposal; all optional here (``ritual_edit``
    sends only what changes, the engine requires all of them to propose;
    ``month`` and ``month_day`` only for yearly and monthly rituals, their
    ranges checked by the engine: ``invalid_month``, ``invalid_month_day``)."""

    kind: Annotated[str, Field(max_length=40)] | None = None
    title: Text | None = None
    details: Text | None = None
    roles: Text | None = None
    frequency: Annotated[str, Field(max_length=10)] | None = None
    weekdays: Weekdays | None = None
    month: int | None = None
    month_day: int | None = None
    time: Annotated[str, Field(max_length=5)] | None = None
    duration_minutes: int | None = None
    timezone: Annotated[str, Field(max_length=64)] | None = None


class RitualEditPayload(RitualFieldsPayload):
    """``ritual_edit``: ``proposal_id``, the ``revision`` edited, changed fields."""

    proposal_id: ProposalId
    revision: Annotated[int, Field(ge=1)]


class RitualAcceptPayload(_Strict):
    """``ritual_accept``: ``{"proposal_id", "revision"}`` (the version accepted)."""

    proposal_id: ProposalId
    revision: Annotated[int, Field(ge=1)]


class RitualWithdrawPayload(_Strict):
    """``ritual_withdraw``: ``{"proposal_id"}``."""

    proposal_id: ProposalId


class RepairSendPayload(_Strict):
    """``repair_send``: exactly one of ``phrase_id`` (from the checklist) and
    ``text`` (own words); the engine answers ``repair_phrase_or_text`` otherwise."""

    phrase_id: Annotated[str, Field(max_length=40)] | None = None
    text: Text | None = None


class RepairAcknowledgePayload(_Strict):
    """``repair_acknowledge``: ``{"repair_id", "answer": "with_you"|"need_a_moment"}``."""

    repair_id: Annotated[str, Field(max_length=20)]
    answer: Annotated[str, Field(max_length=20)]


class TimeOutCallPayload(_Strict):
    """``time_out_call``: ``{"minutes": int?}`` (default 20, 20 to 1440)."""

    minutes: int | None = None


class TimeOutReturnSetPayload(_Strict):
    """``time_out_return_set``: ``{"return_at": number}`` (seconds since the epoch)."""

    return_at: int | float


class TimeOutRemindPayload(_Strict):
    """``time_out_remind_me``: ``{"remind": bool?}`` (default true)."""

    remind: bool | None = None


class TimeOutExtendPayload(_Strict):
    """``time_out_extend``: ``{"minutes": int}`` more (at least 5)."""

    minutes: int


class AnswerPayload(_Strict):
    """``{"answer": str}``: ``aftermath_calm_answer`` ("calm" | "not_yet")."""

    answer: Annotated[str, Field(max_length=20)]


class AnswerTextPayload(_Strict):
    """``{"answer": str, "text": str?}``: ``aftermath_apology_answer``
    ("accept" | "still_need" with text), ``aftermath_request_answer``
    ("accept" | "adjust" with text)."""

    answer: Annotated[str, Field(max_length=20)]
    text: Text | None = None


class NextTimePayload(_Strict):
    """``aftermath_next_time_propose``: ``{"text", "request": str?}``."""

    text: Text | None = None
    request: Text | None = None


class FeelingsPayload(_Strict):
    """``aftermath_feelings_name``: ``{"feelings": [str]}`` (words from the list)."""

    feelings: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=20)]


class IStatementDraftPayload(_Strict):
    """``i_statement_draft_save``: any of ``complaint``, ``feeling``,
    ``situation``, ``need``, ``request``, ``rewrite`` ("" clears a field)."""

    complaint: Text | None = None
    feeling: Annotated[str, Field(max_length=40)] | None = None
    situation: Text | None = None
    need: Text | None = None
    request: Text | None = None
    rewrite: Text | None = None


class IStatementSharePayload(_Strict):
    """``i_statement_share``: either ``text`` alone, when it is already a
    complete I-statement, or the builder's ``feeling``, ``situation``,
    ``need``, ``request`` (then the engine requires all four) with ``text``
    optional (the writer's own final wording instead of the composed one)."""

    feeling: Annotated[str, Field(max_length=40)] | None = None
    situation: Text | None = None
    need: Text | None = None
    request: Text | None = None
    text: Text | None = None


class IStatementClosePayload(_Strict):
    """``i_statement_close``: ``{"outcome": "resolved"|"carried_over"}``."""

    outcome: Annotated[str, Field(max_length=20)]


MoveId = Annotated[str, Field(max_length=40)]


class StressMovePayload(_Strict):
    """``stress_move``: ``{"move": str, "text": str?}`` (a move id from
    ``config.stress.moves``; own words in typed mode only)."""

    move: MoveId
    text: Text | None = None


class StressTurnEndPayload(_Strict):
    """``stress_turn_end``: ``{"helped": [move id]?, "text": str?}``: what helped,
    both optional."""

    helped: Annotated[list[MoveId], Field(max_length=10)] | None = None
    text: Text | None = None


class SotuAppreciationsPayload(_Strict):
    """``sotu_appreciations_write``: ``{"items": [str]}`` (the engine takes 1
    to 5 non-blank lines; the schema bounds the list at 20)."""

    items: Annotated[list[Text], Field(max_length=20)]


class SotuIssueChoosePayload(_Strict):
    """``sotu_issue_choose``: ``topic``, ``first_speaker``, optional ``mode``
    and ``practice_minutes``, as active listening's start options."""

    topic: Text | None = None
    first_speaker: Annotated[str, Field(max_length=40)] | None = None
    mode: Annotated[str, Field(max_length=20)] | None = None
    practice_minutes: int | None = None


class BoundaryPartsPayload(_Strict):
    """``boundary_draft`` / ``boundary_state``: ``{"need", "limit", "action"}``
    (strings; the engine requires all three to share, each ≤ 500
    characters, and none to keep a draft)."""

    need: Text | None = None
    limit: Text | None = None
    action: Text | None = None


class BoundaryRespondPayload(_Strict):
    """``boundary_respond``: ``{"honour": str, "hard": str?}`` (what the
    listener can honour; what they find hard)."""

    honour: Text | None = None
    hard: Text | None = None


COMMAND_PAYLOADS: dict[str, type[_Strict]] = {
    "exercise_start": ExerciseStartPayload,
    "exercise_stop": NoPayload,
    "session_end": NoPayload,
    "statement_make": TextPayload,
    "paraphrase_submit": TextPayload,
    "paraphrase_confirm": NoPayload,
    "paraphrase_correct": TextPayload,
    "floor_pass": NoPayload,
    "listening_close": NoPayload,
    "understanding_share": TextPayload,
    "clarify_ask": TextPayload,
    "clarify_answer": TextPayload,
    "listening_pause_call": MinutesPayload,
    "listening_pause_end": NoPayload,
    "ritual_propose": RitualFieldsPayload,
    "ritual_edit": RitualEditPayload,
    "ritual_accept": RitualAcceptPayload,
    "ritual_withdraw": RitualWithdrawPayload,
    "repair_send": RepairSendPayload,
    "repair_acknowledge": RepairAcknowledgePayload,
    "time_out_call": TimeOutCallPayload,
    "time_out_extend": TimeOutExtendPayload,
    "time_out_return": NoPayload,
    "time_out_return_set": TimeOutReturnSetPayload,
    "time_out_return_agree": NoPayload,
    "time_out_remind_me": TimeOutRemindPayload,
    "aftermath_feelings_name": FeelingsPayload,
    "aftermath_perspective_describe": TextPayload,
    "aftermath_perspective_validate": TextPayload,
    "aftermath_perspective_confirm": NoPayload,
    "aftermath_perspective_clarify": TextPayload,
    "aftermath_trigger_name": TextPayload,
    "aftermath_part_own": TextPayload,
    "aftermath_next_time_propose": NextTimePayload,
    "aftermath_calm_answer": AnswerPayload,
    "aftermath_apology_offer": TextPayload,
    "aftermath_apology_skip": NoPayload,
    "aftermath_apology_answer": AnswerTextPayload,
    "aftermath_request_answer": AnswerTextPayload,
    "ritual_planning_finish": NoPayload,
    "i_statement_draft_save": IStatementDraftPayload,
    "i_statement_share": IStatementSharePayload,
    "i_statement_paraphrase": TextPayload,
    "i_statement_paraphrase_confirm": NoPayload,
    "i_statement_paraphrase_correct": TextPayload,
    "i_statement_offer": TextPayload,
    "i_statement_close": IStatementClosePayload,
    "stress_share": TextPayload,
    "stress_move": StressMovePayload,
    "stress_advice_invite": NoPayload,
    "stress_advice_give": TextPayload,
    "stress_turn_end": StressTurnEndPayload,
    "sotu_appreciations_write": SotuAppreciationsPayload,
    "sotu_went_well_share": TextPayload,
    "sotu_issue_choose": SotuIssueChoosePayload,
    "sotu_issue_skip": NoPayload,
    "sotu_loved_write": TextPayload,
    "boundary_draft": BoundaryPartsPayload,
    "boundary_state": BoundaryPartsPayload,
    "boundary_paraphrase": TextPayload,
    "boundary_paraphrase_confirm": NoPayload,
    "boundary_paraphrase_correct": TextPayload,
    "boundary_respond": BoundaryRespondPayload,
    "boundary_swap": NoPayload,
    "boundary_finish": NoPayload,
}
"""Payload schema of every command a client may send."""


class CommandMessage(_Strict):
    """``{"type": "command", "command", "client_id", "version", "payload"}``.

    ``client_id`` is a UUID the client makes once per command and reuses on
    retry (the command applies once); ``version`` is the session version the
    client's screen showed when the person acted.
    """

    type: Literal["command"]
    command: Annotated[str, Field(max_length=40)]
    client_id: UUID
    version: Annotated[int, Field(ge=0)]
    payload: dict[str, Any] = Field(default_factory=dict)


class SyncMessage(_Strict):
    """``{"type": "sync"}``: ask for a fresh snapshot (after a version gap)."""

    type: Literal["sync"]


class HeartbeatMessage(_Strict):
    """``{"type": "heartbeat"}``: keeps presence fresh; answered with presence."""

    type: Literal["heartbeat"]


class AnalyzeMessage(_Strict):
    """``{"type": "analyze", "request_id": str (1-64 characters), "text": str}``:
    live coaching of a private I-statement draft. Answered to the sender only
    with :func:`analysis_message`; changes no state and stores nothing. Text
    past ``exercises.i_statements.MAX_ANALYZE_CHARS`` is answered with the
    error ``text_too_long`` (``details.request_id`` set)."""

    type: Literal["analyze"]
    request_id: Annotated[str, Field(min_length=1, max_length=64)]
    text: Text


def analysis_message(request_id: str, analysis: dict[str, Any]) -> dict[str, Any]:
    """The answer to ``analyze``: ``{"type": "analysis", "request_id",
    "analysis"}`` with ``analysis`` = ``Analysis.to_dict()``."""
    return {"type": "analysis", "request_id": request_id, "analysis": analysis}


ClientMessage = Annotated[
    CommandMessage | SyncMessage | HeartbeatMessage | AnalyzeMessage, Field(discriminator="type")
]


_client_message = TypeAdapter(ClientMessage)


class ProtocolError(Exception):
    """A frame that does not fit the protocol. ``code`` is stable."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def parse_client_frame(
    text: str,
) -> CommandMessage | SyncMessage | HeartbeatMessage | AnalyzeMessage:
    """Parse one client text frame, command payload included.

    Returns the message; the command payload is replaced by its checked form
    (a plain dict without unset fields). Raises ProtocolError with
    ``invalid_json``, ``invalid_message`` or ``unknown_command``.
    """
    try:
        message = _client_message.validate_json(text)
    except ValidationError as exc:
        if any(err["type"] == "json_invalid" for err in exc.errors()):
            raise ProtocolError(ERROR_INVALID_JSON, "That message was not valid JSON.") from exc
        raise ProtocolError(
            ERROR_INVALID_MESSAGE,
            "That message does not fit the protocol.",
            problems=_problems(exc),
        ) from exc
    if isinstance(message, CommandMessage):
        schema = COMMAND_PAYLOADS.get(message.command)
        if schema is None:
            raise ProtocolError(
                "unknown_command", f"There is no command called {message.command!r}."
            )
        try:
            payload = schema.model_validate(message.payload).model_dump(exclude_none=True)
        except ValidationError as exc:
            raise ProtocolError(
                ERROR_INVALID_MESSAGE,
                "That command's fields do not fit the protocol.",
                problems=_problems(exc),
            ) from exc
        message = message.model_copy(update={"payload": payload})
    return message


def _problems(exc: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in err["loc"]), "problem": err["type"]}
        for err in exc.errors(include_url=False, include_input=False)
    ][:10]


def error_message(code: str, message: str, *, client_id: str | None = None, **details: Any) -> dict:
    """The ``error`` frame sent to one client: ``{"type": "error", "code",
    "message", "client_id", "details"}``."""
    return {
        "type": "error",
        "code": code,
        "message": message,
        "client_id": client_id,
        "details": details,
    }


COMMAND_PAYLOADS.update(
    {
        "session_pause": NoPayload,
        "session_resume": NoPayload,
        "facilitator_prompt": TextPayload,
    }
)
