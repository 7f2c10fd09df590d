"""Real ASGI server processes (Daphne) for tests that cross process
boundaries: two workers sharing the test database and Redis, restarts, kills.
Traffic stays on loopback; every wait is bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
SERVER_APPLICATION_NAME = "attune-test-server"
"""PostgreSQL application_name of the servers' connections, so a test can cut
exactly those."""
START_TIMEOUT = 20.0  # seconds for a server to answer /healthz


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The URL of the database the test run is using right now."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return (
        f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        f"?application_name={SERVER_APPLICATION_NAME}"
    )


class Server:
    """One Daphne process serving couples.asgi on a loopback port."""

    def __init__(self, port: int | None = None, env: dict[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "DJANGO_SETTINGS_MODULE": "couples.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None
        self.log = ROOT / "test-output" / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.log.parent.mkdir(exist_ok=True)
        limit = str(settings.WS_SERVER_MAX_MESSAGE_BYTES)  # README, "Production deployment": Daphne's flags
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "--websocket-max-message-size", limit, "--websocket-max-frame-size", limit,
             "couples.asgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)  # readiness poll of a starting process, bounded by the deadline
        self.stop()
        raise RuntimeError(f"server did not become healthy in {START_TIMEOUT}s; see {self.log}")

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to clean up (disconnect() never runs)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


class Peer:
    """A partner's WebSocket client (the `websockets` library) to a server."""

    def __init__(self, server: Server, cookie: str, path: str) -> None:
        self.server, self.cookie, self.path = server, cookie, path
        self.ws = None
        self.seen: list[dict[str, Any]] = []

    async def connect(self) -> dict[str, Any]:
        import websockets

        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.server.port}{self.path}",
            additional_headers={"Cookie": f"sessionid={self.cookie}"},
            origin=f"http://127.0.0.1:{self.server.port}",
            open_timeout=10,
        )
        return await self.next("snapshot")

    async def next(self, *types: str, timeout: float = 10.0) -> dict[str, Any]:  # noqa: ASYNC109
        import asyncio

        async def read():
            while True:
                message = json.loads(await self.ws.recv())
                self.seen.append(message)
                if not types or message["type"] in types:
                    return message

        return await asyncio.wait_for(read(), timeout)

    async def at_version(self, version: int) -> dict[str, Any]:
        while True:
            message = await self.next("update", "snapshot")
            if message["version"] >= version:
                return message

    async def command(self, name: str, version: int, client_id: str, **payload) -> None:
        await self.ws.send(json.dumps({"type": "command", "command": name, "client_id": client_id,
                                       "version": version, "payload": payload}))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
