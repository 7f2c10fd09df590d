"""The stress-reducing conversation through the real ASGI app: both turns
between two partner sockets, advice held back until it is asked for, and a
refused command that changes nothing."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async

from couples.models import PracticeSession, SessionEvent

pytestmark = [pytest.mark.django_db(transaction=True)]


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


async def started(alex, **options) -> int:
    return await acted(alex, "exercise_start", 0, exercise="stress_reducing",
                       first_speaker=alex.snapshot["me"], turn_minutes=5, **options)


async def test_both_turns_from_two_sockets_end_with_what_helped_each(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a, s = alex.snapshot["me"], sam.snapshot["me"]
    version = await started(alex)
    seen = (await sam.at_version(version))["view"]["exercise"]
    assert (seen["speaker"], seen["listener"]) == (a, s)
    assert seen["turn_cue_at"] - seen["turn_started_at"] == 300

    version = await acted(alex, "stress_share", version, text="My manager moved the deadline again")
    version = await acted(sam, "stress_move", version, move="your_side",
                          text="That is not fair to you")
    update = await alex.at_version(version)
    assert update["events"][0]["type"] == "stress_move_made"
    assert update["view"]["exercise"]["recent"][-1] == {
        "by": s, "type": "move", "move": "your_side", "text": "That is not fair to you"}
    version = await acted(alex, "stress_advice_invite", version)
    version = await acted(sam, "stress_advice_give", version, text="You could ask for a week more")
    version = await acted(alex, "stress_turn_end", version, helped=["your_side"], text="Being heard")
    turn_two = (await sam.at_version(version))["view"]["exercise"]
    assert (turn_two["round"], turn_two["speaker"], turn_two["advice_invited"]) == (2, s, False)

    version = await acted(sam, "stress_share", version, text="My sister keeps calling at night")
    version = await acted(alex, "stress_move", version, move="us_against")
    version = await acted(sam, "stress_turn_end", version)
    done = await alex.at_version(version)
    assert done["events"][-1]["type"] == "exercise_completed"
    assert done["view"]["exercise"] is None
    assert done["view"]["completed"][-1]["summary"]["helped"] == {
        a: {"moves": ["your_side"], "text": "Being heard"}, s: {"moves": [], "text": None}}


async def test_unasked_advice_is_held_back_and_changes_nothing(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex)
    version = await acted(alex, "stress_share", version, text="The commute is killing me")
    await sam.at_version(version)
    before = await stored(practice)
    error = await refused(sam, "stress_move", version, move="understand",
                          text="You should just take the train")
    assert error["code"] == "advice_not_asked" and error["details"]["field"] == "text"
    assert (await refused(sam, "stress_advice_give", version, text="Take the train"))["code"] == (
        "advice_not_asked")
    assert (await refused(alex, "stress_move", version, move="affection"))["code"] == (
        "not_listener")
    assert (await refused(sam, "stress_move", version, move="fix_it"))["code"] == "invalid_choice"
    after = await stored(practice)
    assert (after.version, after.state) == (before.version, before.state)
    count = await database_sync_to_async(SessionEvent.objects.filter(session=practice).count)()
    assert count == version
    assert await alex.nothing_more()


async def test_a_turn_length_out_of_range_is_refused(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    error = await refused(alex, "exercise_start", 0, exercise="stress_reducing",
                          first_speaker=alex.snapshot["me"], turn_minutes=45)
    assert error["code"] == "turn_length_out_of_range"
    assert (await stored(practice)).version == 0


async def test_spoken_mode_is_taps_only(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, mode="spoken")
    assert (await refused(alex, "stress_share", version, text="words"))["code"] == (
        "text_not_allowed")
    version = await acted(alex, "stress_share", version)
    version = await acted(sam, "stress_move", version, move="affection")
    seen = (await alex.at_version(version))["view"]["exercise"]["recent"]
    assert [(p["type"], p["text"]) for p in seen] == [("share", None), ("move", None)]
