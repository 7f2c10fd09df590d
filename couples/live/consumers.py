"""WebSocket consumers: thin. Authenticate, validate the frame
(``couples.live.protocol``), await a service, relay. No ORM object is held
here; every database call goes through ``database_sync_to_async`` and
returns plain data. The path of one command: docs/architecture.md.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections import Counter
from collections.abc import Awaitable
from typing import Any
from uuid import UUID

from asgiref.sync import sync_to_async
from autobahn.exception import Disconnected as AutobahnDisconnected
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import DatabaseError

from couples.lib import ratelimits
from couples.lib.connections import hot_sync_to_async
from couples.lib.errors import NoLongerTakingPart, SignInEnded, StaleVersion
from couples.lib.relay import (
    LAYER_ERRORS,
    Delivery,
    caseload_group,
    couple_group,
    deliver,
    frame_text,
    participant_group,
    session_group,
    signin_group,
)
from couples.live import protocol
from couples.selectors.sessions import (
    applied_version,
    session_snapshot,
    version_if_taking_part,
)
from couples.selectors.signins import signin_is_valid
from couples.selectors.space import couple_id_of
from couples.services.command_writer import command_write
from couples.services.commands import CommandOutcome, session_command_apply
from couples.services.presence import (
    presence_connect,
    presence_disconnect,
    presence_heartbeat,
    presence_read,
)
from couples.services.sessions import session_join
from couples.services.therapy import access_record_live
from exercises import i_statements
from exercises.engine import RuleError

logger = logging.getLogger("attune.realtime")


_SOCKET_GONE: tuple[type[BaseException], ...] = (AutobahnDisconnected,)
"""What the ASGI server raises when a frame is sent on a socket that has
just closed (Daphne/autobahn's "Attempt to send on a closed protocol";
uvicorn's ``ClientDisconnected`` when uvicorn serves). Under
connect/disconnect churn a handler can run after the client left; that
frame has no one to go to and is dropped without a traceback."""
try:  # uvicorn serves production (README, "Production deployment"); Daphne serves `make run`
    from uvicorn.protocols.utils import ClientDisconnected

    _SOCKET_GONE = (*_SOCKET_GONE, ClientDisconnected)
except ImportError:  # pragma: no cover - depends on what is installed
    pass


class QuietWhenGone(AsyncWebsocketConsumer):
    """A consumer whose frames to a socket that has already closed are
    dropped (logged at DEBUG), not raised: the client is gone, so there is
    nothing to fail; and whose messages are dispatched without a thread hop
    (:meth:`dispatch`)."""

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Run the handler of ``message`` (a frame from the client or a
        channel-layer message), as Channels does, but without the
        ``close_old_connections()`` Channels runs first on its one
        thread-sensitive database thread for every message (channels 4.2+).
        That hop was 16 % of a worker's CPU per heartbeat and made every
        frame and update wait behind whatever database call held that
        thread (docs/benchmarks.md, "The thread hop and the command"). These consumers
        never touch the database on the event loop: each call goes through
        ``database_sync_to_async`` (which closes old connections in its own
        thread, before and after) or ``hot_sync_to_async``
        (couples/lib/connections.py). Raises ValueError for a message type
        without a handler, as Channels does."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except _SOCKET_GONE:
            logger.debug("frame dropped: the socket had already closed")

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        try:
            await super().close(code=code, reason=reason)
        except _SOCKET_GONE:
            logger.debug("close dropped: the socket had already closed")


_commands_in_flight = 0
"""Commands of this process waiting for or holding a database thread; past
settings.MAX_COMMANDS_IN_FLIGHT new ones are answered ``server_busy``."""

_clock = time.monotonic
"""The clock of the heartbeat's re-check (seconds; tests move it)."""

_session_versions: dict[int, int] = {}
"""Session id -> the newest version this worker process knows was committed
(relayed or sent by one of its sockets, or read from the database), for the
sessions with a socket here. A heartbeat of a socket behind it gets a
snapshot without reading the database first."""

_session_sockets: Counter[int] = Counter()
"""Session id -> how many of its sockets this process holds."""


def _version_known(session_id: int, version: int) -> None:
    """Remember that ``version`` of ``session_id`` was committed (only while
    a socket of the session is open in this process)."""
    if session_id in _session_sockets and version > _session_versions.get(session_id, -1):
        _session_versions[session_id] = version


def _socket_gone(session_id: int) -> None:
    """A socket of ``session_id`` closed: forget the session with its last one."""
    _session_sockets[session_id] -= 1
    if _session_sockets[session_id] <= 0:
        del _session_sockets[session_id]
        _session_versions.pop(session_id, None)


class PracticeSessionConsumer(QuietWhenGone):
    """One socket of one participant in one practice session.

    URL: ``/ws/sessions/<uuid>/``. Frames both ways are described in
    docs/protocol.md. Close codes: 4401 not signed in, or the sign-in ended
    while connected (signed out, password changed, signed out everywhere), 4403 not a participant
    (or no such session), 4409 frame too large, 4410 membership or
    therapist link ended, 4429 a flood past the rate limit, 4503 the channel
    layer did not answer on connect. A therapist whose link with the couple
    is active joins as facilitator on connect.

    Faults (docs/operations.md): a command is committed before it is
    broadcast, so a channel-layer error after the commit never turns into a
    failure for the sender (they get their ``ack``, then
    ``relay_interrupted``); every socket tracks the version it last
    forwarded, and a heartbeat that finds the session ahead (as this worker
    knows it, or as stored when Redis does not answer or the socket's
    re-check is due) sends a snapshot, so a screen that missed updates
    catches up within one heartbeat of its worker noticing, and within
    ``LIVE_RECHECK_SECONDS`` plus one heartbeat in any case (:meth:`_heartbeat`).
    """

    session_id: int | None = None
    version_sent: int = -1
    checked_at: float = 0.0
    """When (``_clock()``) the sign-in and membership were last read from
    the database for this socket (connect, sync, heartbeat re-check)."""
    limits: ratelimits.ConnectionRateLimit | None = None
    closing = False
    left_on_purpose = False
    """The sign-in ended (4401): the person is away at once on disconnect."""

    async def close(self, code=None, reason=None) -> None:
        self.closing = True
        await super().close(code=code, reason=reason)

    async def __call__(self, scope, receive, send) -> None:
        """Channels makes this socket's channel in the layer before anything
        else; with Redis down that raises. Then accept and close with 4503
        (a clear "come back later" the client retries) instead of letting
        the exception kill the handshake."""
        try:
            await super().__call__(scope, receive, send)
        except LAYER_ERRORS as exc:
            if "channel_name" in self.__dict__:
                raise  # failed later, not while making the channel
            logger.warning("socket refused: channel layer unavailable (%s)", type(exc).__name__)
            if (await receive())["type"] == "websocket.connect":
                await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": protocol.CLOSE_RELAY_UNAVAILABLE})

    async def connect(self) -> None:
        # Accept before closing so the browser receives our close code, not 1006.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_AUTHENTICATED)
            return
        access = await database_sync_to_async(session_join)(
            self.scope["url_route"]["kwargs"]["public_id"], user
        )
        if access is None:
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.session_id = access["session_id"]
        self.checked_at = _clock()
        _session_sockets[self.session_id] += 1
        self.user_id = user.pk
        self.me = str(user.pk)
        self.session_key = _session_key_of(self.scope)
        self.is_therapist = bool(user.is_therapist)
        self.limits = ratelimits.ConnectionRateLimit(self.channel_name)
        self.groups_joined = [
            participant_group(self.session_id, self.me),
            session_group(self.session_id),
            signin_group(self.user_id),
        ]
        try:
            for group in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
        except LAYER_ERRORS as exc:
            # Without its groups this socket would never hear an update: tell
            # the client to come back later rather than serve a frozen screen.
            logger.warning("socket refused: channel layer unavailable (%s)", type(exc).__name__)
            await self.close(code=protocol.CLOSE_RELAY_UNAVAILABLE)
            return
        await self._relay(access["deliveries"])  # a therapist joining, told to everyone
        presence = await self._presence(
            presence_connect(
                session_id=self.session_id, user_id=self.user_id, channel_name=self.channel_name
            )
        )
        await self._send_snapshot()
        if presence is not None:
            await self._broadcast_presence(presence)

    async def disconnect(self, code: int) -> None:
        if self.limits is not None:
            self.limits.forget()
        if self.session_id is None:
            return
        _socket_gone(self.session_id)
        try:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        except LAYER_ERRORS as exc:  # the layer drops a dead channel's groups by itself
            logger.warning("leaving groups failed: %s", type(exc).__name__)
        presence = await self._presence(
            presence_disconnect(
                session_id=self.session_id,
                channel_name=self.channel_name,
                left=self.left_on_purpose or code == protocol.CLOSE_CLIENT_LEFT,
            )
        )
        if presence is not None:
            await self._broadcast_presence(presence)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """One client frame. In order: the size cap (before parsing: close
        4409), the schema (``protocol.parse_client_frame``), the rate limit
        (``rate_limited``, then close 4429), then the handler. Every refusal
        goes to this socket only and changes nothing."""
        if self.session_id is None or self.closing:
            return  # frames that were already on their way when we closed
        if text_data is None:
            if not await self._allowed(ratelimits.COMMAND_FRAMES, None):
                return
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
            if not await self._allowed(ratelimits.COMMAND_FRAMES, client_id):
                return
            await self._send(
                protocol.error_message(exc.code, exc.message, client_id=client_id, **exc.details)
            )
            return
        if isinstance(message, protocol.CommandMessage):
            # The sign-in is checked in the command's own database call.
            if await self._allowed(ratelimits.COMMAND_FRAMES, str(message.client_id)):
                await self._command(message)
            return
        if not await self._allowed(ratelimits.OTHER_FRAMES, None):
            return
        if isinstance(message, protocol.HeartbeatMessage):
            await self._heartbeat()  # reads the database only when a re-check is due
            return
        if not isinstance(message, protocol.AnalyzeMessage) and not await self._still_signed_in():
            return
        if isinstance(message, protocol.AnalyzeMessage):
            await self._analyze(message)
        elif isinstance(message, protocol.SyncMessage):
            await self._send_snapshot(check_membership=True)
        else:
            await self._heartbeat()

    async def _allowed(self, kind: str, client_id: str | None) -> bool:
        """Count the frame against this connection's rate limit; answer
        ``rate_limited`` or close with 4429 when it is past it."""
        assert self.limits is not None  # set in connect() with session_id; receive() checks it
        check = self.limits.check(kind)
        if check.verdict is ratelimits.Verdict.ALLOWED:
            return True
        if check.verdict is ratelimits.Verdict.CLOSE:
            logger.warning("socket closed: rate limit (%s frames)", kind)
            await self.close(code=protocol.CLOSE_RATE_LIMITED)
            return False
        await self._send(
            protocol.error_message(
                protocol.ERROR_RATE_LIMITED,
                "That was a lot at once, so we set it aside. Nothing changed; "
                f"wait {check.retry_after} seconds and try again.",
                client_id=client_id,
                retry_after=check.retry_after,
            )
        )
        return False

    async def _still_signed_in(self) -> bool:
        """Before a command, sync or heartbeat acts: is the sign-in this
        socket was opened with still valid? If not (signed out, password
        changed, signed out everywhere, and the message saying so was
        missed), close with 4401 and let the frame change nothing."""
        if await database_sync_to_async(signin_is_valid)(
            session_key=self.session_key, user_id=self.user_id
        ):
            return True
        self.left_on_purpose = True
        await self.close(code=protocol.CLOSE_SIGNED_OUT)
        return False

    async def _heartbeat(self) -> None:
        """Presence to this socket; a snapshot too if this socket is behind
        (it missed an update). In the common case one Redis round trip
        (presence, couples/services/presence.py) and no database call: the
        sign-in and membership learned at connect hold until a
        ``signin.ended`` or ``session.revoked`` message says otherwise, and
        "behind" means behind the newest version this worker process knows
        of the session (:data:`_session_versions`).

        The database is read (sign-in and membership: close 4401 or 4410;
        the stored version) only when this socket last checked more than
        ``settings.LIVE_RECHECK_SECONDS`` ago (a missed message is caught
        within that plus one heartbeat) or when Redis did not answer (the
        channel layer may have lost updates and messages too)."""
        assert self.session_id is not None  # receive() runs frames only once joined
        version: int | None = None
        if _clock() - self.checked_at >= settings.LIVE_RECHECK_SECONDS:
            version = await self._recheck()
            if version is None:
                return
        presence = await self._presence(
            presence_heartbeat(
                session_id=self.session_id, user_id=self.user_id, channel_name=self.channel_name
            )
        )
        if presence is None and version is None:
            version = await self._recheck()
            if version is None:
                return
        if presence is not None:
            await self._send({"type": "presence", "presence": presence})
        if version is None:
            version = _session_versions.get(self.session_id, -1)
        if version > self.version_sent:
            await self._send_snapshot()

    async def _recheck(self) -> int | None:
        """The heartbeat's database check (one call, reads only): the stored
        version, or None after closing with 4401 (the sign-in ended) or
        4410 (no longer taking part)."""
        assert self.session_id is not None  # called only once joined
        try:
            version = await _heartbeat_check(
                session_key=self.session_key, session_id=self.session_id, user_id=self.user_id
            )
        except _SignedOut:
            self.left_on_purpose = True
            await self.close(code=protocol.CLOSE_SIGNED_OUT)
            return None
        if version is None:
            await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)
            return None
        self.checked_at = _clock()
        _version_known(self.session_id, version)
        return version

    async def _presence(self, change: Awaitable[dict[str, Any]]) -> dict[str, Any] | None:
        """Await a presence change; None (logged) when Redis does not answer:
        presence is best effort, heartbeats time it out anyway."""
        try:
            return await change
        except LAYER_ERRORS as exc:
            logger.warning("presence not updated: Redis unavailable (%s)", type(exc).__name__)
            return None

    async def _command(self, message: protocol.CommandMessage) -> None:
        global _commands_in_flight
        client_id = str(message.client_id)
        if _commands_in_flight >= settings.MAX_COMMANDS_IN_FLIGHT:
            # Overload is shed visibly: the sender hears at once that nothing
            # was applied (and may retry with the same client_id), instead of
            # every screen lagging by seconds.
            await self._send(
                protocol.error_message(
                    protocol.ERROR_SERVER_BUSY,
                    "Attune is very busy right now. Nothing changed; please try again.",
                    client_id=client_id,
                )
            )
            return
        _commands_in_flight += 1
        try:
            outcome = await self._command_apply(message)
        finally:
            _commands_in_flight -= 1
        if outcome is None:
            return
        await self._command_answer(message, outcome)

    async def _command_apply(self, message: protocol.CommandMessage):
        """Run the command service; answer errors to the sender. Returns the
        CommandOutcome, or None when the command was refused or failed."""
        client_id = str(message.client_id)
        try:
            # On PostgreSQL the process's batched writer takes it, on the
            # event loop, in a transaction shared with the commands waiting
            # beside it (services/command_writer.py); else, or when the writer
            # hands it back, one thread hop for the sign-in check and the
            # command (_command_direct). Either way the sign-in is checked in
            # the command's own locking statement.
            outcome = await _command_if_signed_in(
                session_key=self.session_key,
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
            return None
        except StaleVersion as exc:
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
            return None
        except NoLongerTakingPart:
            await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)
            return None
        except (_SignedOut, SignInEnded):
            await self.close(code=protocol.CLOSE_SIGNED_OUT)
            return None
        except Exception as exc:
            _log_not_applied(message.command, exc)
            # Almost always the transaction rolled back. If the event is
            # stored all the same (the failure came after the commit), the
            # command was applied: say so, never "not applied".
            assert self.session_id is not None  # receive() runs commands only once joined
            applied = await _applied_version_or_none(self.session_id, message.client_id)
            if applied is None:
                await self._send(
                    protocol.error_message(
                        protocol.ERROR_NOT_APPLIED,
                        "We could not save that just now. Nothing changed; please try again.",
                        client_id=client_id,
                    )
                )
                return None
            await self._send(
                {"type": "ack", "client_id": client_id, "version": applied, "duplicate": False}
            )
            await self._send_snapshot()
            return None
        return outcome

    async def _command_answer(self, message: protocol.CommandMessage, outcome) -> None:
        """Acknowledge an applied command to its sender, then relay the
        committed change to every participant."""
        client_id = str(message.client_id)
        await self._send(
            {
                "type": "ack",
                "client_id": client_id,
                "version": outcome.version,
                "duplicate": outcome.duplicate,
            }
        )
        # Committed: from here on nothing may report the command as failed.
        if not await self._relay(outcome.deliveries):
            await self._send(
                protocol.error_message(
                    protocol.ERROR_RELAY_INTERRUPTED,
                    "Saved. The live link to the other screens is interrupted, so they "
                    "may not show this yet; they catch up as soon as it is back.",
                    version=outcome.version,
                )
            )

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

    async def _send_snapshot(self, *, check_membership: bool = False) -> None:
        """This participant's snapshot; with ``check_membership``, first make
        sure they still take part (else close 4410)."""
        snapshot_session = self.session_id
        assert snapshot_session is not None  # sent only once joined
        if check_membership:
            if await database_sync_to_async(version_if_taking_part)(
                snapshot_session, self.user_id
            ) is None:
                await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)
                return
            self.checked_at = _clock()  # the sign-in was checked just before (receive)
        snapshot = await database_sync_to_async(session_snapshot)(
            session_id=snapshot_session, user_id=self.user_id
        )
        if self.is_therapist:
            # Every read of couple data by a therapist is logged for the
            # couple (docs/architecture.md, "Privacy and safety").
            await database_sync_to_async(access_record_live)(
                therapist_id=self.user_id,
                session_id=self.session_id,
                what="Live session: connected" if self.version_sent < 0
                else "Live session: fresh copy of the session",
            )
        snapshot["presence"] = (
            await self._presence(presence_read(session_id=snapshot_session)) or {}
        )
        self.version_sent = max(self.version_sent, snapshot["version"])
        _version_known(snapshot_session, snapshot["version"])
        await self._send(snapshot)

    async def _relay(self, deliveries) -> bool:
        """Broadcast committed ``deliveries`` through the channel layer.
        Returns False (and logs a warning, without message content) when the
        layer fails; what was committed stays committed and the other
        screens catch up by snapshot."""
        try:
            await deliver(deliveries)
        except LAYER_ERRORS as exc:
            logger.warning(
                "broadcast failed, session %s: channel layer unavailable (%s)",
                self.session_id,
                type(exc).__name__,
            )
            return False
        finally:
            # Committed, relayed or not: this worker's other sockets of the
            # session that miss it are behind and catch up on a heartbeat.
            for item in deliveries:
                if item.message.get("type") == "session.update" and self.session_id is not None:
                    _version_known(self.session_id, item.message["version"])
        return True

    async def _broadcast_presence(self, presence: dict[str, Any]) -> None:
        assert self.session_id is not None  # called only once joined (connect, disconnect)
        await self._relay(
            [
                Delivery(
                    session_group(self.session_id),
                    {"type": "session.presence", "presence": presence},
                )
            ]
        )

    async def _send(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=frame_text(frame))

    # --- channel layer handlers ---------------------------------------------

    async def session_update(self, event: dict[str, Any]) -> None:
        """A committed change, already cut to this participant's view and
        encoded once for all their sockets (``couples.lib.relay``): forwarded
        as it is."""
        self.version_sent = max(self.version_sent, event["version"])
        if self.session_id is not None:
            _version_known(self.session_id, event["version"])
        await self.send(text_data=event["frame"])

    async def session_revoked(self, event: dict[str, Any]) -> None:
        """This participant's access ended: a therapist link was ended
        (couples/views/therapy.py) or the partner deleted their account
        (couples/services/privacy.py)."""
        await self.close(code=protocol.CLOSE_MEMBERSHIP_ENDED)

    async def signin_ended(self, event: dict[str, Any]) -> None:
        """The sign-in this socket was opened with ended
        (couples/services/signins.py): ``session_key`` names it, or None
        for every sign-in of the person."""
        if event.get("session_key") in (None, self.session_key):
            self.left_on_purpose = True
            await self.close(code=protocol.CLOSE_SIGNED_OUT)

    async def session_keeping(self, event: dict[str, Any]) -> None:
        """A partner chose to keep or let go the words of this ended session
        (couples/services/sessions.py): the ``keeping`` frame, this
        participant's view of the choices."""
        await self._send({"type": "keeping", "keeping": event["keeping"]})

    async def session_presence(self, event: dict[str, Any]) -> None:
        await self._send({"type": "presence", "presence": event["presence"]})


