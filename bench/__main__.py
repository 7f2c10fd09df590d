"""``python -m bench [--scenario NAME ...] [--couples 1,50] [--duration S] [--quick]``

Runs the chosen scenarios (all by default; see :mod:`bench.scenarios`),
prints the figures and writes ``bench/results/bench-<UTC time>.json``.
Exit status 0 when every run finished (whatever the figures), 1 on a setup
failure (no PostgreSQL, no Redis, a server that would not start).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bench import analyzer, fixtures, processes, report, scenarios


def _ints(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("expected positive integers separated by commas")
    return values


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Attune's real-time benchmark."
    )
    parser.add_argument(
        "--scenario",
        action="append",
        choices=[*scenarios.SCENARIOS, "all"],
        help="repeatable; default: all",
    )
    parser.add_argument("--quick", action="store_true", help="a short smoke run of every scenario")
    parser.add_argument(
        "--target",
        action="append",
        choices=list(scenarios.TARGETS),
        help="repeatable; run only these layouts (default: all the scenarios need)",
    )
    parser.add_argument(
        "--couples", type=_ints, help="couple counts of the rate scenario (1,50,200,500)"
    )
    parser.add_argument(
        "--duration", type=float, help="measured seconds of each open-loop run (10)"
    )
    parser.add_argument(
        "--saturation-couples", type=_ints, help="closed-loop couple counts (4,16,64,192)"
    )
    parser.add_argument(
        "--saturation-duration", type=float, help="measured seconds of each closed-loop step (6)"
    )
    parser.add_argument("--rate", type=float, help="commands per second per partner, open loop (1)")
    parser.add_argument(
        "--idle-partners", type=int, help="connected partners of the idle scenario (2000)"
    )
    parser.add_argument(
        "--compare-couples", type=int, help="couples of the layers/servers comparisons (200)"
    )
    parser.add_argument(
        "--analyze-ratio",
        type=float,
        help="share of statements preceded by a coaching request (0.5)",
    )
    parser.add_argument(
        "--analyzer-ref",
        type=Path,
        help="a reference checkout whose I-statement analyzer is timed beside this one "
        "(each in its own process, alternately; the ratio is reported)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run attune-2w once more under py-spy and summarise where time goes",
    )
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=processes.ROOT,
        help="source tree the Attune servers run from (a prototype copy)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", fixtures.DEFAULT_DATABASE_URL),
    )
    parser.add_argument(
        "--redis-url",
        help="use this (shared) Redis; its CPU time is then not counted. Default: a "
        "redis-server of the bench's own on a free port, or REDIS_URL with database "
        "number 5 when redis-server is not installed",
    )
    parser.add_argument("--uvicorn-ws", default="websockets-sansio",
                        choices=["websockets-sansio", "websockets", "wsproto"],
                        help="Uvicorn's WebSocket implementation (default websockets-sansio; "
                             "Uvicorn 0.54 deprecates the legacy `websockets` one)")
    parser.add_argument("--label", default="", help="a word added to the result file's name")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="wait up to this long for other processes to leave the CPUs "
                             "(below 0.3 busy cores) before starting")
    parser.add_argument(
        "--pg-async-commit",
        action="store_true",
        help="servers' connections use synchronous_commit=off (an experiment: "
        "a database crash may lose the last acknowledged commands)",
    )
    return parser.parse_args(argv)


def plan_from(args: argparse.Namespace) -> scenarios.Plan:
    plan = scenarios.Plan.quick() if args.quick else scenarios.Plan()
    for name, attr in (
        ("couples", "rate_couples"),
        ("duration", "duration"),
        ("saturation_couples", "saturation_couples"),
        ("saturation_duration", "saturation_duration"),
        ("rate", "rate"),
        ("idle_partners", "idle_partners"),
        ("compare_couples", "compare_couples"),
        ("analyze_ratio", "analyze_ratio"),
    ):
        value = getattr(args, name)
        if value is not None:
            setattr(plan, attr, value)
    return plan


def bench_redis_url(explicit: str | None) -> str:
    """The Redis URL of the bench: ``--redis-url``, else REDIS_URL (default
    ``redis://127.0.0.1:6379/0``) with database number 5."""
    if explicit:
        return explicit
    parsed = urlparse(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return parsed._replace(path="/5").geturl()


def _redis_for_bench(explicit: str | None) -> str:
    """The Redis URL the servers use. Without ``--redis-url`` and with
    redis-server installed, the bench starts its own on a free port and
    counts its CPU (:class:`processes.Measured`); otherwise the shared one
    (:func:`bench_redis_url`), whose CPU is not counted."""
    if explicit or shutil.which("redis-server") is None:
        return bench_redis_url(explicit)
    port = processes.free_port()
    own = processes.own_redis(port=port).start()
    processes.Measured.redis_pids = (own.pid,)
    return f"redis://127.0.0.1:{port}/0"


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    processes.RESULTS.mkdir(parents=True, exist_ok=True)
    lock = (processes.RESULTS / ".lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        _say("another bench run is going on (it empties the bench database); try again later")
        return 1
    plan = plan_from(args)
    chosen = (
        list(scenarios.SCENARIOS) if not args.scenario or "all" in args.scenario else args.scenario
    )
    base_env = dict(os.environ)
    processes.install_cleanup()
    redis_url = _redis_for_bench(args.redis_url)
    processes.Measured.database_url = args.database_url
    processes.Measured.application_name = fixtures.APPLICATION_NAME
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results_dir = processes.RESULTS
    out_path = results_dir / f"bench-{stamp}{'-' + args.label if args.label else ''}.json"
    started = time.perf_counter()
    document = {
        "bench": "attune real-time path",
        "started_at": stamp,
        "command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
        "scenarios": chosen,
        "plan": vars(plan),
        "app_dir": str(args.app_dir),
        "pg_async_commit": args.pg_async_commit,
        "uvicorn_ws": args.uvicorn_ws,
        "machine": report.machine_info(args.database_url, redis_url),
        "results": [],
    }
    document["machine"]["background_cores_at_start"] = _quiet(args.wait_quiet)
    status = 0
    try:
        if "analyzer" in chosen:
            document["analyzer"] = analyzer.analyzer_timing()
            _say(f"analyzer: {document['analyzer']}")
            document["analyzer_accuracy"] = analyzer.analyzer_accuracy()
            _say(f"analyzer accuracy on the newest blind set "
                 f"({document['analyzer_accuracy'].get('blind_set')}): "
                 f"{document['analyzer_accuracy'].get('blind')}")
            if args.analyzer_ref is not None:
                document["analyzer_compare"] = analyzer.compare(args.analyzer_ref.resolve())
                _say(f"analyzer beside {args.analyzer_ref}: "
                     f"{document['analyzer_compare']['ratio']}")
        jobs = scenarios.jobs_for(chosen, plan, profile=args.profile)
        if args.target:
            jobs = [j for j in jobs if j.target in args.target]
        if jobs or "service" in chosen:
            if any(j.target != "relay" for j in jobs) and not _redis_answers(redis_url):
                raise RuntimeError(
                    f"Redis does not answer at {redis_url} (scripts/ensure_redis.py starts one)"
                )
            t0 = time.perf_counter()
            fixtures.database_ensure(args.database_url)
            fixtures.django_setup(args.database_url)
            fixtures.database_prepare()
            prepared = fixtures.couples_create(max([10, *(j.couples for j in jobs)]))
            _say(f"prepared {len(prepared)} couples in {time.perf_counter() - t0:.1f}s")
            ctx = scenarios.Context(
                app_dir=args.app_dir.resolve(),
                base_env=base_env,
                database_url=args.database_url,
                redis_url=redis_url,
                fixtures=prepared,
                truth=fixtures.session_versions,
                results_dir=results_dir,
                stamp=stamp,
                async_commit=args.pg_async_commit,
                uvicorn_ws=args.uvicorn_ws,
            )
            if "service" in chosen:
                document["service"] = scenarios.service_probe(ctx, prepared[-1].session_id)
                _say(f"service alone: {document['service']}")
            _run_jobs(jobs, ctx, plan, document["results"])
    except (RuntimeError, OSError, ValueError) as exc:
        _say(f"bench stopped: {exc}")
        document["error"] = str(exc)
        status = 1
    finally:
        processes.stop_all()
        report.add_ratios(document["results"])
        document["saturation"] = {
            t: report.saturation(document["results"], t)
            for t in scenarios.TARGETS
        }
        document["targets"] = report.targets(
            document["results"], document.get("analyzer"), document.get("service"),
            document.get("analyzer_accuracy"),
        )
        document["elapsed_s"] = round(time.perf_counter() - started, 1)
        report.write(out_path, document)
        report.write(results_dir / "summary.json", report.summary(document))
    print(report.table(document["results"]))
    print()
    for name, best in document["saturation"].items():
        if best:
            print(
                f"saturation {name}: {best['commands_per_s']} commands/s "
                f"at {best['couples']} couples (p99 {best['p99_ms']} ms)"
            )
    for item in document["targets"]:
        mark = {True: "met", False: "NOT met", None: "not measured"}[item["met"]]
        print(f"target {item['target']}: {mark} ({item['measured']})")
    for r in document["results"]:
        for kind, summary in (r.get("profile") or {}).items():
            if isinstance(summary, dict) and "file" in summary:
                run = f"{r['target']} {r['mode']} {r['couples']}"
                print(f"profile ({kind}) of {run}: {summary['file']}")
    print(f"written: {out_path.relative_to(processes.ROOT)} ({document['elapsed_s']} s)")
    return status


def _run_jobs(
    jobs: list[scenarios.Job], ctx: scenarios.Context, plan: scenarios.Plan, results: list[dict]
) -> None:
    """Run jobs layout by layout; an idle job gets freshly started servers."""
    by_target: dict[str, list[scenarios.Job]] = {}
    for job in jobs:
        by_target.setdefault(job.target, []).append(job)
    for target_name, group in by_target.items():
        busy = [j for j in group if j.mode != "idle"]
        idle = [j for j in group if j.mode == "idle"]
        if busy:
            with scenarios.layout(target_name, ctx) as target:
                for job in busy:
                    results.append(_one(job, target, ctx, plan))
        for job in idle:
            with scenarios.layout(target_name, ctx) as target:
                results.append(_one(job, target, ctx, plan))


def _one(job, target, ctx, plan) -> dict:
    t0 = time.perf_counter()
    r = scenarios.run_job(job, target, ctx, plan)
    if job.mode == "idle":
        took = time.perf_counter() - t0
        _say(f"{job.target} idle {2 * job.couples} partners: {r['idle']} ({took:.0f}s)")
    else:
        lat = r["latency_ms"]
        _say(
            f"{job.target}{' (profiled)' if job.profile else ''} {job.mode} {job.couples} couples: "
            f"{r['commands_per_s']} cmd/s p50 {lat['p50']} p99 {lat['p99']} max {lat['max']} ms, "
            f"errors {r['errors']} timeouts {r['timeouts']} lost {r['lost']} "
            f"doubled {r['doubled']} ({time.perf_counter() - t0:.0f}s)"
        )
    return r


def _quiet(patience: float) -> float:
    """Background CPU use (cores) once it is below 0.3, or when ``patience``
    seconds have passed; a warning when the machine is busy."""
    deadline = time.monotonic() + patience
    while True:
        busy = processes.background_cores()
        if busy < 0.3 or time.monotonic() >= deadline:
            break
        _say(f"waiting for a quieter machine: other processes use {busy} cores")
        time.sleep(5)  # bounded by --wait-quiet
    if busy >= 0.3:
        _say(f"warning: other processes use {busy} cores; latency figures will show it")
    return busy


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
