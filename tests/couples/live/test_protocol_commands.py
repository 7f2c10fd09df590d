"""The schema list and the engine's command list match exactly
(docs/protocol.md §14): a command the engine knows but the socket cannot
carry, or a schema for a command nobody handles, fails here."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from couples.live import protocol
from exercises import engine


def test_every_engine_command_has_a_schema_and_every_schema_a_handler():
    assert set(protocol.COMMAND_PAYLOADS) == set(engine.COMMANDS)


ROOT = Path(__file__).resolve().parents[3]
PROTOCOL_DOC = (ROOT / "docs" / "protocol.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(engine.COMMANDS))
def test_every_command_is_documented_in_the_protocol(name):
    assert f"`{name}`" in PROTOCOL_DOC


@pytest.mark.parametrize("module", ["stress_conversation.py", "state_of_union.py",
                                    "boundary_conversation.py"])
def test_every_event_and_error_code_of_the_new_exercises_is_documented(module):
    source = (ROOT / "exercises" / module).read_text("utf-8")
    names = set(re.findall(r'Event\(\s*"([a-z_]+)"', source))
    names |= set(re.findall(r'code = "([a-z_]+)"', source))
    assert names, "the pattern found nothing: the test would pass vacuously"
    assert sorted(n for n in names if f"`{n}`" not in PROTOCOL_DOC) == []


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
