"""The bench's output: machine facts, ratios to the reference relay, the
targets of issue 5, the printed table and the JSON file."""

from __future__ import annotations

import json
import math
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import psutil

from bench.analyzer import analyzer_targets
from bench.scenarios import P99_CEILING_MS

if TYPE_CHECKING:
    import psycopg

PACKAGES = (
    "Django",
    "channels",
    "channels-redis",
    "daphne",
    "Twisted",
    "uvicorn",
    "uvloop",
    "httptools",
    "websockets",
    "psycopg",
    "redis",
    "pydantic",
    "psutil",
)


def machine_info(database_url: str | None, redis_url: str | None) -> dict[str, Any]:
    """CPU count and model, memory, kernel, Python and package versions,
    PostgreSQL and Redis versions and the PostgreSQL settings that matter."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "load_average_at_start": round(psutil.getloadavg()[0], 2),
        "python": platform.python_version(),
        "packages": {},
    }
    for name in PACKAGES:
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = None
    if database_url:
        try:
            import psycopg

            with psycopg.connect(database_url, connect_timeout=3) as conn:
                info["postgresql"] = _show(conn, "server_version")
                info["postgresql_settings"] = {
                    name: _show(conn, name)
                    for name in ("synchronous_commit", "fsync", "shared_buffers", "max_connections")
                }
        except Exception as exc:
            info["postgresql"] = f"unknown: {type(exc).__name__}"
    if redis_url:
        try:
            import redis

            # redis-py types every reply as ``Awaitable | Any``; a sync client's is the dict.
            reply = cast(
                "dict[str, Any]",
                redis.Redis.from_url(redis_url, socket_connect_timeout=2).info("server"),
            )
            info["redis"] = reply["redis_version"]
        except Exception as exc:
            info["redis"] = f"unknown: {type(exc).__name__}"
    return info


def _show(conn: psycopg.Connection, name: str) -> Any:
    """The value of PostgreSQL setting ``name`` (``SHOW`` answers one row)."""
    row = conn.execute(f"SHOW {name}").fetchone()
    assert row is not None
    return row[0]


def _p99(result: dict[str, Any]) -> float | None:
    return (result.get("latency_ms") or {}).get("p99")


def add_ratios(results: list[dict[str, Any]]) -> None:
    """Give every Attune result ``vs_relay``: its p99 latency, throughput and
    idle memory divided by the relay's in the same mode and couple count."""
    relay = {
        (r["mode"], r["couples"]): r
        for r in results
        if r["target"] == "relay" and not r.get("profiled")
    }
    for r in results:
        ref = relay.get((r["mode"], r["couples"]))
        if r["target"] == "relay" or ref is None:
            continue
        ratios: dict[str, float | None] = {}
        if r["mode"] == "idle":
            a, b = r["idle"]["kb_per_partner"], ref["idle"]["kb_per_partner"]
            ratios["kb_per_partner"] = round(a / b, 2) if b else None
        else:
            a, b = _p99(r), _p99(ref)
            ratios["p99"] = round(a / b, 2) if a and b else None
            mine = (r.get("cpu_ms_per_command") or {}).get("server")
            theirs = (ref.get("cpu_ms_per_command") or {}).get("server")
            ratios["server_cpu_per_command"] = round(mine / theirs, 1) if mine and theirs else None
            ratios["commands_per_s"] = (
                round(r["commands_per_s"] / ref["commands_per_s"], 2)
                if ref["commands_per_s"]
                else None
            )
        r["vs_relay"] = ratios


def saturation(results: list[dict[str, Any]], target: str) -> dict[str, Any] | None:
    """The closed-loop run of ``target`` with the most commands/s whose p99
    stayed under P99_CEILING_MS: ``{"couples", "commands_per_s", "p99_ms"}``."""
    best = None
    for r in results:
        if r["target"] != target or r["mode"] != "closed" or r.get("profiled"):
            continue
        p99 = _p99(r)
        if (
            p99 is not None
            and p99 < P99_CEILING_MS
            and (best is None or r["commands_per_s"] > best["commands_per_s"])
        ):
            best = {"couples": r["couples"], "commands_per_s": r["commands_per_s"], "p99_ms": p99}
    return best