class _SignedOut(Exception):
    """The sign-in a socket was opened with has ended (the command was not
    applied)."""


async def _command_if_signed_in(**command: Any) -> CommandOutcome:
    """The command (keyword arguments of ``command_write``), applied once
    the sign-in ``session_key`` is found still valid: through the batched
    writer or :func:`_command_direct` (``services/command_writer.py``
    chooses). Raises SignInEnded when the sign-in ended (nothing applied),
    else what the service raises."""
    return await command_write(direct=_command_direct, **command)


@hot_sync_to_async
def _command_direct(**command: Any) -> CommandOutcome:
    """:func:`session_command_apply` with its sign-in check, in one database
    call on a worker thread (no health check before use: a connection found
    broken is replaced and the command, idempotent by its client_id, run
    once more, lib/connections.py); commands of different sessions run on
    several threads, each with its own connection, the row lock ordering
    each session."""
    return session_command_apply(**command, check_signin=True)


@hot_sync_to_async
def _heartbeat_check(*, session_key: str | None, session_id: int, user_id: int) -> int | None:
    """In one database call (reads only): the sign-in is still valid (else
    _SignedOut) and the person still takes part: the stored version, or None
    when they no longer do."""
    if not signin_is_valid(session_key=session_key, user_id=user_id):
        raise _SignedOut()
    return version_if_taking_part(session_id, user_id)


