"""`make bench-review` (or BENCH_REVIEW=1 make bench): the review pages at scale.

Loads BENCH_REVIEW_COUNT (default 200,000) generated inspections across all 74 counties and two
years into a throwaway local CouchDB-protocol server, reports the load time and the time to
build the review views, then times (BENCH_REVIEW_RUNS times each, median and p95 in ms):

    queue-first      the queue's first page                 raw: the review/queue view, one range
    queue-deep       a filtered page 40 pages deep          raw: the same view range from that cursor
    stats            the statistics page                    raw: compliance + items views, grouped
    index            the age-friendliness index page        raw: compliance, venues_inspected, venues, notices views

each side by side with the raw CouchDB query that serves it; ``overhead`` is service / raw.
One JSON file per benchmark under var/bench/ (review-*.json), with machine, date and commit.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics as stats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bench import report
from bench.review_load import counties, load, template, venues_for
from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import free_port
from deploy.local_suite.processes import Children
from services.catalog.regions import seed_regions
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.settings import Settings
from services.inspections import queries
from services.review.app import create_app
from services.users import service as users
from tests.support.sync_data import running_service, seed

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-admin-2026"
HIGH = "\ufff0"


def timed(call: Callable[[], object], runs: int) -> dict[str, float]:
    call()  # warm: the first call may build a view or fill a cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": round(stats.median(samples), 2),
            "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 2), "runs": runs}


def build_views(couch: Couch) -> dict[str, float]:
    """Seconds to build each review view: its first query builds it (no client timeout here, the
    local server takes minutes at scale)."""
    out = {}
    for short, view in [("inspections", v) for v in ("queue", "status_counts", "compliance", "items",
                                                     "venues_inspected")] + [("venues", "by_county"),
                                                                             ("notices", "rectification")]:
        start = time.perf_counter()
        couch.http.get(f"/{couch.name(short)}/_design/review/_view/{view}", params={"limit": 1},
                       timeout=None).raise_for_status()
        out[f"{short}/{view}"] = round(time.perf_counter() - start, 2)
    return out


def main() -> None:
    count = int(os.environ.get("BENCH_REVIEW_COUNT", "200000"))
    runs = int(os.environ.get("BENCH_REVIEW_RUNS", "20"))
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    host = report.machine(ROOT)
    children = Children()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            _, url = start_local_couch(children, free_port(), Path(tmp) / "couchdb",
                                       "admin:" + secrets.token_urlsafe(12), Path(tmp) / "couch.log")
            settings = Settings(couchdb_url=url, kora_db_prefix="bench_", kora_secret_key=secrets.token_hex(32))
            couch = Couch(settings)
            bootstrap(couch)
            seed_regions(couch)
            codes = counties()
            venues = venues_for(codes, 12)
            tpl = template()
            seed(couch, "catalog", [tpl])
            seed(couch, "venues", venues)
            users.create_user(couch, {"name": "bench.admin", "password": PASSWORD, "role": "administrator",
                                      "jurisdiction": {"level": "region", "codes": []}})
            print(f"bench-review: loading {count} inspections across {len(codes)} counties…", flush=True)
            start = time.perf_counter()
            stored = load(couch, count, venues, tpl,
                          progress=lambda n: n % 20000 == 0 and print(f"  {n} stored", flush=True))
            load_seconds = round(time.perf_counter() - start, 1)
            start = time.perf_counter()
            views = build_views(couch)
            build_seconds = round(time.perf_counter() - start, 1)
            print(
                f"bench-review: {stored} stored in {load_seconds} s; views built in {build_seconds} s {views}",
                flush=True,
            )
            _write(out_dir, "review-load", {"inspections": stored, "counties": len(codes), "venues": len(venues),
                                            "load_seconds": load_seconds, "view_build_seconds": build_seconds,
                                            "view_build_by_view": views}, host)
            with running_service(create_app(settings)) as service:
                _measure(couch, service, runs, stored, out_dir, host)
        finally:
            children.stop_all()


def _measure(couch: Couch, service: str, runs: int, stored: int, out_dir: Path, host: dict) -> None:
    client = httpx.Client(base_url=service, timeout=600)
    client.post("/login", data={"name": "bench.admin", "password": PASSWORD})
    db = couch.db("inspections")
    deep_filters = {"status": "approved", "venue_type": "bank"}
    cursor = None
    for _ in range(40):
        cursor = client.get(
            "/api/review/queue", params={**deep_filters, **({"cursor": cursor} if cursor else {})}
        ).json()["next_cursor"]
    finished_at, doc_id = queries.decode_cursor(cursor)

    def raw_index() -> None:
        db.view("review", "compliance", group_level=4)
        db.view("review", "venues_inspected", group_level=2)
        couch.db("venues").view("review", "by_county", group=True)
        couch.db("notices").view("review", "rectification", group=True)

    def counts() -> None:
        db.view("review", "status_counts", startkey=["54"], endkey=["54", HIGH], group=True)

    # The raw side is the CouchDB queries a page needs: one key range of the queue view (the service
    # reads more when a filter is checked on the rows' values) and the status counts.
    cases = {
        "queue-first": (
            lambda: client.get("/api/review/queue").raise_for_status(),
            lambda: (
                db.view(
                    "review",
                    "queue",
                    startkey=["54", "all", HIGH],
                    endkey=["54", "all"],
                    descending=True,
                    limit=queries.BATCH + 1,
                ),
                counts(),
            ),
        ),
        "queue-deep": (
            lambda: client.get("/api/review/queue", params={**deep_filters, "cursor": cursor}).raise_for_status(),
            lambda: (
                db.view(
                    "review",
                    "queue",
                    startkey=["54", "s:approved", finished_at, doc_id],
                    endkey=["54", "s:approved"],
                    descending=True,
                    limit=queries.BATCH + 1,
                ),
                counts(),
            ),
        ),
        "stats": (
            lambda: client.get("/stats").raise_for_status(),
            lambda: (
                db.view("review", "compliance", group_level=4),
                db.view("review", "items", group_level=4),
                couch.db("notices").view("review", "rectification", group=True),
            ),
        ),
        "index": (lambda: client.get("/index").raise_for_status(), raw_index),
    }
    for name, (through_service, raw) in cases.items():
        try:
            service_ms, raw_ms = timed(through_service, runs), timed(raw, runs)
        except (httpx.HTTPError, KoraError) as exc:
            print(f"bench-review: {name} failed: {exc}", flush=True)
            _write(out_dir, f"review-{name}", {"inspections": stored, "failed": str(exc)}, host)
            continue
        figures = {"inspections": stored, "service": service_ms, "raw_couchdb": raw_ms,
                   "overhead": round(service_ms["median_ms"] / raw_ms["median_ms"], 2) if raw_ms["median_ms"] else None}
        print(f"bench-review: {name:<12} service {service_ms['median_ms']:>9} ms (p95 {service_ms['p95_ms']}) · "
              f"raw {raw_ms['median_ms']:>9} ms (p95 {raw_ms['p95_ms']}) · overhead ×{figures['overhead']}", flush=True)
        _write(out_dir, f"review-{name}", figures, host)


def _write(out_dir: Path, name: str, figures: dict, host: dict) -> None:
    (out_dir / f"{name}.json").write_text(json.dumps({"benchmark": name, **figures, "machine": host},
                                                     ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
