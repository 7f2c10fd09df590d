"""The live session through the real ASGI app and channel layer: two
partners, an outsider, out-of-turn commands, reconnects, duplicates, races."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async

from couples.live import protocol
from couples.models import PracticeSession, SessionEvent
from tests.factories import CoupleFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


def cid() -> str:
    return str(uuid.uuid4())


async def start_listening(alex, version, speaker_id, mode="typed"):
    await alex.command("exercise_start", version, cid(), exercise="active_listening",
                       topic="Chores", mode=mode, first_speaker=speaker_id)
    return (await alex.next("ack"))["version"]


async def stored_version(practice) -> int:
    return (await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)).version


async def test_two_partners_complete_an_exchange(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id, s_id = alex.snapshot["me"], sam.snapshot["me"]
    assert alex.snapshot["version"] == 0 and alex.snapshot["participants"][s_id]["name"] == partners[1].display_name

    version = await start_listening(alex, 0, a_id)
    await sam.next("update")
    await alex.command("statement_make", version, cid(), text="I feel rushed in the mornings")
    ack = await alex.next("ack")
    seen_by_sam = await sam.at_version(version + 1)
    assert ack["version"] == seen_by_sam["version"] == version + 1
    assert seen_by_sam["view"]["exercise"]["current"]["statement"] == "I feel rushed in the mornings"
    assert seen_by_sam["events"][0]["type"] == "statement_made"

    await sam.command("paraphrase_submit", version + 1, cid(), text="Mornings feel rushed to you")
    update = await alex.at_version(version + 2)
    assert update["view"]["exercise"]["phase"] == "confirm"
    await alex.command("paraphrase_confirm", version + 2, cid())
    done = await sam.at_version(version + 3)
    assert done["view"]["exercise"]["exchange_count"] == 1
    assert done["view"]["exercise"]["phase"] == "statement"
    assert await stored_version(practice) == version + 3


async def test_an_outsider_is_refused_with_the_documented_code(practice, outsider, session_socket):
    stranger = await session_socket(outsider, practice, expect_snapshot=False)
    assert await stranger.closed_with() == protocol.CLOSE_FORBIDDEN


async def test_a_signed_out_browser_is_refused(practice, session_socket):
    anonymous = await session_socket(None, practice, expect_snapshot=False)
    assert await anonymous.closed_with() == protocol.CLOSE_NOT_AUTHENTICATED


async def test_a_session_of_another_couple_cannot_be_joined_by_its_id(practice, session_socket):
    other = await database_sync_to_async(CoupleFactory)()
    intruder = await database_sync_to_async(lambda: other.memberships.first().user)()
    socket = await session_socket(intruder, practice, expect_snapshot=False)
    assert await socket.closed_with() == protocol.CLOSE_FORBIDDEN


async def test_a_cross_site_origin_is_refused(practice, partners, session_socket):
    socket = await session_socket(partners[0], practice, origin="https://evil.example",
                                  expect_snapshot=False)
    assert socket.accepted is False  # refused during the handshake: no frame, no session data


async def test_out_of_turn_gets_the_error_only_and_the_state_is_unchanged(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_listening(alex, 0, alex.snapshot["me"])
    await sam.at_version(version)
    await alex.at_version(version)
    client_id = cid()
    await sam.command("statement_make", version, client_id, text="Well, actually you…")
    error = await sam.next("error")
    assert (error["code"], error["client_id"]) == ("not_speaker", client_id)
    assert await alex.nothing_more()
    assert await stored_version(practice) == version
    # The connection stays usable.
    await sam.send({"type": "sync"})
    assert (await sam.next("snapshot"))["version"] == version


async def test_reconnecting_gets_a_snapshot_at_the_current_version(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    version = await start_listening(alex, 0, alex.snapshot["me"])
    await alex.command("statement_make", version, cid(), text="I miss our walks")
    await alex.next("ack")
    await alex.close()
    again = await session_socket(partners[0], practice)
    assert again.snapshot["version"] == version + 1
    assert again.snapshot["view"]["exercise"]["current"]["statement"] == "I miss our walks"


async def test_a_repeated_client_id_applies_once(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    version = await start_listening(alex, 0, alex.snapshot["me"])
    client_id = cid()
    await alex.command("statement_make", version, client_id, text="Only once")
    first = await alex.next("ack")
    await alex.command("statement_make", version, client_id, text="Only once")
    second = await alex.next("ack")
    assert first == {**second, "duplicate": False} and second["duplicate"] is True
    count = await database_sync_to_async(
        SessionEvent.objects.filter(session=practice, command="statement_make").count)()
    assert count == 1 and await stored_version(practice) == version + 1


async def test_two_racing_commands_one_wins_the_other_gets_a_version_error(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    await asyncio.gather(
        alex.command("exercise_start", 0, cid(), exercise="active_listening", topic="Money",
                     mode="typed", first_speaker=alex.snapshot["me"]),
        sam.command("exercise_start", 0, cid(), exercise="active_listening", topic="Chores",
                    mode="spoken", first_speaker=sam.snapshot["me"]),
    )
    answers = [await alex.next("ack", "error"), await sam.next("ack", "error")]
    assert sorted(a["type"] for a in answers) == ["ack", "error"]
    loser = next(a for a in answers if a["type"] == "error")
    assert loser["code"] == protocol.ERROR_STALE_VERSION and loser["details"]["current_version"] == 1
    assert await stored_version(practice) == 1


async def test_partners_sharing_their_closing_lines_at_the_same_moment_are_both_heard(
    practice, partners, session_socket
):
    """Both tap "Share my line" on the same version: neither is refused for
    the race; the exercise completes with both lines (docs/protocol.md,
    independent commands)."""
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = await start_listening(alex, 0, alex.snapshot["me"])
    steps = [(alex, "statement_make", {"text": "I feel unseen"}),
             (sam, "paraphrase_submit", {"text": "You feel unseen"}),
             (alex, "paraphrase_confirm", {}), (sam, "listening_close", {})]
    for socket, name, payload in steps:
        await socket.command(name, version, cid(), **payload)
        version = (await socket.next("ack"))["version"]
    await asyncio.gather(
        alex.command("understanding_share", version, cid(), text="Alex's line"),
        sam.command("understanding_share", version, cid(), text="Sam's line"),
    )
    answers = [await alex.next("ack", "error"), await sam.next("ack", "error")]
    assert [a["type"] for a in answers] == ["ack", "ack"]
    assert sorted(a["version"] for a in answers) == [version + 1, version + 2]
    final = await alex.at_version(version + 2)
    assert final["view"]["exercise"] is None  # both lines in: the exercise completed


async def test_repair_attempts_sent_at_the_same_moment_are_never_refused_for_the_race(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    version = 0
    for _ in range(6):  # 12 commands a socket: within the per-socket rate limit
        await asyncio.gather(
            alex.command("repair_send", version, cid(), text="Can we slow down?"),
            sam.command("repair_send", version, cid(), text="I'm sorry."),
        )
        answers = [await alex.next("ack", "error"), await sam.next("ack", "error")]
        assert [a["type"] for a in answers] == ["ack", "ack"], answers
        version += 2
        for socket in (alex, sam):
            latest = (await socket.at_version(version))["view"]["repairs"]
            for repair in latest:
                if repair["to"] == socket.snapshot["me"] and repair["answer"] is None:
                    await socket.command("repair_acknowledge", version, cid(),
                                         repair_id=repair["id"], answer="with_you")
                    version = (await socket.next("ack"))["version"]
    assert await stored_version(practice) == version


async def test_private_lines_reach_only_their_author(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id = alex.snapshot["me"]
    version = await start_listening(alex, 0, a_id)
    steps = [(alex, "statement_make", {"text": "I feel unseen"}), (sam, "paraphrase_submit", {"text": "You feel unseen"}),
             (alex, "paraphrase_confirm", {}), (sam, "listening_close", {})]
    for socket, name, payload in steps:
        await socket.command(name, version, cid(), **payload)
        version = (await socket.next("ack"))["version"]
    await alex.command("understanding_share", version, cid(), text="SECRET-LINE-OF-ALEX")
    await alex.next("ack")
    update = await sam.at_version(version + 1)
    assert update["view"]["exercise"]["understandings_written"] == [a_id]
    assert "SECRET-LINE-OF-ALEX" not in str(sam.seen)
    alex_update = await alex.at_version(version + 1)
    assert alex_update["view"]["exercise"]["understandings"] == {a_id: "SECRET-LINE-OF-ALEX"}


async def test_presence_counts_devices(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    await session_socket(partners[1], practice)
    await session_socket(partners[1], practice)
    s_id = str(partners[1].pk)
    presence = await alex.next("presence")
    while presence["presence"].get(s_id, {}).get("devices") != 2:
        presence = await alex.next("presence")
    assert presence["presence"][s_id]["status"] == "connected"


async def test_a_closed_socket_shows_as_reconnecting_to_the_partner(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    s_id = str(partners[1].pk)
    await sam.close()
    presence = await alex.next("presence")
    while presence["presence"].get(s_id, {}).get("status") != "reconnecting":
        presence = await alex.next("presence")
    assert presence["presence"][s_id]["devices"] == 0


async def test_past_the_in_flight_cap_a_command_is_shed_visibly(
    practice, partners, session_socket, settings
):
    settings.MAX_COMMANDS_IN_FLIGHT = 0  # every command finds the worker full
    alex = await session_socket(partners[0], practice)
    client_id = cid()
    await alex.command("exercise_start", 0, client_id, exercise="active_listening",
                       topic="Chores", mode="typed", first_speaker=alex.snapshot["me"])
    error = await alex.next("error")
    assert (error["code"], error["client_id"]) == (protocol.ERROR_SERVER_BUSY, client_id)
    assert await stored_version(practice) == 0
    settings.MAX_COMMANDS_IN_FLIGHT = 64  # load gone: the same client_id now applies
    await alex.command("exercise_start", 0, client_id, exercise="active_listening",
                       topic="Chores", mode="typed", first_speaker=alex.snapshot["me"])
    assert (await alex.next("ack"))["version"] == 1


@pytest.mark.django_db(transaction=True)
async def test_a_therapists_live_reads_are_in_the_couples_access_log(
    couple, practice, partners, session_socket
):
    """One row when the therapist's socket connects and one per snapshot
    sent to them; updates add none."""
    from couples.models import TherapistAccess
    from couples.services.therapy import consent_give, link_create
    from tests.factories import UserFactory

    def link() -> object:
        therapist = UserFactory(is_therapist=True)
        made = link_create(couple=couple, therapist=therapist, invited_by=partners[0])
        consent_give(link_id=made.pk, partner=partners[1])
        return therapist

    def rows() -> list[str]:
        return list(
            TherapistAccess.objects.filter(couple=couple).order_by("pk").values_list("what", flat=True)
        )

    therapist = await database_sync_to_async(link)()
    before = len(await database_sync_to_async(rows)())
    doc = await session_socket(therapist, practice)
    alex = await session_socket(partners[0], practice)
    assert (await database_sync_to_async(rows)())[before:] == ["Live session: connected"]

    await alex.command("repair_send", alex.snapshot["version"], str(uuid.uuid4()), text="Hi")
    await doc.at_version(alex.snapshot["version"] + 1)  # an update: no row
    await doc.send({"type": "sync"})
    await doc.next("snapshot")
    assert (await database_sync_to_async(rows)())[before:] == [
        "Live session: connected", "Live session: fresh copy of the session"
    ]

