"""`make bench`: Kora's sync and two baselines, side by side, over simulated links; figures to var/bench/.

For every link, the same generated day goes three ways, each through its own instance of that
link (same profile, same seed): Kora's SyncClient to the sync service, ODK Collect's OpenRosa
submissions to a minimal receiver, CouchDB push replication straight to the database. After each,
the database must hold exactly what was sent. See docs/benchmarks.md.

BENCH_LINKS        comma-separated links from bench.link.PROFILES (default: all six)
BENCH_SCALE        multiplies the default share of the 12-inspection day per link (see DEFAULT_SCALE)
BENCH_CONTENDERS   comma-separated subset of kora, odk, couch_replication (default: all three)
BENCH_JOBS         how many measurements run at once (default: all); 1 runs them one by one
BENCH_ONLY         comma-separated suites (default: all): sync (the above), phone (bench/phone.py),
                   notices (bench/notices.py), load (many phones at once, bench/load/run.py,
                   BENCH_LOAD_PHONES), photos (a photo-heavy evening, bench/load/photos.py,
                   BENCH_PHOTO_PHONES)
                   review (the review pages at scale, bench/review.py; only when named)
                   app (the app in a real window: cold start, opening a checklist, an answer tap,
                   bench/app.py, BENCH_APP_STARTS/OPENS/TAPS; only when named: 2 to 8 minutes here)
"""

from __future__ import annotations

import os
import secrets
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import contenders, notices, phone, report
from bench.couch_server import CouchServer
from bench.harness import measure
from bench.link import PROFILES
from bench.workload import make_day
from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import free_port
from deploy.local_suite.processes import Children

ROOT = Path(__file__).resolve().parent.parent
# The day on 3G, a quarter on 2G, one inspection on GPRS: time is never compressed.
DEFAULT_SCALE = {"3g": 1.0, "2g": 0.25, "gprs": 1 / 12}


def _listed(variable: str, default: list[str], allowed: list[str]) -> list[str]:
    names = [n.strip() for n in os.environ.get(variable, ",".join(default)).split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise SystemExit(f"{variable}: unknown {unknown}; choose from {', '.join(allowed)}")
    return names


SCENARIOS = ("sync", "phone", "notices", "load", "photos")
WHEN_NAMED = ("review", "app")  # too long for every `make bench`


def main() -> None:
    only = _listed("BENCH_ONLY", list(SCENARIOS), [*SCENARIOS, *WHEN_NAMED])
    if "review" in only:
        from bench import review

        review.main()
    if "app" in only:
        from bench import app

        app.main()
    if "sync" in only:
        links_scenario()
    if "phone" in only:
        phone.main(ROOT)
    if "notices" in only:
        notices.main()
    if "load" in only:
        from bench.load import run as load

        out_dir = ROOT / "var" / "bench"
        figures = load.run(out_dir, report.machine(ROOT))
        load.write(out_dir, figures)
        print(f"load figures in {out_dir}")
    if "photos" in only:
        from bench.load import photos
        from bench.load import run as load

        out_dir = ROOT / "var" / "bench"
        load.write(out_dir, photos.run(out_dir, report.machine(ROOT)))


def links_scenario() -> None:
    links = _listed("BENCH_LINKS", list(PROFILES), list(PROFILES))
    names = _listed("BENCH_CONTENDERS", list(contenders.NAMES), list(contenders.NAMES))
    user_scale = float(os.environ.get("BENCH_SCALE", "1"))
    jobs = [(link_name, name) for link_name in links for name in names]
    workers = int(os.environ.get("BENCH_JOBS", "0")) or len(jobs)
    out_dir = ROOT / "var" / "bench"
    host = report.machine(ROOT)
    children = Children()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            _, url = start_local_couch(
                children,
                free_port(),
                Path(tmp) / "couchdb",
                "admin:" + secrets.token_urlsafe(12),
                Path(tmp) / "couch.log",
            )
            server = CouchServer.from_url(url)
            days = {
                link_name: make_day(scale=user_scale * DEFAULT_SCALE[link_name.split("-")[0]])
                for link_name in links
            }

            def run(job: tuple[str, str]) -> dict:
                link_name, name = job
                day = days[link_name]
                namespace = f"{link_name.replace('-', '_')}_{name}"
                contender = contenders.make(name, server, day, namespace)
                wall, counts = measure(contender, PROFILES[link_name])
                scale = user_scale * DEFAULT_SCALE[link_name.split("-")[0]]
                fig = report.figure(name, PROFILES[link_name], scale, day, wall, counts, host)
                print(report.line(fig), flush=True)
                return fig

            print(
                f"bench: {len(jobs)} measurements, {min(workers, len(jobs))} at a time", flush=True
            )
            with ThreadPoolExecutor(max_workers=workers) as pool:
                figures = list(pool.map(run, jobs))
        finally:
            children.stop_all()
    result = report.summary(figures, host)
    report.write(out_dir, figures, result)
    print(
        "\n".join(
            [
                "",
                "Kora against each baseline (below 1: Kora needs less):",
                *report.ratio_lines(result),
                f"figures in {out_dir}",
            ]
        )
    )


if __name__ == "__main__":
    main()
