"""The State of the Union through the real ASGI app: the whole meeting
between two partner sockets, appreciations and "feel loved" answers that
never reach the other partner's frames before the reveal, the issue through
the active-listening commands, and a refused command that changes nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from couples.models import PracticeSession

pytestmark = [pytest.mark.django_db(transaction=True)]

SECRET_THANKS = "You carried the shopping up four floors"
SECRET_LOVED = "A slow breakfast together on Saturday"


def cid() -> str:
    return str(uuid.uuid4())


async def acted(socket, name, version, **payload) -> int:
    await socket.command(name, version, cid(), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def refused(socket, name, version, **payload) -> dict:
    await socket.command(name, version, cid(), **payload)
    return await socket.next("error")


async def stored(practice) -> PracticeSession:
    return await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)


def received(socket) -> str:
    return json.dumps(socket.seen)


async def view_at(socket, version: int) -> dict:
    """The view at ``version``: already received (the sender's own update can
    come before its ack), or the next update that reaches it."""
    for message in reversed(socket.seen):
        if message["type"] in ("update", "snapshot") and message["version"] == version:
            return message["view"]
    return (await socket.at_version(version))["view"]


async def test_the_other_partner_never_receives_unrevealed_text(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a = alex.snapshot["me"]
    version = await acted(alex, "exercise_start", 0, exercise="state_of_union")
    version = await acted(alex, "sotu_appreciations_write", version, items=[SECRET_THANKS])
    # Sam gets the update for that version, and a fresh snapshot after a sync:
    # neither carries Alex's line; both say that Alex has written.
    update = await sam.at_version(version)
    assert update["view"]["exercise"]["appreciations_written"] == [a]
    await sam.send({"type": "sync"})
    await sam.next("snapshot")
    # A second device of Sam's gets a snapshot without it too.
    again = await session_socket(partners[1], practice)
    assert SECRET_THANKS not in received(sam) and SECRET_THANKS not in json.dumps(again.snapshot)
    assert (await view_at(alex, version))["exercise"]["appreciations"] == {a: [SECRET_THANKS]}

    version = await acted(sam, "sotu_appreciations_write", version, items=["Dinner on Friday"])
    revealed = await sam.at_version(version)
    assert [e["type"] for e in revealed["events"]] == [
        "sotu_appreciations_written", "sotu_appreciations_revealed", "sotu_step_started"]
    assert revealed["events"][0]["private_to"] == sam.snapshot["me"]
    assert revealed["view"]["exercise"]["appreciations"][a] == [SECRET_THANKS]

    for socket in (alex, sam):
        version = await acted(socket, "sotu_went_well_share", version, text="We laughed")
    version = await acted(sam, "sotu_issue_skip", version)
    version = await acted(alex, "sotu_loved_write", version, text=SECRET_LOVED)
    await sam.at_version(version)
    assert SECRET_LOVED not in received(sam)
    await again.at_version(version)
    assert SECRET_LOVED not in received(again)
    version = await acted(sam, "sotu_loved_write", version, text="A note in my bag")
    done = await sam.at_version(version)
    types = [e["type"] for e in done["events"]]
    assert types == ["sotu_loved_written", "sotu_loved_revealed", "exercise_completed"]
    assert done["events"][1]["data"]["loved"][a] == SECRET_LOVED


async def test_the_issue_runs_through_the_speaker_listener_commands(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a, s = alex.snapshot["me"], sam.snapshot["me"]
    version = await acted(alex, "exercise_start", 0, exercise="state_of_union")
    assert (await refused(alex, "statement_make", version, text="Too early"))["code"] == (
        "no_floor_open")
    version = await acted(alex, "sotu_appreciations_write", version, items=["Coffee"])
    version = await acted(sam, "sotu_appreciations_write", version, items=["The note"])
    for socket in (alex, sam):
        version = await acted(socket, "sotu_went_well_share", version, text="Sunday walk")
    version = await acted(sam, "sotu_issue_choose", version, topic="Screen time at dinner",
                          first_speaker=s, mode="typed")
    floor = (await alex.at_version(version))["view"]["exercise"]["floor"]
    assert (floor["topic"], floor["speaker"], floor["listener"]) == ("Screen time at dinner", s, a)
    version = await acted(sam, "statement_make", version, text="I miss talking at dinner")
    version = await acted(alex, "paraphrase_submit", version, text="You miss our talks")
    version = await acted(sam, "paraphrase_confirm", version)
    version = await acted(alex, "listening_close", version)
    closed = await sam.at_version(version)
    assert [e["type"] for e in closed["events"]] == ["sotu_issue_closed", "sotu_step_started"]
    ex = closed["view"]["exercise"]
    assert (ex["step"], ex["floor"], ex["issue"]["exchanges"]) == ("loved", None, 1)


async def test_a_refused_command_changes_nothing(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await acted(alex, "exercise_start", 0, exercise="state_of_union")
    version = await acted(alex, "sotu_appreciations_write", version, items=["Coffee"])
    await sam.at_version(version)
    before = await stored(practice)
    assert (await refused(alex, "sotu_appreciations_write", version, items=["More"]))["code"] == (
        "already_written")
    assert (await refused(sam, "sotu_went_well_share", version, text="Early"))["code"] == (
        "wrong_step")
    assert (await refused(sam, "sotu_appreciations_write", version, items=["x" * 201]))["code"] == (
        "text_too_long")
    assert (await refused(sam, "sotu_appreciations_write", version, items=[" ", ""]))["code"] == (
        "text_required")
    after = await stored(practice)
    assert (after.version, after.state) == (before.version, before.state)
    assert await alex.nothing_more()
