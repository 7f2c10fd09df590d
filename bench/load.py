"""The load generator: couples doing active listening over real WebSockets.

Each couple is driven by one task; each socket has a reader task. Both
partners act as a couple would in the Speaker–Listener technique: the
speaker makes a statement, the listener paraphrases it, the speaker confirms
(sometimes corrects), and after at least one exchange the speaker sometimes
passes the floor. Whose turn it is comes from the last view the partners
received, exactly as in the browser. Before some statements the speaker asks
for typing-time coaching (an ``analyze`` frame) when the target is Attune.

Two loops:

* **open** — a couple's commands are planned at ``2 × rate`` per second
  (``rate`` per partner on average) with ±50 % uniform jitter, independent of
  the answers. A planned command whose previous update has not reached its
  sender yet waits for it (a person cannot act on a screen they have not
  seen); that wait is counted (``late``) and included in the latency "from
  plan", so a slow server cannot hide behind fewer sends.
* **closed** — the next partner acts as soon as the previous update arrives:
  the highest rate the server sustains for that many couples.
* **beats** — no commands: every partner sends a heartbeat as soon as the
  answer (``presence``) to its previous one arrives. Its "commands" are
  answered heartbeats, so the CPU per command is the CPU per heartbeat.

Latency: ``perf_counter`` at the send of a command by one partner to the
arrival of the ``update`` with the version it produced at the *other*
partner. Every version must reach every partner exactly once, or be covered
by a later snapshot: ``lost`` counts versions never seen, ``doubled`` those
seen twice. Against the reference relay the same script runs, with the
sender computing the next turn itself and the relay forwarding its frame.
Every wait is bounded by a time-out; every loop by the run's end time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from bench.figures import Metrics, Pending, result
from bench.fixtures import CoupleFixture
from bench.processes import Meter
from bench.script import actor_key, next_command, relay_advance

SYNC = json.dumps({"type": "sync"})
HEARTBEAT = json.dumps({"type": "heartbeat"})


@dataclass(frozen=True)
class Target:
    """Where partners connect. ``ports[side % len(ports)]`` serves a couple's
    partner ``side`` (0 or 1), so with two ports the partners of one couple
    are on different processes. ``relay`` selects the reference relay's URLs."""

    name: str
    ports: tuple[int, ...]
    relay: bool = False
    pids: tuple[int, ...] = ()

    def endpoint(
        self, fixture: CoupleFixture, index: int, side: int
    ) -> tuple[str, dict, Origin]:
        """``(url, extra headers, origin)`` of one partner's socket."""
        port = self.ports[side % len(self.ports)]
        origin = Origin(f"http://127.0.0.1:{port}")
        if self.relay:
            return f"ws://127.0.0.1:{port}/relay/{index}/{side}", {}, origin
        headers = {"Cookie": f"sessionid={fixture.cookies[side]}"}
        return f"ws://127.0.0.1:{port}/ws/sessions/{fixture.public_id}/", headers, origin


@dataclass(frozen=True)
class RunSpec:
    """One load run. ``mode``: ``open``, ``closed`` or ``idle`` (connect, stay
    silent, measure memory). ``rate``: commands per second per partner (open
    loop). ``duration`` and ``warmup``: seconds measured and seconds run
    before measuring. ``analyze_ratio``: share of statements preceded by a
    coaching request. ``heartbeat``: seconds between two heartbeats of each
    partner's socket (the browser's 15; 0 sends none), the first at a random
    offset so they spread out. ``pass_ratio``/``correct_ratio``: how often a speaker
    passes the floor (after at least one exchange) or corrects a paraphrase."""

    couples: int
    mode: str = "open"
    rate: float = 1.0
    duration: float = 10.0
    warmup: float = 2.0
    analyze_ratio: float = 0.5
    heartbeat: float = 15.0
    pass_ratio: float = 0.2
    correct_ratio: float = 0.1
    seed: int = 1
    connect_concurrency: int = 64
    command_timeout: float = 5.0
    drain: float = 5.0
    idle_settle: float = 3.0


