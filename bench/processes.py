"""Server processes the bench starts (loopback only), and what they cost.

Every process started here is remembered and stopped on exit, on an
exception and on SIGTERM/SIGINT (:func:`stop_all`), by its own pid.
:class:`Meter` reads CPU seconds and resident memory with psutil for the
server processes, PostgreSQL, Redis and the generator itself.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
START_TIMEOUT = 30.0  # seconds for a server to answer
STOP_TIMEOUT = 10.0  # seconds before SIGKILL

_running: list[ServerProcess] = []


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """One server process on ``127.0.0.1:port``; output goes to a log file
    under bench/results/logs."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        port: int,
        env: dict[str, str] | None,
        cwd: Path,
        health_path: str | None,
    ) -> None:
        self.name, self.argv, self.port, self.env, self.cwd = name, argv, port, env, cwd
        self.health_path = health_path
        self.process: subprocess.Popen | None = None
        self.log = RESULTS / "logs" / f"{name}-{port}.log"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> ServerProcess:
        """Start and wait until it answers (``health_path`` 200, or a TCP
        connect). Raises RuntimeError if it exits or stays silent for
        START_TIMEOUT seconds."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        _running.append(self)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log}")
            if self._answers():
                return self
            time.sleep(0.1)  # readiness poll of a starting process, bounded by the deadline
        self.stop()
        raise RuntimeError(f"{self.name} did not answer in {START_TIMEOUT}s; see {self.log}")

    def _answers(self) -> bool:
        try:
            if self.health_path is None:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            url = f"http://127.0.0.1:{self.port}{self.health_path}"
            with urllib.request.urlopen(url, timeout=3) as response:
                return response.status == 200
        except OSError:
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT seconds."""
        if self.alive():
            process = self.process
            assert process is not None  # alive() says it runs
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        if self in _running:
            _running.remove(self)


def attune_server(
    *, server: str, port: int, env: dict[str, str], app_dir: Path, name: str,
    uvicorn_ws: str = "websockets-sansio", app: str = "couples.asgi:application",
) -> ServerProcess:
    """An Attune ASGI worker: ``server`` is ``uvicorn`` (uvloop, httptools,
    WebSocket protocol implementation ``uvicorn_ws``) or ``daphne``; ``app``
    the ASGI application (``bench.floor_app:application`` for the floor)."""
    if server == "uvicorn":
        argv = [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "warning",
            "--ws",
            uvicorn_ws,
        ]
    elif server == "daphne":
        argv = [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            app,
        ]
    else:
        raise ValueError(f"unknown server {server!r}")
    return ServerProcess(name, argv, port=port, env=env, cwd=app_dir, health_path="/healthz")


def relay_server(*, port: int) -> ServerProcess:
    """The reference relay of :mod:`bench.relay`."""
    argv = [sys.executable, "-m", "bench.relay", "--port", str(port)]
    return ServerProcess("relay", argv, port=port, env=None, cwd=ROOT, health_path=None)


def stop_all() -> None:
    """Stop every server process this bench started and that still runs."""
    for server in list(_running):
        with contextlib.suppress(Exception):  # keep stopping the others
            server.stop()


def install_cleanup() -> None:
    """Stop the servers at exit and on SIGTERM/SIGINT."""
    atexit.register(stop_all)

    def on_signal(signum, frame):
        stop_all()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)


def own_redis(*, port: int) -> ServerProcess:
    """A redis-server of the bench's own on ``127.0.0.1:port`` (no
    persistence), so its CPU time is Attune's alone and not that of other
    users of a shared Redis. Raises RuntimeError when redis-server is not
    installed or does not answer."""
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server is not installed")
    argv = [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
            "--appendonly", "no"]
    return ServerProcess("redis", argv, port=port, env=None, cwd=ROOT, health_path=None)


class Measured:
    """What :class:`Meter` counts besides the server pids, set once by the
    bench's main: ``database_url`` and ``application_name`` select the
    PostgreSQL backends serving Attune's connections (by pid, from
    ``pg_stat_activity``); ``redis_pids`` is the bench's own redis-server
    (empty when it uses a shared one: then Redis CPU is not counted)."""

    database_url: str | None = None
    application_name: str = ""
    redis_pids: tuple[int, ...] = ()


