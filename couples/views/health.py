"""``GET /healthz``: real round trips to the database and the channel layer,
for load balancers and operators (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """``{"database": "ok"|error, "channel_layer": "ok"|error}``; 200 when
    both answered a real round trip (2 seconds at most each), 503 naming
    what failed. Used by load balancers and docs/operations.md."""
    report = {"database": "ok", "channel_layer": "ok"}
    try:
        await asyncio.wait_for(sync_to_async(_database_round_trip)(), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:
        report["database"] = f"error: {type(exc).__name__}"
    try:
        await asyncio.wait_for(_channel_layer_round_trip(), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:
        report["channel_layer"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


HEALTH_TIMEOUT_SECONDS = 2.0


def _database_round_trip() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_round_trip() -> None:
    """Send a message to a fresh channel and receive it back."""
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    # A receive cancelled while it waits releases the channel (the Redis
    # layers unsubscribe it), so health checks leave nothing behind.
    leftover = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    leftover.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await leftover
    if message.get("type") != "healthz.ping":
        raise RuntimeError("the channel layer returned another message")
