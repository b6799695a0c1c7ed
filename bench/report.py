"""The figures of a bench run: one per contender and link, Kora's ratios to each baseline, JSON files.

Every figure names its link, contender, scale and counts, and carries the machine, the date and
the git commit, so that runs can be compared. Ratios are only computed between figures of the
same link that sent the same day (same scale, same inspections, same photo bytes).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.couch_server import BenchError
from bench.link import LinkProfile
from bench.workload import Day

KORA = "kora"


def machine(root: Path) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "bench", "services", "mobile_app"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "uname": " ".join(platform.uname()),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).isoformat(),
        "commit": commit,
        "uncommitted_changes": bool(dirty),
    }


def figure(
    contender: str,
    profile: LinkProfile,
    scale: float,
    day: Day,
    wall_seconds: float,
    counts: dict[str, int],
    host: dict[str, Any],
) -> dict[str, Any]:
    """One benchmark's figures: wall time, bytes each way, connects, round trips, retransmissions,
    and the ratio of the wall time to the physical limit of the bytes this contender moved."""
    limit = profile.physical_limit(counts["bytes_up"], counts["bytes_down"])
    return {
        "benchmark": f"{contender}-{profile.name}",
        "contender": contender,
        "link": asdict(profile),
        "scale": scale,
        "inspections": len(day.inspections),
        "photos": len(day.photos),
        "photo_bytes": day.photo_bytes,
        "wall_seconds": wall_seconds,
        **counts,
        "bytes_total": counts["bytes_up"] + counts["bytes_down"],
        "round_trips": counts["exchanges"],
        "physical_limit_seconds": limit,
        "ratio_to_limit": wall_seconds / limit,
        "verified": True,
        "machine": host,
    }


def _same_day(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("scale", "inspections", "photos", "photo_bytes")
    return all(a[k] == b[k] for k in keys) and a["link"] == b["link"]


def kora_versus(kora: dict[str, Any], baseline: dict[str, Any]) -> dict[str, float]:
    """Kora's figure divided by the baseline's: below 1, Kora needs less."""
    if not _same_day(kora, baseline):
        raise BenchError(
            f"{kora['benchmark']} and {baseline['benchmark']} did not send the same "
            "day over the same link; their ratio would mean nothing"
        )
    return {
        "wall": kora["wall_seconds"] / baseline["wall_seconds"],
        "bytes": kora["bytes_total"] / baseline["bytes_total"],
        "bytes_up": kora["bytes_up"] / baseline["bytes_up"],
        "round_trips": kora["round_trips"] / max(1, baseline["round_trips"]),
    }


def summary(figures: list[dict[str, Any]], host: dict[str, Any]) -> dict[str, Any]:
    """Per link: each contender's headline figures and Kora's ratio to each baseline."""
    links: dict[str, dict[str, Any]] = {}
    for fig in figures:
        entry = links.setdefault(
            fig["link"]["name"],
            {
                "scale": fig["scale"],
                "inspections": fig["inspections"],
                "contenders": {},
                "kora_versus": {},
            },
        )
        entry["contenders"][fig["contender"]] = {
            k: fig[k]
            for k in (
                "wall_seconds",
                "bytes_up",
                "bytes_down",
                "bytes_total",
                "connects",
                "round_trips",
                "retransmissions",
                "ratio_to_limit",
            )
        }
    for name, entry in links.items():
        by_contender = {f["contender"]: f for f in figures if f["link"]["name"] == name}
        kora = by_contender.get(KORA)
        for contender, fig in sorted(by_contender.items()):
            if kora is not None and contender != KORA:
                entry["kora_versus"][contender] = kora_versus(kora, fig)
    return {"benchmark": "summary", "links": links, "machine": host}


def line(fig: dict[str, Any]) -> str:
    return (
        f"{fig['link']['name']:10} {fig['contender']:17} {fig['inspections']:2} insp "
        f"{fig['wall_seconds']:7.1f} s  up {fig['bytes_up']:>9} B  down {fig['bytes_down']:>8} B"
        f"  conn {fig['connects']:3}  rt {fig['round_trips']:3}  retr {fig['retransmissions']:3}"
        f"  x limit {fig['ratio_to_limit']:.2f}"
    )


def ratio_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for name, entry in result["links"].items():
        for baseline, ratio in entry["kora_versus"].items():
            lines.append(
                f"{name:10} kora / {baseline:17} wall {ratio['wall']:.2f}  "
                f"bytes {ratio['bytes']:.2f}  round trips {ratio['round_trips']:.2f}"
            )
    return lines


def write(out_dir: Path, figures: list[dict[str, Any]], result: dict[str, Any]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for fig in figures:
        (out_dir / f"{fig['benchmark']}.json").write_text(json.dumps(fig, indent=2))
    (out_dir / "summary.json").write_text(json.dumps(result, indent=2))
