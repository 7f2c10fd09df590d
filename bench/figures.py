"""What one load run measured: the per-run counters, the lost/doubled
accounting and the JSON-ready figures (:func:`result`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.stats import summary_ms


@dataclass(slots=True)
class Pending:
    """A command in flight: which side sent it, when it was sent and planned
    (perf_counter seconds), whether it falls in the measured window, and
    whether the other partner has had its update."""

    sender: int
    t_sent: float
    t_planned: float
    measured: bool
    delivered: bool = False


@dataclass
class Metrics:
    """Counters and samples (seconds) of one run, filled by the readers and
    drivers of :mod:`bench.load`."""

    latency: list[float] = field(default_factory=list)
    latency_from_plan: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    analysis: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    closes: Counter = field(default_factory=Counter)
    connect_failures: Counter = field(default_factory=Counter)
    sent: int = 0
    delivered: int = 0
    late: int = 0
    behind: int = 0
    timeouts: int = 0
    gaps: int = 0
    analyze_sent: int = 0
    heartbeats_sent: int = 0


def accounting(run: Any, truth: dict[int, int] | None) -> dict[str, Any]:
    """Lost and doubled updates: for every partner, each version after their
    first snapshot up to the session's final version (``truth``: stored
    versions by session pk; the last version sent for the relay) must have
    arrived exactly once or be covered by a later snapshot. ``lost_examples``
    describes up to five lost versions, for diagnosis."""
    lost = doubled = unseen_tail = 0
    examples: list[dict[str, Any]] = []
    for couple in run.couples:
        final = couple.expected
        if truth is not None:
            final = truth.get(couple.fixture.session_id, final)
        for partner in couple.partners:
            if partner.start_version is None:
                continue
            for version in range(partner.start_version + 1, final + 1):
                count = partner.seen.get(version, 0)
                if count == 0 and version > partner.recovered_to:
                    if partner.open or partner.closing:
                        lost += 1
                        if len(examples) < 5:
                            examples.append({
                                "couple": couple.index, "side": partner.side, "version": version,
                                "first_snapshot": partner.start_version,
                                "recovered_to": partner.recovered_to, "final": final,
                                "partner_at": partner.version, "sent_by_couple": couple.expected,
                            })  # fmt: skip
                    else:
                        unseen_tail += 1
                doubled += max(0, count - 1)
    return {"lost": lost, "doubled": doubled, "unseen_after_close": unseen_tail,
            "lost_examples": examples}  # fmt: skip


def result(run: Any, outcome: dict[str, Any], truth: dict[int, int] | None) -> dict[str, Any]:
    """The figures of one run as a JSON-ready dict."""
    m, spec = run.metrics, run.spec
    out: dict[str, Any] = {
        "target": run.target.name,
        "couples": spec.couples,
        "partners": 2 * spec.couples,
        "mode": spec.mode,
        "connect_s": round(outcome["connect_s"], 2),
        "connect_failures": dict(m.connect_failures),
    }
    if spec.mode == "idle":
        out["idle"] = outcome["idle"]
        return out
    out.update(
        {
            "rate_per_partner": spec.rate if spec.mode == "open" else None,
            "duration_s": spec.duration,
            "commands_sent": m.sent,
            "commands_delivered": m.delivered,
            "commands_per_s": round(m.delivered / spec.duration, 1),
            "latency_ms": summary_ms(m.latency),
            "latency_from_plan_ms": summary_ms(m.latency_from_plan),
            "ack_ms": summary_ms(m.ack),
            "analysis_ms": summary_ms(m.analysis),
            "analyze_sent": m.analyze_sent,
            "heartbeats_sent": m.heartbeats_sent,
            "errors": dict(m.errors),
            "closes": dict(m.closes),
            "timeouts": m.timeouts,
            "late": m.late,
            "behind": m.behind,
            "gaps": m.gaps,
            **accounting(run, truth),
            "resources": outcome["meter"],
            "cpu_ms_per_command": _cpu_per_command(outcome["meter"], m.delivered),
        }
    )
    return out


def _cpu_per_command(meter: dict[str, Any] | None, commands: int) -> dict[str, float | None]:
    """CPU milliseconds each group of processes spent per delivered command:
    a cost figure that other load on the machine disturbs less than latency."""
    groups = ("server", "postgres", "redis", "generator")
    if not meter or not commands:
        return dict.fromkeys(groups)
    return {group: round(meter[group]["cpu_s"] * 1000 / commands, 3) for group in groups}