class Partner:
    def __init__(self, couple: Couple, side: int, key: str) -> None:
        self.couple, self.side, self.key = couple, side, key
        self.ws: ClientConnection | None = None
        self.reader: asyncio.Task | None = None
        self.version = -1
        self.start_version: int | None = None
        self.recovered_to = -1
        self.exercise: dict[str, Any] | None = None
        self.seen: Counter = Counter()
        self.snapshot = asyncio.Event()
        self.beat = asyncio.Event()
        self.syncs_pending = 0
        self.closing = False
        self.open = False

    def connection(self) -> ClientConnection:
        """The socket, for reading and sending: only connected partners do."""
        assert self.ws is not None
        return self.ws


class Couple:
    def __init__(self, index: int, fixture: CoupleFixture, seed: int) -> None:
        self.index, self.fixture = index, fixture
        self.partners = [Partner(self, side, key) for side, key in enumerate(fixture.partners)]
        self.pending: dict[int, Pending] = {}
        self.clients: set[str] = set()
        self.analyses: dict[str, float] = {}
        self.expected = 0
        self.failed = False
        self.changed = asyncio.Event()
        self.rng = random.Random(seed * 1_000_003 + index)

    def side_of(self, key: str) -> int:
        return 0 if self.partners[0].key == key else 1


