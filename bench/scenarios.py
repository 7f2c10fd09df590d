"""The scenarios of ``make bench`` and the server layouts they run against.

Layouts (:func:`layout`):

* ``relay`` — the reference relay (:mod:`bench.relay`), one process.
* ``attune-2w`` — two Uvicorn workers sharing Redis (channels-redis pub/sub
  layer) and PostgreSQL; the partners of a couple are on different workers.
* ``attune-1w-mem`` — one Uvicorn worker, in-memory channel layer, PostgreSQL.
* ``attune-2w-daphne`` — as ``attune-2w`` under Daphne.
* ``channels-floor`` — as ``attune-2w`` (two Uvicorn workers, channels-redis
  pub/sub, the same middleware and frames), but the consumer of
  :mod:`bench.floor_app`: no database, no engine. What Channels costs alone.
* ``channels-floor-noack`` — the floor without the separate ``ack`` frame
  (the sender's update carries its ``client_id``): what folding them saves.
* ``channels-floor-hop`` — the floor with Channels' own dispatch (a thread
  hop per message, which Attune's consumers leave out).

Scenarios (:data:`SCENARIOS`): ``rate`` (open loop at ``rate`` commands/s per
partner for each couple count), ``saturation`` (closed loop, rising couple
counts), ``idle`` (connected, silent partners: memory per connection),
``layers`` (one worker in memory vs two on Redis + PostgreSQL), ``servers``
(Daphne vs Uvicorn), ``floor`` (the Channels floor next to ``attune-2w``:
open loop at ``compare_couples`` and every closed-loop step, and the same
for the no-ack and hop floors unless ``--quick``), ``heartbeats`` (every partner sends heartbeats in
a closed loop, no commands: CPU per heartbeat), ``analyzer`` and
``service`` (the command service alone, in one process:
:mod:`bench.service_probe`).
"""

from __future__ import annotations

import contextlib
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from bench import load, processes, profiling
from bench.fixtures import APPLICATION_NAME, CoupleFixture

SCENARIOS = (
    "rate", "saturation", "idle", "layers", "servers", "floor", "heartbeats", "analyzer",
    "service",
)
TARGETS = (
    "relay", "attune-2w", "attune-1w-mem", "attune-2w-daphne", "channels-floor",
    "channels-floor-noack", "channels-floor-hop",
)
FLOOR_APP = "bench.floor_app:application"
SERVER_RATE_LIMITS = ("WS_RATE_LIMIT_COMMANDS", "WS_RATE_LIMIT_OTHER", "WS_RATE_LIMIT_REFUSALS")
"""Per-connection frame limits (couples/settings) the bench raises on its servers."""
P99_CEILING_MS = 100.0
"""Saturation: the highest closed-loop rate whose p99 stays under this counts."""


@dataclass
class Plan:
    """Sizes and durations (seconds) of a bench run."""

    rate_couples: list[int] = field(default_factory=lambda: [1, 50, 200, 500])
    rate: float = 1.0
    duration: float = 10.0
    warmup: float = 2.0
    saturation_couples: list[int] = field(default_factory=lambda: [4, 16, 64, 192])
    saturation_duration: float = 6.0
    idle_partners: int = 2000
    compare_couples: int = 200
    analyze_ratio: float = 0.5
    floor_variants: bool = True
    """The ``floor`` scenario also runs the no-ack and hop floors."""

    @classmethod
    def quick(cls) -> Plan:
        """A smoke run of every scenario in about a minute and a half."""
        return cls(
            rate_couples=[1, 20],
            duration=3.0,
            warmup=1.0,
            saturation_couples=[4, 16],
            saturation_duration=3.0,
            idle_partners=200,
            compare_couples=20,
            floor_variants=False,
        )

@dataclass(frozen=True)
class Job:
    """One load run: ``target`` layout name, ``mode`` (open/closed/idle),
    ``couples``; ``profile`` records worker 0 with py-spy during it."""

    target: str
    mode: str
    couples: int
    profile: bool = False


