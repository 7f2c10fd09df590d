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
CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
"""Not a member of the couple, or no such session: one code for both, so an
id cannot be probed."""
CLOSE_FRAME_TOO_LARGE = 4409
CLOSE_MEMBERSHIP_ENDED = 4410
CLOSE_RATE_LIMITED = 4429

# Error codes that are not rule errors from the engine.
ERROR_INVALID_JSON = "invalid_json"
ERROR_INVALID_MESSAGE = "invalid_message"
ERROR_BINARY_NOT_SUPPORTED = "binary_not_supported"
ERROR_STALE_VERSION = "stale_version"
ERROR_SERVER_BUSY = "server_busy"
ERROR_NOT_APPLIED = "not_applied"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Text = Annotated[str, Field(max_length=MAX_TEXT_FIELD_CHARS)]


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


ClientMessage = Annotated[
    CommandMessage | SyncMessage | HeartbeatMessage, Field(discriminator="type")
]
_client_message = TypeAdapter(ClientMessage)


class ProtocolError(Exception):
    """A frame that does not fit the protocol. ``code`` is stable."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


def parse_client_frame(text: str) -> CommandMessage | SyncMessage | HeartbeatMessage:
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
            ERROR_INVALID_MESSAGE, "That message does not fit the protocol.", problems=_problems(exc)
        ) from exc
    if isinstance(message, CommandMessage):
        schema = COMMAND_PAYLOADS.get(message.command)
        if schema is None:
            raise ProtocolError("unknown_command", f"There is no command called {message.command!r}.")
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
