"""The aftermath's new steps through the real ASGI app: the calm check
before step 1, an apology accepted in step 4, a request adjusted in step 5,
and the plan the couple agreed stored in the couple space."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async

from couples.models import PlanItem, PracticeSession

pytestmark = [pytest.mark.django_db(transaction=True)]


def cid() -> str:
    return str(uuid.uuid4())


async def acted(socket, name, version, **payload) -> int:
    await socket.command(name, version, cid(), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def refused(socket, name, version, **payload) -> str:
    await socket.command(name, version, cid(), **payload)
    return (await socket.next("error"))["code"]


async def started(alex, sam) -> int:
    return await acted(alex, "exercise_start", 0, exercise="aftermath",
                       first_speaker=alex.snapshot["me"], topic="Sunday dinner")


async def test_either_partner_can_say_not_yet_before_step_one(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await started(alex, sam)
    assert await refused(sam, "aftermath_feelings_name", version, feelings=["sad"]) == "wrong_step"
    version = await acted(alex, "aftermath_calm_answer", version, answer="calm")
    version = await acted(sam, "aftermath_calm_answer", version, answer="not_yet")
    update = await alex.at_version(version)
    ex = update["view"]["exercise"]
    assert (ex["step"], ex["calm"], ex["not_yet"]["by"]) == ("calm_check", {}, sam.snapshot["me"])
    assert update["events"][0]["type"] == "aftermath_not_calm_yet"


async def test_the_whole_aftermath_leaves_a_plan_in_the_couple_space(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a, s = alex.snapshot["me"], sam.snapshot["me"]
    version = await started(alex, sam)
    for socket in (alex, sam):
        version = await acted(socket, "aftermath_calm_answer", version, answer="calm")
    for socket in (alex, sam):
        version = await acted(socket, "aftermath_feelings_name", version, feelings=["sad"])
    for describer, validator in ((alex, sam), (sam, alex)):
        version = await acted(describer, "aftermath_perspective_describe", version, text="For me")
        version = await acted(validator, "aftermath_perspective_validate", version, text="I see")
        version = await acted(describer, "aftermath_perspective_confirm", version)
    for socket in (alex, sam):
        version = await acted(socket, "aftermath_trigger_name", version, text="Being rushed")
    version = await acted(alex, "aftermath_part_own", version, text="I snapped at you")
    version = await acted(alex, "aftermath_apology_offer", version, text="I'm sorry I snapped")
    assert await refused(alex, "aftermath_apology_answer", version, answer="accept") == (
        "not_your_turn")
    version = await acted(sam, "aftermath_apology_answer", version, answer="accept")
    seen = await alex.at_version(version)
    assert seen["view"]["exercise"]["apologies"][a]["answer"] == "accept"
    version = await acted(sam, "aftermath_part_own", version, text="I went silent")
    version = await acted(sam, "aftermath_apology_skip", version)
    version = await acted(alex, "aftermath_next_time_propose", version,
                          text="Say when I'm tired", request="Ask me before inviting guests")
    assert await refused(sam, "aftermath_request_answer", version, answer="adjust") == (
        "text_required")
    version = await acted(sam, "aftermath_request_answer", version, answer="adjust",
                          text="Ask you a day before inviting guests")
    version = await acted(sam, "aftermath_next_time_propose", version, text="Stay and talk")
    update = await alex.at_version(version)
    assert update["events"][-1]["type"] == "exercise_completed"

    items = await database_sync_to_async(
        lambda: list(PlanItem.objects.filter(couple=practice.couple).values_list(
            "kind", "owner_id", "asked_by_id", "text", "status"))
    )()
    assert items == [
        ("do_differently", int(a), None, "Say when I'm tired", "open"),
        ("request", int(s), int(a), "Ask you a day before inviting guests", "open"),
        ("do_differently", int(s), None, "Stay and talk", "open"),
    ]
    session = await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)
    assert session.state["completed"][-1]["summary"]["plan"][1]["asked_by"] == a
