"""Figures of one round: throughput, latency percentiles per request, outcomes by status."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.load.phones import CLIENT_TIMEOUT_SECONDS, PhoneRun


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summarize(runs: list[PhoneRun], wall: float, inspections_per_phone: int) -> dict[str, Any]:
    attempts = [a for r in runs for a in r.attempts]
    seconds = [a.seconds for a in attempts]
    done = [r.done_after for r in runs if r.done_after is not None]
    statuses = Counter(str(a.status) if a.status is not None else (a.error.split(":")[0] or "transport")
                       for a in attempts)
    stored = len(done) * inspections_per_phone
    return {
        "phones": len(runs),
        "phones_done": len(done),
        "inspections_sent": len(runs) * inspections_per_phone,
        "inspections_done": stored,
        "wall_seconds": wall,
        "inspections_per_second": stored / wall if wall > 0 else None,
        "requests": len(attempts),
        "by_status": dict(sorted(statuses.items())),
        "errors_by_status": {k: v for k, v in sorted(statuses.items()) if not k.startswith("2")},
        "latency_seconds": {
            "p50": percentile(seconds, 50),
            "p95": percentile(seconds, 95),
            "p99": percentile(seconds, 99),
            "max": max(seconds, default=None),
        },
        "phone_done_seconds": {
            "p50": percentile(done, 50),
            "p95": percentile(done, 95),
            "p99": percentile(done, 99),
            "max": max(done, default=None),
        },
        "past_client_timeout": sum(1 for s in seconds if s >= CLIENT_TIMEOUT_SECONDS),
        "server_errors_other_than_503": sum(
            1 for a in attempts if a.status is not None and a.status >= 500 and a.status != 503
        ),
    }
