"""The phone's benchmarks (``make bench``, or ``BENCH_ONLY=phone make bench`` for these only).

BENCH_PHONE   comma-separated subset of photos, store, day (default: all three)
BENCH_LINKS   the links of the day benchmark among gprs, 2g, 3g and their -loss2 variants
              (default: gprs, 2g, 3g)

Each figure goes to var/bench/<benchmark>.json with the machine, the date and the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench import phone_day, phone_photos, phone_store, report
from bench.link import PROFILES

PARTS = ("photos", "store", "day")


def _write(out_dir: Path, fig: dict, host: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    fig = {**fig, "machine": host}
    (out_dir / f"{fig['benchmark']}.json").write_text(json.dumps(fig, indent=2, ensure_ascii=False) + "\n")


def _chosen(variable: str, default: tuple[str, ...], allowed: tuple[str, ...]) -> list[str]:
    names = [n.strip() for n in os.environ.get(variable, ",".join(default)).split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise SystemExit(f"{variable}: unknown {unknown}; choose from {', '.join(allowed)}")
    return names


def main(root: Path) -> None:
    parts = _chosen("BENCH_PHONE", PARTS, PARTS)
    out_dir = root / "var" / "bench"
    host = report.machine(root)
    if "photos" in parts:
        fig = phone_photos.run()
        _write(out_dir, fig, host)
        print(phone_photos.line(fig), flush=True)
    if "store" in parts:
        fig = phone_store.run()
        _write(out_dir, fig, host)
        print(phone_store.line(fig), flush=True)
    if "day" in parts:
        day_links = tuple(name for name in PROFILES if name.split("-")[0] in phone_day.DAY_LINKS)
        links = _chosen("BENCH_LINKS", phone_day.DAY_LINKS, day_links)
        for fig in phone_day.run(links):
            _write(out_dir, fig, host)
            print(phone_day.line(fig), flush=True)
    print(f"phone figures in {out_dir}", flush=True)