def targets(
    results: list[dict[str, Any]],
    analyzer: dict[str, Any] | None,
    service: dict[str, Any] | None = None,
    accuracy: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Issue 10's targets for two workers on Redis + PostgreSQL and issue 13's
    for the I-statement analyzer (CPU per statement; accuracy on the sets
    written blind, ``bench.analyzer.analyzer_accuracy``), each with the
    measured figure and ``met`` (None when not measured in this run)."""
    main = [r for r in results if r["target"] == "attune-2w" and not r.get("profiled")]
    at200 = next((r for r in main if r["mode"] == "open" and r["couples"] == 200), None)
    out = []

    def add(name: str, measured: Any, met: bool | None) -> None:
        out.append({"target": name, "measured": measured, "met": met})

    p99 = _p99(at200) if at200 else None
    add("p99 <= 25 ms at 200 couples", p99, None if p99 is None else p99 <= 25)
    ratio = (at200 or {}).get("vs_relay", {}).get("p99")
    add("p99 <= 10x the relay's at 200 couples", ratio, None if ratio is None else ratio <= 10)
    best = saturation(results, "attune-2w")
    add(
        f">= 1000 persisted commands/s with p99 < {P99_CEILING_MS:.0f} ms",
        best,
        None
        if not any(r["mode"] == "closed" for r in main)
        else bool(best and best["commands_per_s"] >= 1000),
    )
    below = [
        r
        for r in main
        if r["mode"] in ("open", "closed")
        and (row_p99 := _p99(r)) is not None
        and row_p99 < P99_CEILING_MS
    ]
    bad = sum(r["lost"] + r["doubled"] for r in below)
    add("0 lost/doubled updates below saturation", bad, None if not below else bad == 0)
    idle = next((r for r in main if r["mode"] == "idle"), None)
    kb = idle["idle"]["kb_per_partner"] if idle else None
    add("<= 40 KB server memory per idle partner", kb, None if kb is None else kb <= 40)
    cpu = summary({"results": results}).get("cpu_ms_per_command")
    add("<= 2 ms total CPU per command (workers + PostgreSQL + Redis)", cpu,
        None if cpu is None else cpu <= 2)
    ratio = (service or {}).get("cost_ratio_event_1000_vs_10")
    add("command at event 1,000 within 1.2x of one at event 10", ratio,
        None if ratio is None else ratio <= 1.2)
    mean = (analyzer or {}).get("mean_ms")
    add("coaching <= 0.2 ms per draft (mean)", mean, None if mean is None else mean <= 0.2)
    out.extend(analyzer_targets(analyzer, accuracy))
    return out


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(results: list[dict[str, Any]]) -> str:
    """The figures as a fixed-width text table: latency in milliseconds,
    CPU in cores (CPU seconds per second) and CPU milliseconds per command,
    resident memory in MB. ``others`` is CPU used by everything else on the
    machine during the run."""
    head = ["target", "mode", "couples", "cmd/s", "p50", "p95", "p99", "max", "p99/relay",
            "errors", "lost/dbl", "srv cores", "srv ms/cmd", "pg ms/cmd", "srv MB", "gen cores",
            "others"]
    rows = [head]
    for r in results:
        name = r["target"] + (" (profiled)" if r.get("profiled") else "")
        if r["mode"] == "idle":
            idle = r["idle"] or {}
            ratio = (r.get("vs_relay") or {}).get("kb_per_partner")
            rows.append([name, "idle", str(r["couples"]), "-", "-", "-", "-", "-",
                         f"{_fmt(ratio, 2)} (mem)", str(sum(r["connect_failures"].values())),
                         "-", "-", f"{_fmt(idle.get('kb_per_partner'))} KB/partner", "-",
                         _fmt(idle.get("server_rss_after_mb")), "-", "-"])
            continue
        lat = r["latency_ms"]
        res = r.get("resources") or {}
        per = r.get("cpu_ms_per_command") or {}
        errors = sum(r["errors"].values()) + r["timeouts"] + sum(r["closes"].values())
        rows.append([
            name, r["mode"], str(r["couples"]), _fmt(r["commands_per_s"]),
            _fmt(lat["p50"], 2), _fmt(lat["p95"], 2), _fmt(lat["p99"], 2), _fmt(lat["max"], 1),
            _fmt((r.get("vs_relay") or {}).get("p99"), 2), str(errors),
            f"{r['lost']}/{r['doubled']}", _fmt(res.get("server", {}).get("cores"), 2),
            _fmt(per.get("server"), 2), _fmt(per.get("postgres"), 2),
            _fmt(res.get("server_rss_mb")), _fmt(res.get("generator", {}).get("cores"), 2),
            _fmt(res.get("others", {}).get("cores"), 2),
        ])  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for row in rows:
        cells = zip(row, widths, strict=True)
        lines.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells)))
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def write(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a run (``bench/results/summary.json``), each
    None when not measured: closed-loop saturation of ``attune-2w``
    (``sustained_commands_per_s``, ``sustained_p99_ms``), p99 at 200 couples
    open loop for Attune and the relay (ms), total CPU per command (ms:
    workers + Attune's PostgreSQL backends + the bench's own Redis, in the
    200-couple run, else the largest open-loop one), the service's cost at
    event 1,000 over event ~10, idle KB per partner, coaching ms per draft,
    lost and doubled updates over every run below the p99 ceiling, and the
    machine (cores, background load at start)."""
    results = document.get("results", [])
    main = [r for r in results if r["target"] == "attune-2w" and not r.get("profiled")]

    def open_run(target: str, couples: int | None) -> dict[str, Any] | None:
        runs = [r for r in results if r["target"] == target and r["mode"] == "open"
                and not r.get("profiled")]
        exact = [r for r in runs if r["couples"] == couples]
        if exact:
            return exact[0]
        return max(runs, key=lambda r: r["couples"], default=None) if couples is None else None

    best = saturation(results, "attune-2w")
    at200 = open_run("attune-2w", 200)
    relay200 = open_run("relay", 200)
    cost_run = at200 or open_run("attune-2w", None)
    cpu = None
    if cost_run:
        cpu = _total_cpu(cost_run)
    idle = next((r for r in main if r["mode"] == "idle"), None)
    below = [r for r in main if r["mode"] in ("open", "closed")
             and (p := _p99(r)) is not None and p < P99_CEILING_MS]
    machine = document.get("machine", {})
    floor = _floor(results)
    return {
        "sustained_commands_per_s": best["commands_per_s"] if best else None,
        "sustained_p99_ms": best["p99_ms"] if best else None,
        "p99_ms_200_couples": _p99(at200) if at200 else None,
        "relay_p99_ms_200_couples": _p99(relay200) if relay200 else None,
        "cpu_ms_per_command": cpu,
        "cpu_ms_per_command_run": (
            f"{cost_run['target']} open {cost_run['couples']} couples" if cost_run else None
        ),
        "cost_ratio_event_1000_vs_10": (document.get("service") or {}).get(
            "cost_ratio_event_1000_vs_10"
        ),
        "idle_kb_per_partner": idle["idle"]["kb_per_partner"] if idle else None,
        "coaching_ms_per_draft": (document.get("analyzer") or {}).get("mean_ms"),
        "analyzer_p50_ms": (document.get("analyzer") or {}).get("p50_ms"),
        "analyzer_p99_ms": (document.get("analyzer") or {}).get("p99_ms"),
        "analyzer_2000_chars_ms": (document.get("analyzer") or {}).get("long_p50_ms"),
        "analyzer_blind_sets": (document.get("analyzer_accuracy") or {}).get("blind"),
        "analyzer_vs_reference": (document.get("analyzer_compare") or {}).get("ratio"),
        "lost": sum(r["lost"] for r in below) if below else None,
        "doubled": sum(r["doubled"] for r in below) if below else None,
        "machine": {
            "cores": machine.get("nproc"),
            "load_average_at_start": machine.get("load_average_at_start"),
            "background_cores_at_start": machine.get("background_cores_at_start"),
        },
        **floor,
        "started_at": document.get("started_at"),
    }


def _total_cpu(run: dict[str, Any] | None) -> float | None:
    """Workers + Attune's PostgreSQL backends + the bench's Redis, CPU ms per
    command of ``run`` (None when not measured)."""
    per = (run or {}).get("cpu_ms_per_command") or {}
    if not per.get("server"):
        return None
    return round(sum(per.get(g) or 0.0 for g in ("server", "postgres", "redis")), 3)


def _floor(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The Channels floor (``channels-floor``, bench/floor_app.py) next to
    ``attune-2w`` in the same run: total CPU ms per command of each in the
    largest closed-loop step both ran (``*_cpu_ms_per_command``; the floor
    has no PostgreSQL), the most commands/s the floor carried in any
    closed-loop step (its saturation, whatever the p99) and the no-ack
    floor's CPU in the same step. None when the ``floor`` scenario did not run."""

    def runs(target: str) -> dict[int, dict[str, Any]]:
        return {r["couples"]: r for r in results if r["target"] == target
                and r["mode"] == "closed" and not r.get("profiled")}

    floor, attune, noack = runs("channels-floor"), runs("attune-2w"), runs("channels-floor-noack")
    both = sorted(set(floor) & set(attune))
    step = both[-1] if both else max(floor, default=None)
    return {
        "floor_cpu_ms_per_command": _total_cpu(floor.get(step)) if step else None,
        "floor_commands_per_s": max((r["commands_per_s"] for r in floor.values()), default=None),
        "floor_noack_cpu_ms_per_command": _total_cpu(noack.get(step)) if step else None,
        "attune_cpu_ms_per_command_same_step": _total_cpu(attune.get(step)) if step else None,
        "floor_step_couples": step,
    }
