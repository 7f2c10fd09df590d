"""Each participant's update is encoded once, with orjson, in the relay
(couples/lib/relay.py): the text every socket of that participant forwards
as it is. It must decode to the same frame, and hold that participant's view
only."""

from __future__ import annotations

import json
import uuid

import pytest

from couples.lib.relay import frame_text
from couples.services.commands import session_command_apply


def test_a_frame_decodes_to_what_was_encoded():
    client_id = uuid.uuid4()
    frame = {"type": "ack", "client_id": client_id, "version": 3, "duplicate": False,
             "view": {"text": "Ich fühle mich übersehen 💬", "n": 2.5, "none": None,
                      "items": [1, 2]}}
    text = frame_text(frame)
    assert isinstance(text, str)
    assert json.loads(text) == {**frame, "client_id": str(client_id)}


def test_keys_that_are_not_strings_are_written_as_strings():
    assert json.loads(frame_text({1: "a"})) == {"1": "a"}


@pytest.mark.django_db
def test_each_participants_update_is_encoded_once_with_their_own_view_only(practice, partners):
    a, b = (str(p.pk) for p in partners)

    def apply(user, command, version, **payload):
        return session_command_apply(
            session_id=practice.pk, user_id=user.pk, command=command, payload=payload,
            client_id=uuid.uuid4(), base_version=version, now=0.0,
        )

    apply(partners[0], "exercise_start", 0, exercise="i_statements", first_writer=a)
    outcome = apply(partners[0], "i_statement_draft_save", 1, complaint="You never call ZX-4471")
    frames = {d.group.rsplit(".", 1)[-1]: d.message for d in outcome.deliveries}
    assert set(frames) == {a, b}
    for message in frames.values():
        assert set(message) == {"type", "version", "frame"}
        decoded = json.loads(message["frame"])
        assert (decoded["type"], decoded["version"], message["version"]) == ("update", 2, 2)
    assert "ZX-4471" in frames[a]["frame"]  # the author's own draft
    assert "ZX-4471" not in frames[b]["frame"]  # never the partner's
