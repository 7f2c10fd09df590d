"""Socket edges on a real server (Daphne, as in production): every oversized
frame is refused by Attune with 4409, not by the server with 1006/1009; a
malformed or unknown WebSocket path is a clean 4403; connect/disconnect
churn leaves no traceback in the server's log."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from channels.db import database_sync_to_async

from couples.live import protocol
from tests.servers import Peer, Server, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.multiprocess]


@pytest.fixture(scope="module")
def server(django_db_blocker):
    with django_db_blocker.unblock():
        started = Server().start()
    yield started
    started.stop()


async def close_code(ws, timeout: float = 10.0) -> int:  # noqa: ASYNC109
    async def read() -> int:
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd else 1006

    return await asyncio.wait_for(read(), timeout)


@pytest.mark.parametrize("size", [16_001, 1024 * 1024 + 1, 4 * 1024 * 1024],
                         ids=["just over the cap", "over 1 MiB", "4 MiB"])
async def test_every_oversized_frame_closes_with_4409(practice, partners, server, size):
    cookie = await database_sync_to_async(session_cookie)(partners[0])
    peer = Peer(server, cookie, f"/ws/sessions/{practice.public_id}/")
    await peer.connect()
    await peer.ws.send(json.dumps({"type": "sync", "pad": "x" * size}))
    assert await close_code(peer.ws) == protocol.CLOSE_FRAME_TOO_LARGE


@pytest.mark.parametrize("path", [
    "/ws/sessions/not-a-uuid/", "/ws/sessions/../../etc/", "/ws/sessions/", "/ws/nothing-here/",
])
async def test_a_malformed_websocket_path_is_a_clean_refusal(partners, server, path):
    cookie = await database_sync_to_async(session_cookie)(partners[0])
    before = server.log.read_text() if server.log.exists() else ""
    async with websockets.connect(
        f"ws://127.0.0.1:{server.port}{path}",
        additional_headers={"Cookie": f"sessionid={cookie}"},
        origin=f"http://127.0.0.1:{server.port}", open_timeout=10,
    ) as ws:  # the handshake succeeds: no HTTP 500
        assert await close_code(ws) == protocol.CLOSE_FORBIDDEN
    new_lines = server.log.read_text()[len(before):]
    assert "Traceback" not in new_lines and "ERROR" not in new_lines, new_lines


async def test_connect_disconnect_churn_logs_no_traceback(practice, partners, server):
    """Clients that ask for a snapshot and vanish before it is sent: the
    server drops those frames quietly."""
    path = f"/ws/sessions/{practice.public_id}/"
    cookie = await database_sync_to_async(session_cookie)(partners[0])
    before = server.log.read_text() if server.log.exists() else ""

    async def churn() -> None:
        ws = await websockets.connect(
            f"ws://127.0.0.1:{server.port}{path}",
            additional_headers={"Cookie": f"sessionid={cookie}"},
            origin=f"http://127.0.0.1:{server.port}", open_timeout=10,
        )
        for _ in range(3):
            await ws.send('{"type": "sync"}')
            await ws.send('{"type": "heartbeat"}')
        if abrupt:
            ws.transport.abort()  # gone, without a close frame
        elif oversized:
            # The server closes first (4409) while presence of the other
            # sockets connecting is being broadcast to this one.
            await ws.send(json.dumps({"type": "sync", "pad": "x" * 20_000}))
            await close_code(ws)
        else:
            await ws.close()  # a close frame while the answers are on their way

    for round_ in range(9):
        abrupt, oversized = round_ % 3 == 1, round_ % 3 == 2
        await asyncio.gather(*(churn() for _ in range(8)))
    # The server is still well: a fresh socket gets its snapshot.
    peer = Peer(server, cookie, path)
    assert (await peer.connect())["type"] == "snapshot"
    await peer.ws.send('{"type": "sync"}')
    await peer.next("snapshot")
    await peer.close()
    new_lines = server.log.read_text()[len(before):]
    assert "Traceback" not in new_lines, new_lines
    assert "closed protocol" not in new_lines, new_lines
    assert not [line for line in new_lines.splitlines() if " ERROR " in line], new_lines


