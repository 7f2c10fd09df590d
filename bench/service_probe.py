"""The command service alone: ``couples.services.commands.session_command_apply``
called in a loop in one process, no sockets, no channel layer.

Gives the database part of a command without the noise of the rest:
CPU milliseconds per command (``time.process_time``, this process only, so
other load on the machine disturbs it less than wall time), wall time per
command, SQL statements per command, and how the cost grows with the
session's length (CPU of the commands making versions 1000-1049 over that of
the first 50 measured, a few exchanges into the session). Each call is wrapped in
``close_old_connections()`` as ``channels.db.database_sync_to_async`` does,
so a connection health check costs what it costs in the server.

Run by the bench as a subprocess whose working folder is the source tree
being measured (``--app-dir``), so a prototype copy can be compared:
``python /path/to/bench/service_probe.py DATABASE_URL SESSION_ID COUNT``
prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from pathlib import Path


def main(database_url: str, session_id: int, count: int) -> dict:
    sys.path.insert(0, os.getcwd())  # the source tree under test first
    sys.path.append(str(Path(__file__).resolve().parent.parent))  # then the bench itself
    os.environ.update(
        DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="couples.settings", REDIS_URL="",
        DEBUG="false", LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.db import close_old_connections, connection

    from bench.load import RunSpec
    from bench.script import next_command
    from couples.models import PracticeSession
    from couples.services.commands import session_command_apply

    session = PracticeSession.objects.get(pk=session_id)
    rng, spec = random.Random(7), RunSpec(couples=1)
    current = {"exercise": session.state["exercise"], "version": session.version}
    statements = [0]

    def count_statement(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    def one() -> tuple[float, float]:
        ex = current["exercise"]
        actor = ex["listener"] if ex["phase"] == "paraphrase" else ex["speaker"]
        command, payload = next_command(ex, rng, spec, actor)
        t0, c0 = time.perf_counter(), time.process_time()
        close_old_connections()
        outcome = session_command_apply(
            session_id=session_id, user_id=int(actor), command=command, payload=payload,
            client_id=uuid.uuid4(), base_version=current["version"], now=time.time(),
        )
        close_old_connections()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        current["version"] = outcome.version
        message = outcome.deliveries[0].message
        view = json.loads(message["frame"])["view"] if "frame" in message else message["view"]
        current["exercise"] = view["exercise"]
        return wall, cpu

    for _ in range(min(10, count)):
        one()
    walls = []
    by_version: dict[int, float] = {}
    with connection.execute_wrapper(count_statement):
        cpu0 = time.process_time()
        for _ in range(count):
            wall, one_cpu = one()
            walls.append(wall)
            by_version[current["version"]] = one_cpu
        cpu = time.process_time() - cpu0
    walls.sort()
    first = min(by_version, default=0)
    early = [c for v, c in by_version.items() if v < first + 50]
    late = [c for v, c in by_version.items() if 1000 <= v < 1050]
    ratio = (
        round((sum(late) / len(late)) / (sum(early) / len(early)), 2)
        if early and late and sum(early)
        else None
    )
    return {
        "commands": count,
        "cpu_ms_per_command": round(cpu * 1000 / count, 3),
        "wall_ms_p50": round(walls[len(walls) // 2] * 1000, 3),
        "wall_ms_p99": round(walls[int(len(walls) * 0.99)] * 1000, 3),
        "statements_per_command": round(statements[0] / count, 2),
        "cost_ratio_event_1000_vs_10": ratio,
        "cost_ratio_note": f"mean CPU of the commands making versions 1000-1049 over "
        f"{first}-{first + 49} (the fixture's session starts a few exchanges in)",
        "statements_note": "BEGIN, COMMIT and health-check pings are not counted",
        "couples_module": __import__("couples").__file__,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