def attune_backends() -> list[int]:
    """Pids of the PostgreSQL backends whose ``application_name`` is
    :attr:`Measured.application_name` (Attune's server connections in the
    bench). Empty when no database is configured or it does not answer."""
    if not Measured.database_url or not Measured.application_name:
        return []
    try:
        import psycopg

        with psycopg.connect(Measured.database_url, connect_timeout=3) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (Measured.application_name,),
            ).fetchall()
    except Exception:
        return []
    return [row[0] for row in rows]


def _processes(pids: list[int] | tuple[int, ...]) -> list[psutil.Process]:
    out = []
    for pid in pids:
        try:
            out.append(psutil.Process(pid))
        except psutil.Error:
            continue
    return out


class Meter:
    """CPU seconds and resident memory over a window, per group of processes:
    ``server`` (the given pids), ``postgres`` (the backends serving Attune's
    own connections, by pid from ``pg_stat_activity``: see :class:`Measured`;
    the pids seen at the start and at the end are counted, so a backend that
    lived only between the two is missed), ``redis`` (the bench's own
    redis-server, if it started one) and ``generator`` (this process).
    Other people's PostgreSQL backends and Redis are never counted."""

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids
        self._start: dict[str, dict[int, float]] = {}
        self._t0 = 0.0
        self._backends: set[int] = set()

    def _groups(self) -> dict[str, list[psutil.Process]]:
        self._backends.update(attune_backends())
        return {
            "server": _processes(self.server_pids),
            "postgres": _processes(sorted(self._backends)),
            "redis": _processes(Measured.redis_pids),
            "generator": [psutil.Process()],
        }

    @staticmethod
    def _cpu(procs: list[psutil.Process]) -> dict[int, float]:
        out = {}
        for proc in procs:
            try:
                times = proc.cpu_times()
                out[proc.pid] = times.user + times.system
            except psutil.Error:
                continue
        return out

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._start = {group: self._cpu(procs) for group, procs in self._groups().items()}
        self._system = _busy_seconds()

    def stop(self) -> dict[str, Any]:
        """``{group: {"cpu_s", "cores"}, "server_rss_mb", "server_rss_mb_each"}``
        for the window since :meth:`start` (``cores`` = CPU seconds per
        wall-clock second). Group ``others`` is every other process on the
        machine (this is a shared 2-core machine: other people's tests count
        here), and ``load_average`` the 1-minute load at the end."""
        wall = max(time.perf_counter() - self._t0, 1e-9)
        out: dict[str, Any] = {}
        ours = 0.0
        for group, procs in self._groups().items():
            now = self._cpu(procs)
            before = self._start.get(group, {})
            used = sum(max(0.0, t - before.get(pid, 0.0)) for pid, t in now.items())
            ours += used
            out[group] = {"cpu_s": round(used, 3), "cores": round(used / wall, 3)}
        others = max(0.0, _busy_seconds() - self._system - ours)
        out["others"] = {"cpu_s": round(others, 3), "cores": round(others / wall, 3)}
        out["load_average"] = round(psutil.getloadavg()[0], 2)
        out["server_rss_mb_each"] = [round(rss / 2**20, 1) for rss in server_rss(self.server_pids)]
        out["server_rss_mb"] = round(sum(out["server_rss_mb_each"]), 1)
        return out


def _busy_seconds() -> float:
    """CPU seconds the whole machine spent busy since boot (all cores)."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def background_cores(seconds: float = 2.0) -> float:
    """Cores the rest of the machine keeps busy, measured over ``seconds``
    before the bench starts anything (other people's test runs on a shared
    machine show up here)."""
    me = psutil.Process()
    t0, busy0, mine0 = time.perf_counter(), _busy_seconds(), sum(me.cpu_times()[:2])
    time.sleep(seconds)
    mine = sum(me.cpu_times()[:2]) - mine0
    return round(max(0.0, _busy_seconds() - busy0 - mine) / (time.perf_counter() - t0), 2)


def server_rss(pids: list[int]) -> list[int]:
    """Resident set size of each pid (bytes)."""
    return [psutil.Process(pid).memory_info().rss for pid in pids]