def jobs_for(scenarios: list[str], plan: Plan, *, profile: bool) -> list[Job]:
    """The load runs the chosen scenarios need, each once, grouped by layout."""
    wanted: list[Job] = []

    def add(job: Job) -> None:
        if job not in wanted:
            wanted.append(job)

    main = "attune-2w"
    for target in ("relay", main):
        if "rate" in scenarios:
            for n in plan.rate_couples:
                add(Job(target, "open", n))
        if "saturation" in scenarios:
            for n in plan.saturation_couples:
                add(Job(target, "closed", n))
        if "idle" in scenarios:
            add(Job(target, "idle", plan.idle_partners // 2))
    for scenario, other in (
        ("layers", "attune-1w-mem"),
        ("servers", "attune-2w-daphne"),
        ("floor", "channels-floor"),
        ("floor", "channels-floor-noack"),
        ("floor", "channels-floor-hop"),
    ):
        if other in ("channels-floor-noack", "channels-floor-hop") and not plan.floor_variants:
            continue
        if scenario in scenarios:
            for target in (main, other):
                add(Job(target, "open", plan.compare_couples))
                for n in plan.saturation_couples:
                    add(Job(target, "closed", n))
    if "heartbeats" in scenarios:
        for target in (main, "channels-floor"):
            add(Job(target, "beats", plan.compare_couples))
    if profile:
        add(Job(main, "open", plan.compare_couples, profile=True))
        add(Job(main, "closed", max(plan.saturation_couples), profile=True))
        if "floor" in scenarios:
            add(Job("channels-floor", "closed", max(plan.saturation_couples), profile=True))
    order = list(TARGETS)
    mode_order = {"open": 0, "closed": 1, "beats": 2, "idle": 3}
    return sorted(
        wanted, key=lambda j: (order.index(j.target), j.profile, mode_order[j.mode], j.couples)
    )


@dataclass
class Context:
    """What every layout needs: the app's source folder, the server
    environment (database, Redis) and the prepared couples."""

    app_dir: Path
    base_env: dict[str, str]
    database_url: str
    redis_url: str
    fixtures: list[CoupleFixture]
    truth: Callable[[list[int]], dict[int, int]]
    results_dir: Path
    stamp: str
    async_commit: bool = False
    uvicorn_ws: str = "websockets-sansio"


def _server_env(ctx: Context, *, redis: bool) -> dict[str, str]:
    sep = "&" if "?" in ctx.database_url else "?"
    query = f"application_name={APPLICATION_NAME}"
    if ctx.async_commit:
        query += "&options=-c%20synchronous_commit%3Doff"
    return {
        **ctx.base_env,
        "DATABASE_URL": f"{ctx.database_url}{sep}{query}",
        "REDIS_URL": ctx.redis_url if redis else "",
        "DJANGO_SETTINGS_MODULE": "couples.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        # A person sends a command every few seconds; the closed loop sends
        # the next one as soon as the update arrives. The limiter still runs
        # (its cost is part of a command's), with room for the whole load.
        **dict.fromkeys(SERVER_RATE_LIMITS, "100000/1 second"),
    }


@contextlib.contextmanager
def layout(name: str, ctx: Context) -> Iterator[load.Target]:
    """Start the processes of layout ``name``; stop them on leaving."""
    started: list[processes.ServerProcess] = []
    try:
        if name == "relay":
            started.append(processes.relay_server(port=processes.free_port()).start())
        else:
            workers = 1 if name == "attune-1w-mem" else 2
            server = "daphne" if name.endswith("daphne") else "uvicorn"
            env = _server_env(ctx, redis=name != "attune-1w-mem")
            floor = name.startswith("channels-floor")
            if floor:
                env["FLOOR_ACK"] = "0" if name.endswith("noack") else "1"
                env["FLOOR_HOP"] = "1" if name.endswith("hop") else "0"
            for i in range(workers):
                started.append(
                    processes.attune_server(
                        server=server,
                        port=processes.free_port(),
                        env=env,
                        # The floor is bench code: it runs from this tree.
                        app_dir=processes.ROOT if floor else ctx.app_dir,
                        name=f"{name}-{i}",
                        uvicorn_ws=ctx.uvicorn_ws,
                        app=FLOOR_APP if floor else "couples.asgi:application",
                    ).start()
                )
        yield load.Target(
            name,
            tuple(s.port for s in started),
            relay=name == "relay",
            pids=tuple(s.pid for s in started),
        )
    finally:
        for process in started:
            process.stop()


def service_probe(ctx: Context, session_id: int, *, count: int = 1060) -> dict[str, Any]:
    """Run :mod:`bench.service_probe` on ``session_id`` from the source tree
    under test (``ctx.app_dir``), with the servers' database settings."""
    env = _server_env(ctx, redis=False)
    probe = Path(__file__).resolve().with_name("service_probe.py")
    try:
        done = subprocess.run(
            [sys.executable, str(probe), env["DATABASE_URL"], str(session_id), str(count)],
            cwd=ctx.app_dir, env=env, capture_output=True, text=True, timeout=300,
        )
    except subprocess.TimeoutExpired:
        return {"skipped": "took longer than 300 s"}
    if done.returncode != 0:
        return {"skipped": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _redis_used_memory(url: str) -> int | None:
    try:
        import redis

        # redis-py types every reply as ``Awaitable | Any``; a sync client's is the dict.
        memory = cast(
            "dict[str, Any]", redis.Redis.from_url(url, socket_connect_timeout=2).info("memory")
        )
        return int(memory["used_memory"])
    except Exception:
        return None


def _idle(job: Job, target: load.Target, ctx: Context, plan: Plan) -> dict[str, Any]:
    """Memory per idle connected partner: server RSS (and Redis memory) after
    connecting ``2 × couples`` silent partners, minus before, per partner.
    A small connect/close round warms the servers first."""
    load.run(target, ctx.fixtures, load.RunSpec(couples=10, mode="idle", idle_settle=0.5))
    time.sleep(1.0)  # let the warm-up's disconnects finish before the baseline
    gc.collect()
    before = processes.server_rss(list(target.pids))
    redis_before = _redis_used_memory(ctx.redis_url) if not target.relay else None

    def probe() -> dict[str, Any]:
        after = processes.server_rss(list(target.pids))
        partners = 2 * job.couples
        delta = sum(after) - sum(before)
        out = {
            "server_rss_before_mb": round(sum(before) / 2**20, 1),
            "server_rss_after_mb": round(sum(after) / 2**20, 1),
            "kb_per_partner": round(delta / partners / 1024, 1),
        }
        if redis_before is not None:
            redis_after = _redis_used_memory(ctx.redis_url)
            if redis_after is not None:
                out["redis_kb_per_partner"] = round(
                    (redis_after - redis_before) / partners / 1024, 2
                )
        return out

    spec = load.RunSpec(couples=job.couples, mode="idle", connect_concurrency=50, idle_settle=3.0)
    return load.run(target, ctx.fixtures, spec, idle_probe=probe)


def run_job(job: Job, target: load.Target, ctx: Context, plan: Plan) -> dict[str, Any]:
    """Run one job against a started layout; return its result dict (with
    ``profile`` summary when profiled)."""
    if job.mode == "idle":
        out = _idle(job, target, ctx, plan)
    else:
        closed = job.mode in ("closed", "beats")
        spec = load.RunSpec(
            couples=job.couples,
            mode=job.mode,
            rate=plan.rate,
            duration=plan.saturation_duration if closed else plan.duration,
            warmup=min(plan.warmup, 2.0) if closed else plan.warmup,
            analyze_ratio=plan.analyze_ratio,
        )
        spy = None
        if job.profile and not target.relay:
            path = (ctx.results_dir
                    / f"profile-{ctx.stamp}-{job.target}-{job.mode}-{job.couples}.txt")
            # Sampling starts with the warm-up; the connect phase is before it.
            spy = _DeferredSpy(target.pids[0], spec.warmup, spec.duration, path)
        out = load.run(
            target,
            ctx.fixtures,
            spec,
            # The floor stores nothing: the versions it sent are the truth.
            truth=None if target.relay or target.name.startswith("channels-floor") else ctx.truth,
            on_start=spy.start if spy else None,
        )
        if spy is not None:
            out["profile"] = spy.finish()
    out["profiled"] = job.profile
    return out


class _DeferredSpy:
    """py-spy on one pid, started when the load starts (after connecting),
    covering warm-up and measured window: one recording of every busy thread
    (wall time, waits on PostgreSQL included) and one of the GIL holder only
    (Python CPU time)."""

    def __init__(self, pid: int, warmup: float, duration: float, path: Path) -> None:
        self.pid, self.seconds = pid, warmup + duration
        self.paths = {"wall": path, "gil": path.with_name(path.stem + "-gil.txt")}
        self.processes: dict[str, Any] = {}

    def start(self) -> None:
        for kind, path in self.paths.items():
            self.processes[kind] = profiling.record(self.pid, self.seconds, path, gil=kind == "gil")

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, process in self.processes.items():
            path = self.paths[kind]
            if process is None:
                return {"skipped": "py-spy is not installed (pip install py-spy)"}
            try:
                process.wait(timeout=30)
            except Exception:
                process.kill()
            if not path.exists():
                out[kind] = {"skipped": f"py-spy wrote nothing (exit {process.returncode})"}
            else:
                out[kind] = {"file": str(path), **profiling.summarize(path)}
        return out
