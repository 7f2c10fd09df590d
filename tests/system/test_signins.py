"""Signing out ends a socket's authority, on a real server: ``POST
/logout/``, a password change and "sign out everywhere" close every affected
socket at once with 4401 (docs/protocol.md, "Close codes"), and a socket that
missed the message changes nothing with its next frame."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from couples.live import protocol
from couples.models import SessionEvent
from tests.servers import Peer, Server, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.multiprocess]

if not settings.REDIS_URL:
    pytest.skip("needs REDIS_URL (make test sets it)", allow_module_level=True)

CSRF = "a" * 32  # a well-formed CSRF secret: the cookie and the header carry the same


def cid() -> str:
    return str(uuid.uuid4())


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """One server for the module: each test signs in people of its own, on
    the test database that is emptied between tests, so none sees another's."""
    with django_db_blocker.unblock():
        started = Server().start()
    yield started
    started.stop()


def post(server: Server, path: str, cookie: str, data: bytes = b"") -> int:
    """POST to the real server as the browser holding ``cookie``; the status."""
    request = urllib.request.Request(
        server.url + path,
        data=data,
        method="POST",
        headers={
            "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


async def closed_with(peer: Peer, timeout: float = 10.0) -> int:  # noqa: ASYNC109
    """Read until the server closes ``peer``; the close code."""
    import websockets

    async def read() -> int:
        try:
            while True:
                await peer.ws.recv()
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd else 1006

    return await asyncio.wait_for(read(), timeout)


def events_of(practice) -> int:
    return SessionEvent.objects.filter(session=practice).count()


async def test_signing_out_closes_that_devices_sockets_at_once_and_not_the_partners(
    practice, partners, server
):
    path = f"/ws/sessions/{practice.public_id}/"
    alex_cookie = await database_sync_to_async(session_cookie)(partners[0])
    other_device = await database_sync_to_async(session_cookie)(partners[0])
    sam_cookie = await database_sync_to_async(session_cookie)(partners[1])
    alex, alex_phone, sam = (Peer(server, c, path) for c in (alex_cookie, other_device, sam_cookie))
    snapshot = await alex.connect()
    await alex_phone.connect()
    await sam.connect()

    assert await asyncio.to_thread(post, server, "/logout/", alex_cookie) == 302
    assert await closed_with(alex) == protocol.CLOSE_SIGNED_OUT
    # Alex's other sign-in and Sam go on.
    await alex_phone.command("repair_send", snapshot["version"], cid(), text="Still with you")
    assert (await alex_phone.next("ack"))["version"] == snapshot["version"] + 1
    await sam.at_version(snapshot["version"] + 1)
    for peer in (alex_phone, sam):
        await peer.close()


async def test_a_socket_that_missed_the_message_changes_nothing_with_its_next_command(
    practice, partners, server
):
    """The sign-in is gone (as if the relay lost the message): the next
    command is not applied and the socket closes with 4401."""
    path = f"/ws/sessions/{practice.public_id}/"
    cookie = await database_sync_to_async(session_cookie)(partners[0])
    alex = Peer(server, cookie, path)
    sam = Peer(server, await database_sync_to_async(session_cookie)(partners[1]), path)
    snapshot = await alex.connect()
    await sam.connect()
    before = await database_sync_to_async(events_of)(practice)
    await database_sync_to_async(Session.objects.filter(session_key=cookie).delete)()

    await alex.command("repair_send", snapshot["version"], cid(), text="Are you there?")
    assert await closed_with(alex) == protocol.CLOSE_SIGNED_OUT
    assert not [f for f in alex.seen if f["type"] == "ack"]
    assert await database_sync_to_async(events_of)(practice) == before
    await sam.ws.send('{"type": "sync"}')
    assert (await sam.next("snapshot"))["version"] == snapshot["version"]  # nothing reached Sam
    await sam.close()


async def test_a_password_change_closes_every_socket_of_that_person(practice, partners, server):
    path = f"/ws/sessions/{practice.public_id}/"
    laptop = Peer(server, await database_sync_to_async(session_cookie)(partners[0]), path)
    phone = Peer(server, await database_sync_to_async(session_cookie)(partners[0]), path)
    await laptop.connect()
    await phone.connect()

    def change_password() -> None:
        partners[0].set_password("a new long passphrase 2024")
        partners[0].save()

    await database_sync_to_async(change_password)()
    assert await closed_with(laptop) == protocol.CLOSE_SIGNED_OUT
    assert await closed_with(phone) == protocol.CLOSE_SIGNED_OUT


async def test_sign_out_everywhere_closes_every_socket_and_every_sign_in(practice, partners, server):
    """An account that signs in with links confirms with its e-mail address
    (the server's password hasher is not the tests' quick one)."""
    path = f"/ws/sessions/{practice.public_id}/"

    def links_only() -> None:
        partners[0].set_unusable_password()
        partners[0].save()

    await database_sync_to_async(links_only)()
    here = await database_sync_to_async(session_cookie)(partners[0])
    elsewhere = await database_sync_to_async(session_cookie)(partners[0])
    laptop, phone = Peer(server, here, path), Peer(server, elsewhere, path)
    await laptop.connect()
    await phone.connect()

    status = await asyncio.to_thread(
        post, server, "/account/sign-out-everywhere/", here,
        urllib.parse.urlencode({"everywhere-confirmation": partners[0].email}).encode(),
    )
    assert status == 302
    assert await closed_with(laptop) == protocol.CLOSE_SIGNED_OUT
    assert await closed_with(phone) == protocol.CLOSE_SIGNED_OUT

    def signed_in(cookie: str) -> bool:
        client = Client()
        client.cookies["sessionid"] = cookie
        return client.get("/account/").status_code == 200

    assert not await database_sync_to_async(signed_in)(elsewhere)


def test_sign_out_everywhere_asks_for_the_password_first(partners):
    client = Client()
    client.force_login(partners[0])
    response = client.post("/account/sign-out-everywhere/", {"everywhere-confirmation": "wrong"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert client.get("/account/").status_code == 200  # still signed in
