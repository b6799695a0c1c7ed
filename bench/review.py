"""`make bench-review` (or BENCH_ONLY=review make bench): the review pages at scale.

Loads BENCH_REVIEW_COUNT (default 200,000) generated inspections across all 74 counties and two
years into the CouchDB of COUCHDB_URL (Apache CouchDB 3 for figures that mean something), or else
into a throwaway local CouchDB-protocol server, under a prefix of the run's own
(``bench_review_<hex>_``; the databases are deleted afterwards unless BENCH_REVIEW_KEEP=1). It
reports the load time (``_bulk_docs``, design documents withheld) and the time to build every
index of the review's databases (bench/review_indexes.py), then times (BENCH_REVIEW_RUNS times
each, median and p95 in ms) the pages a supervisor opens:

    queue-first      GET /queue                          raw: one range of review/queue, status counts, venues
    queue-deep       GET /queue, filtered, 40 pages deep raw: the same from that cursor
    stats            GET /stats                          raw: compliance + items views grouped, rectification
    index            GET /index                          raw: compliance, venues_inspected, venues, notices views

each side by side with the raw CouchDB queries that serve it; ``overhead`` is service / raw.
One JSON file per benchmark under var/bench/ (review-*.json), with server, machine, date and commit.
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

from bench import report, review_indexes
from bench.load.run import database
from bench.review_load import BATCH, counties, load, template, venues_for
from deploy.local_suite.processes import Children
from services.catalog.regions import seed_regions
from services.common.bootstrap import bootstrap, database_names
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
DEEP_PAGES = 40
PAGES = {
    "queue-first": "GET /queue (the first page, no filter, region-wide)",
    "queue-deep": f"GET /queue?status=approved&venue_type=bank, {DEEP_PAGES} pages deep (cursor)",
    "stats": "GET /stats",
    "index": "GET /index",
}


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


def server_name(couch: Couch) -> str:
    """What answers at COUCHDB_URL, as its welcome says (``Apache CouchDB 3.4.3``)."""
    welcome = couch.http.get("/").json()
    vendor = (welcome.get("vendor") or {}).get("name", "")
    if "Apache" in vendor:
        return f"Apache CouchDB {welcome.get('version', '?')}"
    return f"local CouchDB-protocol server ({welcome.get('version', '?')})"


def main() -> None:
    count = int(os.environ.get("BENCH_REVIEW_COUNT", "200000"))
    runs = int(os.environ.get("BENCH_REVIEW_RUNS", "20"))
    keep = os.environ.get("BENCH_REVIEW_KEEP") == "1"
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    host = report.machine(ROOT)
    children = Children()
    with tempfile.TemporaryDirectory(prefix="kora-bench-review-") as tmp:
        couch = None
        try:
            url, _ = database(children, Path(tmp))
            # A prefix of the run's own: COUCHDB_URL may name a server that holds other databases.
            settings = Settings(couchdb_url=url, kora_db_prefix=f"bench_review_{secrets.token_hex(3)}_",
                                kora_secret_key=secrets.token_hex(32))
            couch = Couch(settings)
            server = server_name(couch)
            bootstrap(couch)
            withheld = review_indexes.withhold(couch, "inspections")
            seed_regions(couch)
            codes = counties()
            venues = venues_for(codes, 12)
            tpl = template()
            seed(couch, "catalog", [tpl])
            seed(couch, "venues", venues)
            users.create_user(couch, {"name": "bench.admin", "password": PASSWORD, "role": "administrator",
                                      "jurisdiction": {"level": "region", "codes": []}})
            print(f"bench-review: {server}, databases {settings.kora_db_prefix}*; loading {count} inspections "
                  f"across {len(codes)} counties (design documents withheld: {', '.join(withheld)})…", flush=True)
            start = time.perf_counter()
            stored = load(couch, count, venues, tpl,
                          progress=lambda n: n % 20000 == 0 and print(
                              f"  {n} stored, {time.perf_counter() - start:.0f} s", flush=True))
            load_seconds = round(time.perf_counter() - start, 1)
            print(f"bench-review: {stored} stored in {load_seconds} s; building the indexes…", flush=True)
            build_seconds, by_ddoc = review_indexes.restore_and_build(couch)
            print(f"bench-review: indexes built in {build_seconds} s {by_ddoc}", flush=True)
            _write(out_dir, "review-load", {
                "server": server, "inspections": stored, "counties": len(codes), "venues": len(venues),
                "load_seconds": load_seconds, "inspections_per_second": round(stored / load_seconds, 1),
                "load_batch": BATCH, "index_build_seconds": build_seconds,
                "index_build_seconds_by_design_doc": by_ddoc,
                "database_bytes": _database_bytes(couch, "inspections"),
                "index_bytes": review_indexes.index_sizes(couch, "inspections")}, host)
            with running_service(create_app(settings)) as service:
                _measure(couch, service, runs, stored, server, out_dir, host)
        finally:
            if couch is not None and not keep:
                _drop_databases(couch)
            children.stop_all()


def _database_bytes(couch: Couch, short: str) -> dict[str, int]:
    sizes = couch.http.get(f"/{couch.name(short)}").json().get("sizes", {})
    return {k: sizes[k] for k in ("file", "active", "external") if k in sizes}


def _drop_databases(couch: Couch) -> None:
    for short in database_names():
        try:
            couch.http.delete(f"/{couch.name(short)}", timeout=120)
        except httpx.HTTPError as exc:
            print(f"bench-review: could not delete {couch.name(short)}: {exc}", flush=True)


def _measure(couch: Couch, service: str, runs: int, stored: int, server: str, out_dir: Path, host: dict) -> None:
    client = httpx.Client(base_url=service, timeout=600)
    client.post("/login", data={"name": "bench.admin", "password": PASSWORD})
    if "kora_session" not in client.cookies:
        raise SystemExit("bench-review: the review service did not sign the bench's administrator in")
    db = couch.db("inspections")
    deep_filters = {"status": "approved", "venue_type": "bank"}
    cursor = None
    for _ in range(DEEP_PAGES):
        cursor = client.get(
            "/api/review/queue", params={**deep_filters, **({"cursor": cursor} if cursor else {})}
        ).json()["next_cursor"]
    finished_at, doc_id = queries.decode_cursor(cursor)
    first_venues = _venue_ids(client, {})
    deep_venues = _venue_ids(client, {**deep_filters, "cursor": cursor})

    def counts() -> None:
        db.view("review", "status_counts", startkey=["54"], endkey=["54", HIGH], group=True)

    def raw_queue(start: list, end: list, venue_ids: list[str]) -> None:
        db.view("review", "queue", startkey=start, endkey=end, descending=True, limit=queries.BATCH + 1)
        counts()
        couch.db("venues").all_docs(venue_ids)

    def raw_index() -> None:
        db.view("review", "compliance", startkey=[], endkey=[HIGH], group_level=4)
        db.view("review", "venues_inspected", startkey=["54"], endkey=["54" + HIGH], group_level=2)
        couch.db("venues").view("review", "by_county", group=True)
        couch.db("notices").view("review", "rectification", group=True)

    # The raw side is the CouchDB queries a page needs: one key range of the queue view (the service
    # reads more when a filter is checked on the rows' values), the status counts and the venues'
    # names; the statistics' and the index's grouped views.
    cases = {
        "queue-first": (
            lambda: client.get("/queue").raise_for_status(),
            lambda: raw_queue(["54", "all", HIGH], ["54", "all"], first_venues),
        ),
        "queue-deep": (
            lambda: client.get("/queue", params={**deep_filters, "cursor": cursor}).raise_for_status(),
            lambda: raw_queue(["54", "s:approved", finished_at, doc_id], ["54", "s:approved"], deep_venues),
        ),
        "stats": (
            lambda: client.get("/stats").raise_for_status(),
            lambda: (
                db.view("review", "compliance", startkey=[], endkey=[HIGH], group_level=4),
                db.view("review", "items", startkey=[], endkey=[HIGH], group_level=4),
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
            _write(out_dir, f"review-{name}", {"server": server, "inspections": stored, "failed": str(exc)}, host)
            continue
        figures = {"server": server, "inspections": stored, "page": PAGES[name], "service": service_ms,
                   "raw_couchdb": raw_ms,
                   "overhead": round(service_ms["median_ms"] / raw_ms["median_ms"], 2) if raw_ms["median_ms"] else None}
        print(f"bench-review: {name:<12} service {service_ms['median_ms']:>9} ms (p95 {service_ms['p95_ms']}) · "
              f"raw {raw_ms['median_ms']:>9} ms (p95 {raw_ms['p95_ms']}) · overhead ×{figures['overhead']}", flush=True)
        _write(out_dir, f"review-{name}", figures, host)
    client.close()


def _venue_ids(client: httpx.Client, params: dict[str, str]) -> list[str]:
    rows = client.get("/api/review/queue", params=params).raise_for_status().json()["rows"]
    return list({row["venue_id"] for row in rows})


def _write(out_dir: Path, name: str, figures: dict, host: dict) -> None:
    (out_dir / f"{name}.json").write_text(json.dumps({"benchmark": name, **figures, "machine": host},
                                                     ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
