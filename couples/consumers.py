"""WebSocket consumers: thin. Authenticate, validate the frame, await a
service, forward. No ORM object is held here (STYLE.md); every database call
goes through ``database_sync_to_async`` and returns plain data."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError

from couples import protocol, selectors, services, therapy

from exercises import i_statements
from exercises.engine import RuleError

logger = logging.getLogger("attune.realtime")


def _session_access(public_id: str, user) -> dict[str, Any] | None:
    """``{"session_id", "deliveries"}`` if ``user`` takes part (a linked
    therapist joins as facilitator here, once), else None."""
    session = selectors.session_for_participant(public_id=public_id, user=user)
    if session is None:
        return None
    deliveries: tuple = ()
    if user.is_therapist and selectors.participant_role(session=session, user_id=user.pk) is None:
        try:
            deliveries = therapy.facilitator_join(session_id=session.pk, therapist_id=user.pk)
        except therapy.TherapyError:
            return None
    return {"session_id": session.pk, "deliveries": deliveries}


class PracticeSessionConsumer(AsyncWebsocketConsumer):
    """One socket of one participant in one practice session.

    URL: ``/ws/sessions/<uuid>/``. Frames both ways are described in
    docs/protocol.md. Close codes: 4401 not signed in, 4403 not a participant
    (or no such session), 4409 frame too large, 4410 membership or
    therapist link ended. A therapist whose link with the couple is active
    joins as facilitator on connect.
    """

    session_id: int | None = None

    async def connect(self) -> None:
        # Accept before closing so the browser receives our close code, not 1006.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_AUTHENTICATED)
            return
        access = await database_sync_to_async(_session_access)(
            self.scope["url_route"]["kwargs"]["public_id"], user
        )
        if access is None:
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.session_id = access["session_id"]
        self.user_id = user.pk
        self.me = str(user.pk)
        self.groups_joined = [
            services.participant_group(self.session_id, self.me),
            services.session_group(self.session_id),
        ]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await services.deliver(access["deliveries"])  # a therapist joining, told to everyone
        presence = await database_sync_to_async(services.presence_connect)(
            session_id=self.session_id, user_id=self.user_id, channel_name=self.channel_name
        )
        await self._send_snapshot()
        await self._broadcast_presence(presence)

    async def disconnect(self, code: int) -> None:
        if self.session_id is None:
            return
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        try:
            presence = await database_sync_to_async(services.presence_disconnect)(
                session_id=self.session_id, channel_name=self.channel_name
            )
            await self._broadcast_presence(presence)
        except Exception:  # presence is best effort; heartbeats time it out anyway
            logger.warning("presence update on disconnect failed", exc_info=True)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.session_id is None:
            return
        if text_data is None:
            await self._send(
                protocol.error_message(
                    protocol.ERROR_BINARY_NOT_SUPPORTED, "Send JSON text frames only."
                )
            )
            return
        if len(text_data) > settings.WS_MAX_FRAME_CHARS:
            await self.close(code=protocol.CLOSE_FRAME_TOO_LARGE)
            return
        try:
            message = protocol.parse_client_frame(text_data)
        except protocol.ProtocolError as exc:
            client_id = _client_id_of(text_data)
            await self._send(
                protocol.error_message(exc.code, exc.message, client_id=client_id, **exc.details)
            )
            return
        if isinstance(message, protocol.CommandMessage):
            await self._command(message)
        elif isinstance(message, protocol.AnalyzeMessage):
            await self._analyze(message)
        elif isinstance(message, protocol.SyncMessage):
            await self._send_snapshot()
        else:
            presence = await database_sync_to_async(services.presence_heartbeat)(
                session_id=self.session_id, channel_name=self.channel_name
            )
            await self._send({"type": "presence", "presence": presence})

    async def _command(self, message: protocol.CommandMessage) -> None:
        client_id = str(message.client_id)
        try:
            outcome = await database_sync_to_async(services.session_command_apply)(
                session_id=self.session_id,
                user_id=self.user_id,
                command=message.command,
                payload=message.payload,
                client_id=message.client_id,
                base_version=message.version,
                now=time.time(),
            )
        except RuleError as exc:
            await self._send(
                protocol.error_message(exc.code, exc.message, client_id=client_id, **exc.details)
            )
            return
        except services.StaleVersion as exc:
            await self._send(
                protocol.error_message(
                    protocol.ERROR_STALE_VERSION,
                    "Something changed just before you acted. Here is the latest; "
                    "please check and try again.",
                    client_id=client_id,
                    current_version=exc.current,
                )
            )
            await self._send_snapshot()
            return
        except services.NotAParticipant:
            await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)
            return
        except DatabaseError:
            logger.exception("command %s not applied: database error", message.command)
            await self._send(
                protocol.error_message(
                    protocol.ERROR_NOT_APPLIED,
                    "We could not save that just now. Nothing changed; please try again.",
                    client_id=client_id,
                )
            )
            return
        await self._send(
            {
                "type": "ack",
                "client_id": client_id,
                "version": outcome.version,
                "duplicate": outcome.duplicate,
            }
        )
        await services.deliver(outcome.deliveries)

    async def _analyze(self, message: protocol.AnalyzeMessage) -> None:
        """Live I-statement coaching, to this socket only. The text is a
        private draft: it is analysed in memory and neither stored, logged nor
        broadcast. The analysis (about 10 ms at worst for the longest text)
        runs off the event loop so other sockets are not held up."""
        try:
            analysis = await sync_to_async(i_statements.draft_analyze, thread_sensitive=False)(
                message.text
            )
        except RuleError as exc:
            await self._send(
                protocol.error_message(
                    exc.code, exc.message, request_id=message.request_id, **exc.details
                )
            )
            return
        await self._send(protocol.analysis_message(message.request_id, analysis))

    async def _send_snapshot(self) -> None:
        snapshot = await database_sync_to_async(selectors.session_snapshot)(
            session_id=self.session_id, user_id=self.user_id
        )
        await self._send(snapshot)

    async def _broadcast_presence(self, presence: dict[str, Any]) -> None:
        await self.channel_layer.group_send(
            services.session_group(self.session_id),
            {"type": "session.presence", "presence": presence},
        )

    async def _send(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps(frame, default=str))

    # --- channel layer handlers ---------------------------------------------

    async def session_update(self, event: dict[str, Any]) -> None:
        """A committed change, already cut to this participant's view."""
        await self._send(
            {
                "type": "update",
                "version": event["version"],
                "events": event["events"],
                "view": event["view"],
            }
        )

    async def session_revoked(self, event: dict[str, Any]) -> None:
        """This participant's access ended (a therapist link was ended)."""
        await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)

    async def session_presence(self, event: dict[str, Any]) -> None:
        await self._send({"type": "presence", "presence": event["presence"]})