async def _applied_version_or_none(session_id: int, client_id: UUID) -> int | None:
    """:func:`applied_version`, or None when the database does not answer
    (then the command is reported not applied: a retry with the same
    ``client_id`` still applies it at most once)."""
    try:
        return await database_sync_to_async(applied_version)(session_id, client_id)
    except DatabaseError:
        return None


def _log_not_applied(command: str, exc: BaseException) -> None:
    """Log a command that failed inside its transaction (a database error,
    or a bug): the exception's type and where it was raised, never its
    message, which may quote what the person wrote (PostgreSQL, for one,
    quotes the JSON it refused). Database errors are warnings (the database
    was busy or away), anything else is an error to fix."""
    where = "".join(traceback.format_tb(exc.__traceback__)[-3:])
    level = logging.WARNING if isinstance(exc, DatabaseError) else logging.ERROR
    logger.log(
        level, "command %s not applied: %s, raised at\n%s", command, type(exc).__name__, where
    )


def _session_key_of(scope: dict[str, Any]) -> str | None:
    """The Django session key the socket was opened with (its sign-in)."""
    session = scope.get("session")
    return getattr(session, "session_key", None) if session is not None else None


def _client_id_of(text: str) -> str | None:
    """Best-effort ``client_id`` of a rejected frame, so the client can match
    the error to what it sent. Never raises."""
    try:
        value = json.loads(text).get("client_id")
    except Exception:
        return None
    return value if isinstance(value, str) and len(value) <= 64 else None


