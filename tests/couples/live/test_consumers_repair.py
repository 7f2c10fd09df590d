"""Repair attempts and time-outs through the real ASGI app and channel layer:
a repair reaches the other partner, a time-out holds the session for both,
survives a reconnect, and ends when both come back after the deadline."""

from __future__ import annotations

import time
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
    """Send a command and return the version its ack reports."""
    await socket.command(name, version, cid(), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def listening_with_a_statement(alex, sam) -> int:
    version = await acted(alex, "exercise_start", 0, exercise="active_listening", topic="Chores",
                          mode="typed", first_speaker=alex.snapshot["me"])
    version = await acted(alex, "statement_make", version, text="I feel rushed in the mornings")
    await sam.at_version(version)
    return version


async def test_a_repair_attempt_reaches_the_other_partner_who_acknowledges_it(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id, s_id = alex.snapshot["me"], sam.snapshot["me"]
    version = await acted(alex, "repair_send", 0, phrase_id="sorry_harsh")
    update = await sam.at_version(version)
    assert update["events"][0]["type"] == "repair_sent"
    repair = update["view"]["repairs"][-1]
    assert (repair["from"], repair["to"], repair["answer"]) == (a_id, s_id, None)
    assert repair["text"] == "I'm sorry. That came out harsher than I meant."

    answer = {"repair_id": repair["id"], "answer": "with_you"}
    await alex.command("repair_acknowledge", version, cid(), **answer)
    assert (await alex.next("error"))["code"] == "not_repair_recipient"
    version = await acted(sam, "repair_acknowledge", version, **answer)
    seen_by_alex = await alex.at_version(version)
    assert seen_by_alex["view"]["repairs"][-1]["answer"] == "with_you"
    assert seen_by_alex["view"]["repair_counts"][a_id] == {"made": 1, "received": 0}


async def test_a_time_out_holds_the_exercise_for_both_partners_and_changes_nothing(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await listening_with_a_statement(alex, sam)
    version = await acted(sam, "time_out_call", version)
    before = await stored(practice)
    await alex.at_version(version)

    await sam.command("paraphrase_submit", version, cid(), text="Mornings feel rushed")
    await alex.command("exercise_stop", version, cid())
    for socket in (sam, alex):
        error = await socket.next("error")
        assert error["code"] == "time_out_active"
        assert error["details"]["ends_at"] == before.state["time_out"]["ends_at"]
    after = await stored(practice)
    assert (after.version, after.state) == (before.version, before.state)


async def test_the_time_out_survives_a_reconnect(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    version = await acted(alex, "time_out_call", 0, minutes=30)
    update = await alex.at_version(version)
    ends_at = update["view"]["time_out"]["ends_at"]
    await alex.close()
    again = await session_socket(partners[0], practice)
    assert again.snapshot["view"]["time_out"]["ends_at"] == ends_at
    assert ends_at - again.snapshot["view"]["server_now"] == pytest.approx(30 * 60, abs=60)


async def test_after_the_deadline_both_return_and_the_exercise_continues(
    practice, partners, session_socket, monkeypatch
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await listening_with_a_statement(alex, sam)
    version = await acted(alex, "time_out_call", version)
    ends_at = (await sam.at_version(version))["view"]["time_out"]["ends_at"]

    await sam.command("time_out_return", version, cid())
    assert (await sam.next("error"))["code"] == "time_out_not_over"

    monkeypatch.setattr(consumers, "time", types.SimpleNamespace(time=lambda: ends_at + 1))
    version = await acted(sam, "time_out_return", version)
    version = await acted(alex, "time_out_return", version)
    back = await sam.at_version(version)
    assert back["view"]["time_out"] is None
    assert [e["type"] for e in back["events"]] == ["time_out_returned", "time_out_ended"]
    assert back["view"]["exercise"]["phase"] == "paraphrase"
    assert back["view"]["server_now"] == ends_at + 1

    version = await acted(sam, "paraphrase_submit", version, text="Mornings feel rushed")
    assert (await alex.at_version(version))["view"]["exercise"]["phase"] == "confirm"


async def test_the_snapshot_carries_the_server_clock(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    assert alex.snapshot["view"]["server_now"] == pytest.approx(time.time(), abs=30)


async def test_the_speaker_can_ask_to_finish_but_the_listener_cannot(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await listening_with_a_statement(alex, sam)
    await sam.command("repair_send", version, cid(), phrase_id="reset_let_me_finish")
    assert (await sam.next("error"))["code"] == "phrase_not_available_now"
    version = await acted(alex, "repair_send", version, phrase_id="reset_let_me_finish")
    update = await sam.at_version(version)
    assert "let me finish" in update["view"]["repairs"][-1]["text"].lower()


async def test_the_flooding_phrase_offers_a_time_out_that_starts_in_one_tap(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await acted(sam, "repair_send", 0, phrase_id="calm_flooded")
    update = await alex.at_version(version)
    assert update["view"]["repairs"][-1]["offers_time_out"] is True
    version = await acted(sam, "time_out_call", version)
    seen = await alex.at_version(version)
    assert seen["view"]["time_out"]["called_by"] == sam.snapshot["me"]
