"""The boundary conversation through the real ASGI app and channel layer: a
coached draft that reaches its author only (and is sealed at rest), the
whole conversation between two partner sockets, and refusals that change
nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from couples.models import PracticeSession, SessionEvent

pytestmark = [pytest.mark.django_db(transaction=True)]

SECRET = "heron-lamplight-2093"
"""A marker in a private draft: it must never reach the other partner."""

BOUNDARY = {"need": "I need an hour to myself after work",
            "limit": "I can't talk about money the moment I get home",
            "action": "I will say so and go for a walk, then come back"}


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


async def stored(practice) -> tuple[int, str]:
    """The stored version, and the stored state and events as JSON text."""
    def read():
        session = PracticeSession.objects.get(pk=practice.pk)
        events = list(SessionEvent.objects.filter(session=practice).values_list("events", flat=True))
        return session.version, json.dumps([session.state, events])
    return await database_sync_to_async(read)()


async def started(alex, sam) -> int:
    version = await acted(alex, "exercise_start", 0, exercise="boundary_conversation",
                          first_speaker=alex.snapshot["me"])
    await sam.at_version(version)
    return version


async def test_the_coached_draft_reaches_its_author_only_and_is_sealed_at_rest(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    version = await acted(alex, "boundary_draft", version, need=f"I need {SECRET}",
                          limit="", action="You must stop")
    mine = await alex.at_version(version)
    (drafted,) = mine["events"]
    assert drafted["type"] == "boundary_drafted"
    assert any("demand" in note["codes"] for note in drafted["data"]["coach"]["parts"]["action"])
    assert mine["view"]["exercise"]["drafts"][alex.snapshot["me"]]["need"] == f"I need {SECRET}"
    theirs = await sam.at_version(version)
    assert theirs["events"] == [] and theirs["view"]["exercise"]["drafts"] == {}
    await alex.close()
    again = await session_socket(partners[0], practice)
    assert again.snapshot["view"]["exercise"]["drafts"][again.snapshot["me"]]["need"] == (
        f"I need {SECRET}")
    assert await sam.nothing_more()
    assert SECRET not in json.dumps(sam.seen)
    _, at_rest = await stored(practice)
    assert SECRET not in at_rest


async def test_a_boundary_is_stated_understood_answered_and_the_roles_swap(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a, s = alex.snapshot["me"], sam.snapshot["me"]
    version = await started(alex, sam)
    version = await acted(alex, "boundary_state", version, **BOUNDARY)
    seen = await sam.at_version(version)
    assert seen["events"][0]["data"] == {"speaker": a, "round": 1, **BOUNDARY}
    version = await acted(sam, "boundary_paraphrase", version, text="Never talk money")
    version = await acted(alex, "boundary_paraphrase_correct", version, text="Not never: later")
    version = await acted(sam, "boundary_paraphrase", version, text="An hour first, then money")
    version = await acted(alex, "boundary_paraphrase_confirm", version)
    version = await acted(sam, "boundary_respond", version, honour="I can wait an hour",
                          hard="Bills due that day")
    answered = await alex.at_version(version)
    assert answered["view"]["exercise"]["rounds"][0]["response"] == {
        "honour": "I can wait an hour", "hard": "Bills due that day"}
    version = await acted(alex, "boundary_swap", version)
    swapped = (await sam.at_version(version))["view"]["exercise"]
    assert (swapped["speaker"], swapped["listener"], swapped["phase"]) == (s, a, "stating")
    version = await acted(sam, "boundary_state", version, **BOUNDARY)
    version = await acted(alex, "boundary_paraphrase", version, text="Same for you")
    version = await acted(sam, "boundary_paraphrase_confirm", version)
    version = await acted(alex, "boundary_respond", version, honour="Yes")
    version = await acted(sam, "boundary_finish", version)
    done = await alex.at_version(version)
    assert done["view"]["exercise"] is None
    assert [r["speaker"] for r in done["view"]["completed"][-1]["summary"]["rounds"]] == [a, s]


async def test_answering_before_understanding_is_refused_and_changes_nothing(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    version = await acted(alex, "boundary_state", version, **BOUNDARY)
    await sam.at_version(version)
    before = await stored(practice)
    assert (await refused(sam, "boundary_respond", version, honour="Fine"))["code"] == "out_of_turn"
    assert (await refused(sam, "boundary_state", version, **BOUNDARY))["code"] == "not_stating"
    assert (await refused(alex, "boundary_paraphrase", version, text="x"))["code"] == (
        "not_listener")
    assert (await refused(sam, "boundary_respond", version, honour="Fine", extra="x"))["code"] == (
        "invalid_message")
    assert await stored(practice) == before
    assert await alex.nothing_more()
