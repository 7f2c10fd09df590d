"""Active listening's new steps through the real ASGI app and channel layer:
the clarifying question, the short pause with its server deadline, the
practice cue and the talk-time balance both partners see at the end."""

from __future__ import annotations

import types
import uuid

import pytest
from channels.db import database_sync_to_async

from couples.live import consumers
from couples.models import PracticeSession

pytestmark = [pytest.mark.django_db(transaction=True)]


def cid() -> str:
    return str(uuid.uuid4())


async def stored(practice) -> PracticeSession:
    return await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)


async def acted(socket, name, version, **payload) -> int:
    await socket.command(name, version, cid(), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def view_at(socket, version: int) -> dict:
    """The view at ``version``: already received (the sender's own update can
    come before its ack), or the next update that reaches it."""
    for message in reversed(socket.seen):
        if message["type"] in ("update", "snapshot") and message["version"] == version:
            return message["view"]
    return (await socket.at_version(version))["view"]


async def started(alex, sam, **options) -> int:
    version = await acted(alex, "exercise_start", 0, exercise="active_listening", topic="Chores",
                          mode="typed", first_speaker=alex.snapshot["me"], **options)
    version = await acted(alex, "statement_make", version, text="Mornings wear me out")
    await sam.at_version(version)
    return version


async def test_the_listener_asks_a_question_and_the_speaker_answers(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    version = await acted(sam, "clarify_ask", version, text="Which part of the morning?")
    update = await alex.at_version(version)
    assert update["view"]["exercise"]["phase"] == "answer"
    assert update["events"][0]["data"]["text"] == "Which part of the morning?"
    version = await acted(alex, "clarify_answer", version, text="Getting everyone out")
    seen = await sam.at_version(version)
    assert seen["view"]["exercise"]["current"]["question"] == {
        "text": "Which part of the morning?", "answer": "Getting everyone out"}
    assert seen["view"]["exercise"]["phase"] == "paraphrase"


async def test_a_rebuttal_is_not_a_question_and_changes_nothing(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    before = await stored(practice)
    await sam.command("clarify_ask", version, cid(), text="That's not true.")
    assert (await sam.next("error"))["code"] == "not_a_question"
    await alex.command("clarify_ask", version, cid(), text="Do you see?")
    assert (await alex.next("error"))["code"] == "not_listener"
    after = await stored(practice)
    assert (after.version, after.state) == (before.version, before.state)


async def test_a_short_pause_holds_the_exchange_until_either_ends_it(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    version = await acted(alex, "listening_pause_call", version, minutes=3)
    update = await sam.at_version(version)
    pause = update["view"]["exercise"]["pause"]
    assert pause["ends_at"] - pause["started_at"] == 180
    await sam.command("paraphrase_submit", version, cid(), text="Mornings are hard")
    error = await sam.next("error")
    assert error["code"] == "short_pause_active" and error["details"]["ends_at"] == pause["ends_at"]
    version = await acted(sam, "listening_pause_end", version)
    seen = await alex.at_version(version)
    assert seen["view"]["exercise"]["pause"] is None
    assert seen["events"][0]["data"]["early"] is True


async def test_a_pause_that_ran_out_ends_with_the_next_step(
    practice, partners, session_socket, monkeypatch
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    version = await acted(alex, "listening_pause_call", version, minutes=1)
    ends_at = (await sam.at_version(version))["view"]["exercise"]["pause"]["ends_at"]
    monkeypatch.setattr(consumers, "time", types.SimpleNamespace(time=lambda: ends_at + 1))
    version = await acted(sam, "paraphrase_submit", version, text="Mornings are hard")
    seen = await alex.at_version(version)
    assert [e["type"] for e in seen["events"]] == ["listening_pause_ended", "paraphrase_given"]


async def test_both_see_the_practice_cue_deadline_and_the_talk_time_at_the_close(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam, practice_minutes=5)
    practice_view = (await view_at(sam, version))["exercise"]["practice"]
    assert practice_view["cue_at"] - practice_view["started_at"] == 300
    version = await acted(sam, "paraphrase_submit", version, text="Mornings are hard")
    version = await acted(alex, "paraphrase_confirm", version)
    version = await acted(sam, "listening_close", version)
    for socket in (alex, sam):
        balance = (await view_at(socket, version))["exercise"]["talk_time"]
        assert balance[alex.snapshot["me"]]["pieces"] == 1
        assert balance[sam.snapshot["me"]] == {"pieces": 0, "floor_seconds": 0}


async def test_a_practice_length_out_of_range_is_refused(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    await alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="x",
                       mode="typed", first_speaker=alex.snapshot["me"], practice_minutes=30)
    assert (await alex.next("error"))["code"] == "practice_length_out_of_range"
