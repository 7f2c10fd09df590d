"""The schema list and the engine's command list match exactly
(docs/protocol.md §14): a command the engine knows but the socket cannot
carry, or a schema for a command nobody handles, fails here."""

from __future__ import annotations

import json
import uuid

import pytest

from couples.live import protocol
from exercises import engine


def test_every_engine_command_has_a_schema_and_every_schema_a_handler():
    assert set(protocol.COMMAND_PAYLOADS) == set(engine.COMMANDS)


@pytest.mark.parametrize("name", sorted(engine.COMMANDS))
def test_every_command_is_documented_in_the_protocol(name):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[3] / "docs" / "protocol.md").read_text("utf-8")
    assert f"`{name}`" in doc


def frame(command: str, **payload) -> str:
    return json.dumps({"type": "command", "command": command, "client_id": str(uuid.uuid4()),
                       "version": 0, "payload": payload})


def test_the_new_exercise_payloads_are_checked_before_the_engine_sees_them():
    checked = protocol.parse_client_frame(frame("stress_turn_end", helped=["understand"], text="x"))
    assert checked.payload == {"helped": ["understand"], "text": "x"}
    with pytest.raises(protocol.ProtocolError) as caught:
        protocol.parse_client_frame(frame("stress_move", move="understand", advice="Quit"))
    assert caught.value.code == "invalid_message"
    with pytest.raises(protocol.ProtocolError) as caught:
        protocol.parse_client_frame(frame("sotu_appreciations_write", items="not a list"))
    assert caught.value.code == "invalid_message"
    start = protocol.parse_client_frame(frame("exercise_start", exercise="stress_reducing",
                                              turn_minutes=5))
    assert start.payload["turn_minutes"] == 5
