"""I-statement rewriting through the real ASGI app and channel layer: live
coaching answered to its sender only, drafts that never reach the other
partner, and a whole statement shared, paraphrased, answered and resolved."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from couples.models import PracticeSession, SessionEvent
from couples.services.sessions import practice_session_start
from exercises import engine
from exercises.i_statements import MAX_ANALYZE_CHARS, analyze

pytestmark = [pytest.mark.django_db(transaction=True)]

SECRET = "quokka-lantern-4417"
"""A marker in private drafts: it must never reach the other partner."""


def cid() -> str:
    return str(uuid.uuid4())


async def stored(practice) -> tuple[int, str]:
    """The session's stored version and every stored event, as JSON text."""
    version = (await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)).version
    events = await database_sync_to_async(
        lambda: json.dumps(
            list(SessionEvent.objects.filter(session=practice).values_list("events", flat=True))
        )
    )()
    return version, events


async def act(socket, name, version, **payload) -> int:
    await socket.command(name, version, cid(), **payload)
    return (await socket.next("ack", "error"))["version"]


async def start(alex, sam, writer_id) -> int:
    version = await act(alex, "exercise_start", 0, exercise="i_statements", first_writer=writer_id)
    await sam.at_version(version)
    return version


async def test_analyze_is_answered_to_its_sender_only_and_stores_nothing(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    text = f"You never listen to me about {SECRET}"
    await alex.send({"type": "analyze", "request_id": "r-1", "text": text})
    answer = await alex.next("analysis")
    assert answer["request_id"] == "r-1"
    assert answer["analysis"] == analyze(text).to_dict()
    assert "absolute" in answer["analysis"]["issues"]
    assert await sam.nothing_more()
    assert SECRET not in json.dumps(sam.seen)
    version, events = await stored(practice)
    assert version == 0 and SECRET not in events


async def test_analyze_past_the_limit_is_refused_to_its_sender(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    await alex.send({"type": "analyze", "request_id": "r-2", "text": "x" * (MAX_ANALYZE_CHARS + 1)})
    error = await alex.next("error")
    assert error["code"] == "text_too_long"
    assert error["details"]["request_id"] == "r-2"


async def test_an_analyze_frame_without_a_request_id_does_not_fit_the_protocol(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    await alex.send({"type": "analyze", "text": "You never listen"})
    assert (await alex.next("error"))["code"] == "invalid_message"


async def test_a_draft_never_reaches_the_other_partner_and_survives_a_reconnect(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start(alex, sam, alex.snapshot["me"])
    version = await act(alex, "i_statement_draft_save", version, complaint=f"You always {SECRET}",
                        situation=SECRET, need=SECRET, request=SECRET, rewrite=SECRET)
    await alex.send({"type": "analyze", "request_id": "r-3", "text": f"You always {SECRET}"})
    await alex.next("analysis")
    update = await sam.at_version(version)
    assert update["events"] == [] and update["view"]["exercise"]["my_draft"] == {}
    await alex.close()
    again = await session_socket(partners[0], practice)
    assert again.snapshot["view"]["exercise"]["my_draft"]["complaint"] == f"You always {SECRET}"
    assert await sam.nothing_more()
    assert SECRET not in json.dumps(sam.seen)
    _, events = await stored(practice)
    assert SECRET not in events  # the draft event names fields, never their text


async def test_the_listener_cannot_act_on_the_writers_draft(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start(alex, sam, alex.snapshot["me"])
    await sam.command("i_statement_draft_save", version, cid(), complaint="Actually…")
    assert (await sam.next("error"))["code"] == "not_writer"
    assert (await stored(practice))[0] == version


async def test_a_shared_rewrite_is_paraphrased_answered_and_resolved_by_both(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start(alex, sam, alex.snapshot["me"])
    version = await act(alex, "i_statement_draft_save", version, complaint=f"You never {SECRET}")
    version = await act(alex, "i_statement_share", version, feeling="lonely",
                        situation="you look at your phone during dinner", need="connection",
                        request="leave our phones in the hall while we eat")
    shared = await sam.at_version(version)
    assert shared["events"][0]["type"] == "i_statement_shared"
    assert shared["view"]["exercise"]["shared"]["text"].startswith("I feel lonely when you look")
    assert shared["view"]["exercise"]["shared"]["analysis"]["feeling"] == "lonely"

    version = await act(sam, "i_statement_paraphrase", version,
                        text="You feel lonely when I'm on my phone at dinner")
    await alex.at_version(version)
    version = await act(alex, "i_statement_paraphrase_confirm", version)
    await sam.at_version(version)
    version = await act(sam, "i_statement_offer", version, text="I'll leave my phone in the hall")
    await alex.at_version(version)
    version = await act(alex, "i_statement_close", version, outcome="resolved")
    await sam.at_version(version)
    version = await act(sam, "i_statement_close", version, outcome="resolved")

    done = await alex.at_version(version)
    assert done["view"]["exercise"] is None
    statement = done["view"]["completed"][-1]["summary"]["statements"][0]
    assert (statement["paraphrase"], statement["offer"], statement["outcome"]) == (
        "You feel lonely when I'm on my phone at dinner",
        "I'll leave my phone in the hall",
        "resolved",
    )
    assert (await sam.at_version(version))["view"]["completed"][-1] == done["view"]["completed"][-1]
    assert await sam.nothing_more()
    assert SECRET not in json.dumps(sam.seen)


def test_a_later_session_lists_what_was_carried_over(client, couple, partners, practice):
    a, b = (str(p.pk) for p in partners)
    state = practice.state
    for actor, name, payload in [
        (a, "exercise_start", {"exercise": "i_statements", "first_writer": a}),
        (a, "i_statement_share", {"feeling": "worried", "situation": "the rent is late",
                                  "need": "security", "request": "sit down with me on Sunday"}),
        (b, "i_statement_paraphrase", {"text": "The late rent worries you"}),
        (a, "i_statement_paraphrase_confirm", {}),
        (b, "i_statement_offer", {"text": "Sunday after lunch"}),
        (a, "i_statement_close", {"outcome": "carried_over"}),
        (b, "i_statement_close", {"outcome": "resolved"}),
        (a, "session_end", {}),
    ]:
        state, _ = engine.apply(state, engine.Command(name, actor, payload, now=1000.0))
    practice.state, practice.status = state, "ended"
    practice.save()
    later = practice_session_start(couple=couple, started_by=partners[1])
    client.force_login(partners[1])
    config = client.get(f"/sessions/{later.public_id}/").context["config"]
    [listed] = config["i_statements"]["carried_over"]
    assert (listed["writer"], listed["offer"]) == (a, "Sunday after lunch")
    assert listed["text"].startswith("I feel worried when the rent is late")