class Run:
    """One run of :class:`RunSpec` against a :class:`Target`."""

    def __init__(self, target: Target, fixtures: list[CoupleFixture], spec: RunSpec) -> None:
        self.target, self.spec = target, spec
        self.couples = [Couple(i, f, spec.seed) for i, f in enumerate(fixtures[: spec.couples])]
        self.metrics = Metrics()
        self.t_measure = self.t_stop = 0.0

    # --- sockets ---------------------------------------------------------------

    async def connect_all(self) -> None:
        gate = asyncio.Semaphore(self.spec.connect_concurrency)
        await asyncio.gather(*(self._connect(p, gate) for c in self.couples for p in c.partners))
        if self.target.relay:
            for couple in self.couples:
                a, b = couple.fixture.partners
                ex = {"phase": "statement", "speaker": a, "listener": b, "turn_exchanges": 1}
                for partner in couple.partners:
                    partner.version = partner.start_version = 0
                    partner.exercise = ex
        for couple in self.couples:
            couple.expected = max(p.version for p in couple.partners)

    async def _connect(self, partner: Partner, gate: asyncio.Semaphore) -> None:
        url, headers, origin = self.target.endpoint(
            partner.couple.fixture, partner.couple.index, partner.side
        )
        async with gate:
            try:
                partner.ws = await websockets.connect(
                    url,
                    additional_headers=headers,
                    origin=origin,
                    open_timeout=30,
                    compression=None,
                    max_size=2**22,
                    ping_interval=None,
                    close_timeout=2,
                )
            except Exception as exc:  # counted, never raised: a refused socket is a result
                self.metrics.connect_failures[type(exc).__name__] += 1
                return
            partner.open = True
            partner.reader = asyncio.create_task(self._read(partner))
            if not self.target.relay:
                try:
                    await asyncio.wait_for(partner.snapshot.wait(), 30)
                except TimeoutError:
                    self.metrics.connect_failures["no_snapshot"] += 1

    async def close_all(self) -> None:
        gate = asyncio.Semaphore(self.spec.connect_concurrency)

        async def close(partner: Partner) -> None:
            if partner.ws is None:
                return
            partner.closing = True
            async with gate:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(partner.ws.close(), 5)
            if partner.reader is not None:
                partner.reader.cancel()

        await asyncio.gather(*(close(p) for c in self.couples for p in c.partners))

    async def _read(self, partner: Partner) -> None:
        couple, m = partner.couple, self.metrics
        try:
            async for raw in partner.connection():
                now = perf_counter()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "update":
                    version = frame["version"]
                    partner.seen[version] += 1
                    if version > partner.version:
                        if version > partner.version + 1 and not self.target.relay:
                            m.gaps += 1  # a client that sees a gap asks for a snapshot
                            partner.syncs_pending += 1
                            await partner.connection().send(SYNC)
                        partner.version = version
                        partner.exercise = frame["view"]["exercise"]
                    pending = couple.pending.get(version)
                    if (
                        pending is not None
                        and pending.sender != partner.side
                        and not pending.delivered
                    ):
                        pending.delivered = True
                        if pending.measured:
                            m.delivered += 1
                            m.latency.append(now - pending.t_sent)
                            m.latency_from_plan.append(now - pending.t_planned)
                    couple.changed.set()
                    if (
                        frame.get("client_id") in couple.clients
                        and pending is not None
                        and pending.measured
                        and pending.sender == partner.side
                    ):  # an update that is also the sender's ack (no separate ack frame)
                        m.ack.append(now - pending.t_sent)
                elif kind == "presence":
                    partner.beat.set()
                elif kind == "ack":
                    pending = couple.pending.get(frame["version"])
                    if pending is not None and pending.measured and not frame.get("duplicate"):
                        m.ack.append(now - pending.t_sent)
                elif kind == "analysis":
                    sent = couple.analyses.pop(frame.get("request_id"), None)
                    if sent is not None:
                        m.analysis.append(now - sent)
                elif kind == "error":
                    m.errors[frame.get("code", "?")] += 1
                    if frame.get("client_id") in couple.clients:
                        couple.failed = True
                        couple.changed.set()
                elif kind == "snapshot":
                    version = frame["version"]
                    if partner.start_version is None:
                        partner.start_version = version
                    else:
                        partner.recovered_to = max(partner.recovered_to, version)
                    if version >= partner.version:
                        partner.version = version
                        partner.exercise = frame["view"]["exercise"]
                    partner.syncs_pending = max(0, partner.syncs_pending - 1)
                    partner.snapshot.set()
                    couple.changed.set()
        except ConnectionClosed as exc:
            if not partner.closing:
                m.closes[str(exc.rcvd.code if exc.rcvd else "no_close_frame")] += 1
        finally:
            partner.open = False
            couple.changed.set()

    # --- driving ------------------------------------------------------------------

    async def _caught_up(self, couple: Couple, deadline: float) -> int | None:
        """Wait until the partner who acts next has seen the last version;
        return their side, or None on failure, a closed socket or the deadline."""
        while True:
            if couple.failed or not all(p.open for p in couple.partners):
                return None
            lead = max(couple.partners, key=lambda p: p.version)
            if lead.version >= couple.expected:
                key = actor_key(lead.exercise)
                side = 0 if key is None else couple.side_of(key)
                if couple.partners[side].version >= lead.version:
                    return side
            remaining = deadline - perf_counter()
            if remaining <= 0:
                return None
            couple.changed.clear()
            try:
                await asyncio.wait_for(couple.changed.wait(), remaining)
            except TimeoutError:
                return None

    async def _resync(self, couple: Couple) -> None:
        """After an error or a time-out: fresh snapshots for both partners."""
        couple.failed = False
        if self.target.relay:
            lead = max(couple.partners, key=lambda p: p.version)
            for partner in couple.partners:
                partner.recovered_to = max(partner.recovered_to, lead.version)
                partner.version, partner.exercise = lead.version, lead.exercise
        else:
            for partner in couple.partners:
                if partner.open:
                    partner.snapshot.clear()
                    try:
                        partner.syncs_pending += 1
                        await partner.connection().send(SYNC)
                        await asyncio.wait_for(partner.snapshot.wait(), self.spec.command_timeout)
                    except (TimeoutError, ConnectionClosed):
                        pass
        couple.expected = max(p.version for p in couple.partners)

    async def _drive(self, couple: Couple) -> None:
        spec, m, rng = self.spec, self.metrics, couple.rng
        closed = spec.mode == "closed"
        gap = 1.0 / (2 * spec.rate) if spec.rate > 0 else 1.0
        planned = perf_counter() + rng.uniform(0, 2 * gap)
        while True:
            now = perf_counter()
            if closed:
                if now >= self.t_stop:
                    return
                planned = now
            else:
                if planned >= self.t_stop:
                    return
                if planned > now:
                    await asyncio.sleep(planned - now)
            deadline = min(perf_counter() + spec.command_timeout, self.t_stop + spec.drain)
            side = await self._caught_up(couple, deadline)
            if side is None:
                if not all(p.open for p in couple.partners):
                    return
                if self.t_measure <= perf_counter() < self.t_stop and not couple.failed:
                    m.timeouts += 1
                await self._resync(couple)
                if perf_counter() >= self.t_stop:
                    return
                continue
            t = perf_counter()
            if not closed and t - planned > 0.002:
                m.late += int(self.t_measure <= t < self.t_stop)
            actor = couple.partners[side]
            command, payload = next_command(actor.exercise, rng, spec, actor.key)
            version = actor.version + 1
            measured = self.t_measure <= t < self.t_stop
            # Registered before the send: the other partner may see the update
            # before this task runs again.
            couple.pending[version] = pending = Pending(side, t, planned, measured)
            couple.pending.pop(version - 64, None)  # keep the map small
            couple.expected = version
            m.sent += int(measured)
            try:
                await self._send(couple, actor, command, payload, version, pending)
            except ConnectionClosed:
                return
            if not closed:
                planned += gap * rng.uniform(0.5, 1.5)
                if t - planned > 1.0:  # more than a second behind plan: restart the plan
                    m.behind += int(measured)
                    planned = t

    async def _send(
        self,
        couple: Couple,
        actor: Partner,
        command: str,
        payload: dict,
        version: int,
        pending: Pending,
    ) -> None:
        """Send the command (Attune: after a coaching request for some
        statements) or, to the relay, the update the sender computed;
        ``pending.t_sent`` is taken right before the command's frame leaves."""
        if self.target.relay:
            assert actor.exercise is not None  # connect_all() sets it for the relay
            actor.exercise = relay_advance(actor.exercise, command)
            actor.version = version
            actor.seen[version] += 1
            frame = json.dumps(
                {
                    "type": "update",
                    "version": version,
                    "events": [{"type": command, "data": payload}],
                    "view": {"exercise": actor.exercise},
                }
            )
            pending.t_sent = perf_counter()
            await actor.connection().send(frame)
            return
        if command == "statement_make" and couple.rng.random() < self.spec.analyze_ratio:
            request_id = uuid.uuid4().hex
            couple.analyses[request_id] = perf_counter()
            self.metrics.analyze_sent += int(pending.measured)
            await actor.connection().send(
                json.dumps({"type": "analyze", "request_id": request_id, "text": payload["text"]})
            )
        client_id = str(uuid.uuid4())
        couple.clients.add(client_id)
        frame = json.dumps(
            {
                "type": "command",
                "command": command,
                "client_id": client_id,
                "version": version - 1,
                "payload": payload,
            }
        )
        pending.t_sent = perf_counter()
        await actor.connection().send(frame)

    async def _heartbeats(self, partner: Partner, rng: random.Random) -> None:
        """Send a heartbeat every ``spec.heartbeat`` seconds on ``partner``'s
        socket (as the browser does) until the measured window ends; counted
        in ``heartbeats_sent`` when inside it."""
        await asyncio.sleep(rng.uniform(0, self.spec.heartbeat))
        while perf_counter() < self.t_stop and partner.open:
            try:
                await partner.connection().send(HEARTBEAT)
            except ConnectionClosed:
                return
            if perf_counter() >= self.t_measure:
                self.metrics.heartbeats_sent += 1
            await asyncio.sleep(self.spec.heartbeat)

    async def _beats(self, partner: Partner) -> None:
        """Mode ``beats``: heartbeat, wait for its ``presence`` answer (at
        most ``command_timeout``), again, until the window ends. Each answer
        inside the window counts as one delivered "command"."""
        m = self.metrics
        while perf_counter() < self.t_stop and partner.open:
            partner.beat.clear()
            t = perf_counter()
            try:
                await partner.connection().send(HEARTBEAT)
                await asyncio.wait_for(partner.beat.wait(), self.spec.command_timeout)
            except ConnectionClosed:
                return
            except TimeoutError:
                m.timeouts += int(self.t_measure <= t < self.t_stop)
                continue
            if self.t_measure <= t < self.t_stop:
                m.sent += 1
                m.delivered += 1
                m.latency.append(perf_counter() - t)

    async def _drain(self) -> None:
        """After the end: let the last updates, and the snapshots asked for
        after gaps, arrive (bounded by ``drain``): until every open partner
        has every version up to the last one sent, or a snapshot covering it."""
        deadline = perf_counter() + self.spec.drain

        def settled(p: Partner) -> bool:
            if not p.open or p.start_version is None:
                return True
            if p.version < p.couple.expected or p.syncs_pending:
                return False
            first = max(p.start_version, p.recovered_to) + 1
            return all(p.seen.get(v) for v in range(first, p.couple.expected + 1))

        for couple in self.couples:
            while perf_counter() < deadline and not all(settled(p) for p in couple.partners):
                couple.changed.clear()
                try:
                    await asyncio.wait_for(
                        couple.changed.wait(), max(0.0, deadline - perf_counter())
                    )
                except TimeoutError:
                    break

    async def go(
        self,
        meter: Meter,
        idle_probe: Callable[[], dict] | None,
        on_start: Callable[[], None] | None = None,
    ) -> dict[str, Any]:
        """Connect, run (``on_start()`` once connected), drain, close.
        Returns ``{"meter", "connect_s", "idle"}``."""
        t0 = perf_counter()
        await self.connect_all()
        connect_s = perf_counter() - t0
        idle = None
        if self.spec.mode == "idle":
            await asyncio.sleep(self.spec.idle_settle)
            idle = idle_probe() if idle_probe else None
            await self.close_all()
            return {"meter": None, "connect_s": connect_s, "idle": idle}
        if on_start is not None:
            on_start()
        start = perf_counter()
        self.t_measure = start + self.spec.warmup
        self.t_stop = self.t_measure + self.spec.duration
        if self.spec.mode == "beats":
            drivers = [
                asyncio.create_task(self._beats(p)) for c in self.couples for p in c.partners
            ]
        else:
            drivers = [asyncio.create_task(self._drive(c)) for c in self.couples]
        beats = [
            asyncio.create_task(self._heartbeats(p, random.Random(self.spec.seed + i)))
            for i, p in enumerate(p for c in self.couples for p in c.partners)
        ] if self.spec.heartbeat > 0 and self.spec.mode != "beats" else []
        await asyncio.sleep(max(0.0, self.t_measure - perf_counter()))
        await asyncio.to_thread(meter.start)  # psutil off the loop: no pause in the samples
        await asyncio.sleep(max(0.0, self.t_stop - perf_counter()))
        used = await asyncio.to_thread(meter.stop)
        for task in beats:
            task.cancel()
        await asyncio.wait(drivers, timeout=self.spec.command_timeout + self.spec.drain + 5)
        for task in drivers:
            task.cancel()
        await self._drain()
        await self.close_all()
        return {"meter": used, "connect_s": connect_s, "idle": None}


def run(
    target: Target,
    fixtures: list[CoupleFixture],
    spec: RunSpec,
    *,
    truth: Callable[[list[int]], dict[int, int]] | None = None,
    idle_probe: Callable[[], dict] | None = None,
    on_start: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Run ``spec`` against ``target`` in a fresh event loop (uvloop when
    installed) and return :func:`result`. ``truth(session_ids)`` gives the
    stored versions after the run (Attune); ``idle_probe()`` measures the
    servers once every partner is connected (idle mode); ``on_start()`` is
    called once every partner is connected, before the first command."""
    if spec.couples > len(fixtures):
        raise ValueError(f"{spec.couples} couples asked for, {len(fixtures)} prepared")
    load = Run(target, fixtures, spec)
    meter = Meter(list(target.pids))
    try:
        import uvloop
    except ImportError:
        outcome = asyncio.run(load.go(meter, idle_probe, on_start))
    else:
        outcome = uvloop.run(load.go(meter, idle_probe, on_start))
    stored = (
        truth([c.fixture.session_id for c in load.couples])
        if truth and spec.mode != "idle"
        else None
    )
    return result(load, outcome, stored)