def _client_id_of(text: str) -> str | None:
    """Best-effort ``client_id`` of a rejected frame, so the client can match
    the error to what it sent. Never raises."""
    try:
        value = json.loads(text).get("client_id")
    except Exception:
        return None
    return value if isinstance(value, str) and len(value) <= 64 else None


def _couple_id_of(user) -> int | None:
    couple = selectors.couple_of(user)
    return couple.pk if couple else None


class CoupleSpaceConsumer(AsyncWebsocketConsumer):
    """The couple page's socket (``/ws/couple/``): tells a partner at once
    when the other starts or ends a practice session.

    Sends ``{"type": "session", "session": uuid, "status": "open"|"ended",
    "started_by": name}``. Close codes: 4401 not signed in, 4403 no couple.
    """

    couple_id: int | None = None

    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_AUTHENTICATED)
            return
        self.couple_id = await database_sync_to_async(_couple_id_of)(user)
        if self.couple_id is None:
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(services.couple_group(self.couple_id), self.channel_name)

    async def disconnect(self, code: int) -> None:
        if self.couple_id is not None:
            await self.channel_layer.group_discard(
                services.couple_group(self.couple_id), self.channel_name
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The couple socket only listens; anything sent is ignored."""

    async def couple_session(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({**event, "type": "session"}))



