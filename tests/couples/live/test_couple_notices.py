"""Couple-page notices (issue #12, item 5) through the real ASGI app: the
socket says ``ready`` once it listens, and a reflection shared with the
partner reaches the partner's page only, with the author's name and a link,
never the text."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from couples.services.reflections import reflection_create, reflection_share
from tests.conftest import Socket, cookie_headers
from tests.factories import marker

pytestmark = [pytest.mark.django_db(transaction=True)]


async def couple_socket(user) -> Socket:
    headers = await database_sync_to_async(cookie_headers)(user)
    socket = Socket("/ws/couple/", headers)
    accepted, _ = await socket.connect()
    assert accepted
    assert (await socket.next())["type"] == "ready"
    return socket


def share_with_partner(author, text):
    return reflection_share(
        reflection=reflection_create(author=author, text=text), audience="partner"
    )


async def test_a_shared_reflection_is_told_to_the_partner_only(partners):
    alex, sam = partners
    alex_page = await couple_socket(alex)
    sam_page = await couple_socket(sam)
    secret = marker("shared")
    await database_sync_to_async(share_with_partner)(alex, secret)
    notice = await sam_page.next("notice")
    assert notice == {
        "type": "notice",
        "kind": "reflection_shared",
        "text": f"{alex.display_name} shared a reflection with you.",
        "url": "/reflections/shared/",
        "action": "Read it",
    }
    # Alex's own page hears nothing of it; a later frame proves the order.
    await database_sync_to_async(share_with_partner)(sam, marker("back"))
    assert (await alex_page.next("notice"))["text"] == f"{sam.display_name} shared a reflection with you."
    assert all(secret not in str(frame) for frame in alex_page.seen + sam_page.seen)
    assert [f["kind"] for f in alex_page.seen if f["type"] == "notice"] == ["reflection_shared"]
    await alex_page.communicator.disconnect()
    await sam_page.communicator.disconnect()
