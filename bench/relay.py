"""The reference: a minimal relay written directly on the ``websockets``
library. Partner A's frame is forwarded, as is, to partner B of the same
couple in the same process; nothing is parsed, checked or stored.

It is the floor Attune's figures are divided by: what one Python process on
this machine pays to carry a frame from one socket to another. Run it alone
with ``python -m bench.relay --port 8765``; clients connect to
``ws://127.0.0.1:8765/relay/<couple>/<0|1>``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

ROOMS: dict[str, list] = {}
"""``couple -> [socket of side 0, socket of side 1]`` (None when absent)."""


async def relay(ws) -> None:
    """Forward every frame from this side to the other side of its couple.
    A path that is not ``/relay/<couple>/<0|1>`` is closed with 4404."""
    parts = ws.request.path.strip("/").split("/")
    if len(parts) != 3 or parts[0] != "relay" or parts[2] not in ("0", "1"):
        await ws.close(code=4404)
        return
    couple, side = parts[1], int(parts[2])
    pair = ROOMS.setdefault(couple, [None, None])
    pair[side] = ws
    try:
        async for message in ws:
            other = pair[1 - side]
            if other is not None:
                with contextlib.suppress(ConnectionClosed):
                    await other.send(message)
    finally:
        if pair[side] is ws:
            pair[side] = None
        if pair == [None, None]:
            ROOMS.pop(couple, None)


async def main(port: int) -> None:
    async with serve(relay, "127.0.0.1", port, max_size=2**20):
        await asyncio.Future()  # serve until the bench stops this process


def _run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    try:
        import uvloop
    except ImportError:  # the relay also runs on the plain asyncio loop
        asyncio.run(main(args.port))
    else:
        uvloop.run(main(args.port))


if __name__ == "__main__":
    _run()
