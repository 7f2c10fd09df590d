"""Where a worker's time goes under load: ``py-spy record`` on a server pid
while the load runs, then a summary of the collapsed stacks.

py-spy samples every thread that is running Python (idle threads are left
out), so a share here is "of the busy samples of that process": the event
loop thread (sockets, JSON, channel layer) and the thread that runs
``database_sync_to_async`` calls (ORM, psycopg, engine) both count.
``python -m bench.profiling FILE`` prints the summary of a saved profile.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

MARKERS: dict[str, tuple[str, ...]] = {
    "session_command_apply (whole service)": ("session_command_apply",),
    "database round trips (psycopg wait/execute)": (
        "psycopg/cursor.py",
        "psycopg/connection.py",
        "psycopg/waiting.py",
        "psycopg/_conninfo",
    ),
    "Django ORM (query building, model init)": ("django/db/models/",),
    "transaction begin/commit/savepoints": ("django/db/transaction.py",),
    "engine.apply": ("exercises/engine.py:apply", "apply (exercises/engine.py"),
    "copy.deepcopy": ("deepcopy (",),
    "json encode/decode": ("json/encoder.py", "json/decoder.py", "json/__init__.py"),
    "pydantic frame parsing": ("parse_client_frame",),
    "views for each participant (engine.view)": ("view (exercises/engine.py",),
    "channel layer (channels_redis)": ("channels_redis/",),
    "asgiref thread hand-off (own time in asgiref, executor, futures)": (
        "leaf:asgiref/sync.py",
        "leaf:concurrent/futures/",
        "leaf:asyncio/futures.py",
        "leaf:channels/db.py",
        "leaf:close_old_connections",
        "leaf:threading.py",
    ),
    "socket writes and WebSocket framing (own time)": (
        "leaf:websockets/", "leaf:uvicorn/protocols/websockets", "leaf:asyncio/streams.py",
        "leaf:asyncio/selector_events.py", "leaf:autobahn/", "leaf:twisted/"),
    "presence (connect/heartbeat)": ("presence_",),
    "I-statement analysis": ("draft_analyze",),
    "snapshot (selectors.session_snapshot)": ("session_snapshot",),
}
"""Report name → substrings; a sample counts for a marker when any frame of
its stack contains one of them (inclusive time), or, for a ``leaf:``
substring, when the innermost frame does (own time)."""


def py_spy() -> str | None:
    """Path of the py-spy executable next to this Python, or on PATH."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def record(
    pid: int, seconds: float, output: Path, *, rate: int = 200, gil: bool = False
) -> subprocess.Popen | None:
    """Start ``py-spy record`` on ``pid`` for ``seconds`` into ``output``
    (collapsed stacks, "raw" format); ``gil`` samples only the thread holding
    the GIL (Python CPU time, no waiting). Returns the process, or None when
    py-spy is not installed (``pip install py-spy``)."""
    exe = py_spy()
    if exe is None:
        return None
    output.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            exe,
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(max(1, int(seconds))),
            "--rate",
            str(rate),
            "--format",
            "raw",
            "--output",
            str(output),
            "--nonblocking",
            *(["--gil"] if gil else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )


def _stacks(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text("utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    return stacks


def _package(frame: str) -> str:
    """``name (path/to/file.py:12)`` → a short place: the package or module."""
    _, _, where = frame.rpartition(" (")
    filename = where.split(":")[0]
    parts = [p for p in filename.replace("\\", "/").split("/") if p]
    for anchor in ("site-packages", "python3.11"):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1 :]
            return rest[0].removesuffix(".py") if rest else filename
    return "/".join(parts[-2:]) if len(parts) >= 2 else filename


IDLE_LEAVES = (
    "Runner.run (asyncio/runners.py",
    "_worker (concurrent/futures/thread.py:81)",
    "select (selectors.py",
    "run_forever (asyncio/base_events.py",
    "wait (threading.py",
    "Thread._wait_for_tstate_lock",
)
"""Leaf frames of a thread that waits for work (uvloop's C loop in epoll,
an executor thread blocked on its queue): py-spy cannot see that they are
idle, so they are counted apart."""
DB_WAIT_LEAVES = ("Connection.wait (psycopg/", "wait_c (psycopg", "_execute_send (psycopg/")
"""Leaf frames of a thread blocked on PostgreSQL (the query travelling, the
server working, the commit's WAL flush)."""


def summarize(path: Path, *, top: int = 20) -> dict[str, Any]:
    """``{"samples", "idle_pct", "busy": {"event_loop_pct", "db_threads_pct",
    "db_wait_pct"}, "inclusive_pct": {marker: % of busy samples},
    "self_by_package_pct", "top_self_pct": [[frame, %]]}`` of a raw py-spy
    profile. Percentages of ``busy`` samples (not idle) unless named idle."""
    stacks = _stacks(path)
    total = sum(count for _, count in stacks) or 1
    idle = sum(count for frames, count in stacks if frames[-1].startswith(IDLE_LEAVES))
    busy_stacks = [(f, c) for f, c in stacks if not f[-1].startswith(IDLE_LEAVES)]
    busy = sum(count for _, count in busy_stacks) or 1
    in_threads = sum(
        c for f, c in busy_stacks if any("concurrent/futures/thread.py" in x for x in f)
    )
    db_wait = sum(c for f, c in busy_stacks if f[-1].startswith(DB_WAIT_LEAVES))
    inclusive: Counter = Counter()
    own: Counter = Counter()
    by_package: Counter = Counter()
    for frames, count in busy_stacks:
        joined = ";".join(frames)
        leaf = frames[-1]
        for marker, needles in MARKERS.items():
            if any(n[5:] in leaf if n.startswith("leaf:") else n in joined for n in needles):
                inclusive[marker] += count
        own[leaf] += count
        by_package[_package(leaf)] += count

    def pct(n: int) -> float:
        return round(100 * n / busy, 1)

    return {
        "samples": total,
        "idle_pct": round(100 * idle / total, 1),
        "busy": {
            "event_loop_pct": pct(busy - in_threads),
            "db_threads_pct": pct(in_threads),
            "db_wait_pct": pct(db_wait),
        },
        "inclusive_pct": {marker: pct(inclusive[marker]) for marker in MARKERS},
        "self_by_package_pct": {name: pct(n) for name, n in by_package.most_common(top)},
        "top_self_pct": [[frame, pct(n)] for frame, n in own.most_common(top)],
    }


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(json.dumps(summarize(Path(name)), indent=2))
