"""The Channels floor: Attune's server stack with the work of a command taken
out. Bench code, never served to anyone (issue 10: "the measurement that says
whether a target is out of reach with Channels").

Same as ``couples.asgi``: Django's ASGI application for HTTP, and for
WebSockets ``AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(...)))``
on ``/ws/sessions/<uuid>/``, run by the same Uvicorn workers on the same
channels-redis pub/sub layer (``couples.settings``). The consumer joins the
same three groups as ``PracticeSessionConsumer`` and sends the same frames
(``snapshot`` on connect, ``ack`` and a per-participant ``update`` of about
4 KB per command, ``presence`` per heartbeat, ``analysis`` per coaching
request), each participant's update encoded once with orjson
(``couples.lib.relay.frame_text``) and forwarded as text by every socket of
that participant. What it leaves out, on purpose: the database (after
connect), the engine, the frame schema, rate limits, presence in Redis and
the analyzer. So its CPU per command is what Channels, channels-redis,
Uvicorn and one encoding per participant cost by themselves; Attune's own
work can only add to it.

The floor keeps no state across sockets: a command's new version is the
``version`` it was sent against plus one, and the turn (speaker, listener,
phase) advances as :func:`bench.script.relay_advance` says, from the exercise
this socket last forwarded (its turn keys carried next to the encoded frame in
the layer message). Env ``FLOOR_ACK=0`` leaves out the separate ``ack`` frame (the
measurement behind "fold the sender's ack into its update"); ``FLOOR_HOP=1``
puts back the thread hop Channels makes per message, which Attune's
consumers leave out (``couples.live.consumers.QuietWhenGone.dispatch``).

Run: ``uvicorn bench.floor_app:application`` with the bench's environment.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django
import orjson

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couples.settings")
django.setup()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.db import database_sync_to_async  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.urls import path  # noqa: E402

from bench.script import relay_advance  # noqa: E402
from couples.lib.relay import (  # noqa: E402
    frame_text,
    participant_group,
    session_group,
    signin_group,
)
from couples.live.consumers import QuietWhenGone  # noqa: E402
from couples.selectors.sessions import session_snapshot  # noqa: E402
from couples.services.sessions import session_join  # noqa: E402

SEND_ACK = os.environ.get("FLOOR_ACK", "1") != "0"
TURN = ("phase", "speaker", "listener", "turn_exchanges")
"""The keys of the exercise view that say whose turn it is (bench/script.py)."""


def _views(session_id: int, user_id: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """At connect (the only database use): this participant's snapshot and
    every partner's view of the session (``{participant id: view}``)."""
    mine = session_snapshot(session_id=session_id, user_id=user_id)
    views = {}
    for key in mine["participants"]:
        if key == mine["me"]:
            views[key] = mine["view"]
        else:
            views[key] = session_snapshot(session_id=session_id, user_id=int(key))["view"]
    return mine, views


class FloorConsumer(QuietWhenGone):
    """One socket of one participant: answers every command with an ``ack``
    (unless ``FLOOR_ACK=0``) and one ``update`` to each participant's group,
    without storing or checking anything."""

    session_id: int | None = None

    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        access = await database_sync_to_async(session_join)(
            self.scope["url_route"]["kwargs"]["public_id"], user
        )
        if access is None:
            await self.close(code=4403)
            return
        self.session_id = access["session_id"]
        self.me = str(user.pk)
        snapshot, self.views = await database_sync_to_async(_views)(self.session_id, user.pk)
        self.exercise = snapshot["view"]["exercise"]
        self.version = snapshot["version"]
        for group in (
            participant_group(self.session_id, self.me),
            session_group(self.session_id),
            signin_group(user.pk),
        ):
            await self.channel_layer.group_add(group, self.channel_name)
        snapshot["view"]["server_now"] = time.time()
        await self.send(text_data=frame_text(snapshot))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session_id is None or text_data is None:
            return
        frame = orjson.loads(text_data)
        kind = frame.get("type")
        if kind == "command":
            await self._command(frame)
        elif kind == "heartbeat":
            await self.send(text_data=frame_text({"type": "presence", "presence": {}}))
        elif kind == "analyze":
            await self.send(
                text_data=frame_text(
                    {"type": "analysis", "request_id": frame.get("request_id"), "issues": []}
                )
            )
        elif kind == "sync":
            await self.send(
                text_data=frame_text(
                    {
                        "type": "snapshot",
                        "version": self.version,
                        "me": self.me,
                        "view": {**self.views[self.me], "exercise": self.exercise},
                        "presence": {},
                    }
                )
            )

    async def _command(self, frame: dict[str, Any]) -> None:
        assert self.session_id is not None  # receive() runs only once joined
        version = int(frame["version"]) + 1
        exercise = relay_advance(self.exercise, frame["command"])
        now = time.time()
        events = [{"type": frame["command"], "by": self.me, "data": frame.get("payload", {})}]
        if SEND_ACK:
            await self.send(
                text_data=frame_text(
                    {"type": "ack", "client_id": frame["client_id"], "version": version,
                     "duplicate": False}
                )
            )
        # The actor's own update first, as couples.lib.relay.update_deliveries does.
        order = sorted(self.views, key=lambda who: who != self.me)
        for who in order:
            text = frame_text(
                {
                    "type": "update",
                    "version": version,
                    "events": events,
                    "view": {**self.views[who], "exercise": exercise, "server_now": now},
                    **({} if SEND_ACK or who != self.me else {"client_id": frame["client_id"]}),
                }
            )
            await self.channel_layer.group_send(
                participant_group(self.session_id, who),
                {"type": "session.update", "version": version, "frame": text,
                 "turn": {k: exercise[k] for k in TURN}},
            )

    async def session_update(self, event: dict[str, Any]) -> None:
        self.version = max(self.version, event["version"])
        self.exercise = {**self.exercise, **event["turn"]}
        await self.send(text_data=event["frame"])


if os.environ.get("FLOOR_HOP") == "1":
    # Channels' own dispatch: a thread hop (close_old_connections) per message.
    FloorConsumer.dispatch = AsyncWebsocketConsumer.dispatch  # type: ignore[method-assign]

application = ProtocolTypeRouter(
    {
        "http": get_asgi_application(),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter([path("ws/sessions/<uuid:public_id>/", FloorConsumer.as_asgi())])
            )
        ),
    }
)