class CoupleSpaceConsumer(QuietWhenGone):
    """The couple page's socket (``/ws/couple/``): tells a partner at once
    when the other starts or ends a practice session, and when a time-out of
    the open session starts, moves or ends.

    Sends ``{"type": "session", "session": uuid, "status": "open"|"ended",
    "started_by": name}``, ``{"type": "time_out", "time_out": {...} | null,
    "server_now": s}``, ``{"type": "notice", "kind", "text", "url", "action"}``
    and, once it listens, ``{"type": "ready"}``
    (what waits for this person: docs/protocol.md, "Couple-page notices").
    Close codes: 4401 not signed in (or signed out since), 4403 no couple.
    """

    couple_id: int | None = None
    user_id: int | None = None

    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_AUTHENTICATED)
            return
        self.couple_id = await database_sync_to_async(couple_id_of)(user)
        if self.couple_id is None:
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.user_id = user.pk
        self.session_key = _session_key_of(self.scope)
        self.groups_joined = [couple_group(self.couple_id), signin_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        # From here on nothing meant for this page is missed: the page may
        # say it is live (docs/protocol.md, "Couple-page notices").
        await self.send(text_data=json.dumps({"type": "ready"}))

    async def disconnect(self, code: int) -> None:
        if self.couple_id is not None:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The couple socket only listens; anything sent is ignored."""

    async def signin_ended(self, event: dict[str, Any]) -> None:
        """As :meth:`PracticeSessionConsumer.signin_ended`: close with 4401."""
        if event.get("session_key") in (None, self.session_key):
            await self.close(code=protocol.CLOSE_SIGNED_OUT)

    async def couple_session(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({**event, "type": "session"}))

    async def couple_notice(self, event: dict[str, Any]) -> None:
        """Something now waits for this person (the partner joined, a
        therapist waits for their consent, the partner shared a reflection):
        ``{"type": "notice", "kind", "text", "url", "action"}``, sent only to the
        people the notice names (``to``); it carries no text anyone wrote."""
        if self.user_id not in event.get("to", ()):
            return
        notice = {k: event[k] for k in ("kind", "text", "url", "action")}
        await self.send(text_data=json.dumps({"type": "notice", **notice}))

    async def couple_time_out(self, event: dict[str, Any]) -> None:
        """A time-out of the open session started, moved or ended: ``{"type":
        "time_out", "time_out": {...} | null, "server_now": s}`` (the page
        shows the agreed return and, for who asked, the reminder when it is time)."""
        await self.send(text_data=json.dumps({**event, "type": "time_out"}))


class CaseloadConsumer(QuietWhenGone):
    """The therapist's caseload page socket (``/ws/therapist/caseload/``):
    tells the page at once when a row may have changed (a session started
    or ended, a time-out, homework done, a link made or ended), and the page
    fetches its rows again over HTTP, which checks each link and logs the
    look. It carries no couple data itself.

    Sends ``{"type": "caseload_changed"}``. Close codes: 4401 not signed in
    (or signed out since), 4403 not a therapist account.
    """

    therapist_id: int | None = None

    async def connect(self) -> None:
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=protocol.CLOSE_NOT_AUTHENTICATED)
            return
        if not user.is_therapist:
            await self.close(code=protocol.CLOSE_FORBIDDEN)
            return
        self.therapist_id = user.pk
        self.session_key = _session_key_of(self.scope)
        self.groups_joined = [caseload_group(user.pk), signin_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code: int) -> None:
        if self.therapist_id is not None:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The caseload socket only listens; anything sent is ignored."""

    async def signin_ended(self, event: dict[str, Any]) -> None:
        """As :meth:`PracticeSessionConsumer.signin_ended`: close with 4401."""
        if event.get("session_key") in (None, self.session_key):
            await self.close(code=protocol.CLOSE_SIGNED_OUT)

    async def caseload_changed(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"type": "caseload_changed"}))


class NoSuchSocketConsumer(QuietWhenGone):
    """Every WebSocket path that matches no route, a malformed session id
    (``/ws/sessions/not-a-uuid/``) included: accepted, then closed with 4403,
    the same answer as a session that does not exist (docs/protocol.md,
    "Close codes"), instead of an HTTP 500 and a traceback."""

    async def connect(self) -> None:
        await self.accept()
        await self.close(code=protocol.CLOSE_FORBIDDEN)
