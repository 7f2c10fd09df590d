"""Longer breaks with an agreed return (issue #14 item 6) through the real
ASGI app: a partner proposes "tomorrow at 19:00", the other agrees; the
couple page's socket learns of the break and its return time; a partner
who asked for a reminder sees it on the couple page once the time has come;
leaving the session during the break and coming back finds it unchanged."""

from __future__ import annotations

import time
import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from couples.models import PracticeSession
from tests.conftest import Socket, cookie_headers

pytestmark = [pytest.mark.django_db(transaction=True)]


async def acted(socket, name, version, **payload) -> int:
    await socket.command(name, version, str(uuid.uuid4()), **payload)
    answer = await socket.next("ack", "error")
    assert answer["type"] == "ack", answer
    return answer["version"]


async def couple_socket(user) -> Socket:
    headers = await database_sync_to_async(cookie_headers)(user)
    socket = Socket("/ws/couple/", headers)
    accepted, _ = await socket.connect()
    assert accepted
    return socket


def couple_page(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


async def test_a_return_time_is_proposed_agreed_and_told_to_the_couple_page(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    sam_page = await couple_socket(partners[1])
    a_id, s_id = alex.snapshot["me"], sam.snapshot["me"]

    version = await acted(alex, "time_out_call", 0, minutes=180)
    notice = await sam_page.next("time_out")
    assert notice["time_out"]["agreed_by"] == [a_id]
    started = (await sam.at_version(version))["view"]["time_out"]["started_at"]

    return_at = started + 20 * 3600  # "tomorrow at 19:00" for a break begun at 23:00
    version = await acted(alex, "time_out_return_set", version, return_at=return_at)
    view = (await sam.at_version(version))["view"]["time_out"]
    assert (view["ends_at"], view["agreed_by"]) == (return_at, [a_id])
    assert (await sam_page.next("time_out"))["time_out"]["ends_at"] == return_at

    version = await acted(sam, "time_out_return_agree", version)
    version = await acted(sam, "time_out_remind_me", version, remind=True)
    notice = await sam_page.next("time_out")
    notice = await sam_page.next("time_out")
    assert sorted(notice["time_out"]["agreed_by"]) == sorted([a_id, s_id])
    assert notice["time_out"]["remind"] == [s_id]

    # A return time past 24 hours after the start is refused, and changes nothing.
    await alex.command("time_out_return_set", version, str(uuid.uuid4()),
                       return_at=started + 25 * 3600)
    assert (await alex.next("error"))["code"] == "time_out_too_long"
    await sam_page.close()


async def test_leaving_during_a_long_break_and_coming_back_finds_it_unchanged(
    practice, partners, session_socket
):
    sam = await session_socket(partners[1], practice)
    version = await acted(sam, "time_out_call", 0, minutes=600)
    version = await acted(sam, "time_out_remind_me", version)
    time_out = (await sam.at_version(version))["view"]["time_out"]
    await sam.close()

    page = await database_sync_to_async(couple_page)(partners[1])
    assert "You are on a break." in page and "this page will remind you when it is time" in page
    assert "time to come back.</strong>" not in page
    again = await session_socket(partners[1], practice)
    assert again.snapshot["view"]["time_out"] == time_out


async def test_the_couple_page_reminds_whoever_asked_once_the_time_has_come(
    practice, partners, session_socket
):
    sam = await session_socket(partners[1], practice)
    version = await acted(sam, "time_out_call", 0, minutes=30)
    await acted(sam, "time_out_remind_me", version)

    def return_time_passes() -> None:
        session = PracticeSession.objects.get(pk=practice.pk)
        session.state["time_out"]["ends_at"] = time.time() - 60
        session.save(update_fields=["state"])

    await database_sync_to_async(return_time_passes)()
    reminded = await database_sync_to_async(couple_page)(partners[1])
    assert "time to come back.</strong>" in reminded
    not_asked = await database_sync_to_async(couple_page)(partners[0])
    assert "time to come back.</strong>" not in not_asked


async def test_ending_the_session_during_a_break_clears_the_couple_page_notice(
    practice, partners, session_socket
):
    sam = await session_socket(partners[1], practice)
    alex_page = await couple_socket(partners[0])
    version = await acted(sam, "time_out_call", 0, minutes=120)
    assert (await alex_page.next("time_out"))["time_out"] is not None
    await acted(sam, "session_end", version)
    assert (await alex_page.next("time_out"))["time_out"] is None
    assert (await alex_page.next("session"))["status"] == "ended"
    await alex_page.close()
