"""`BENCH_ONLY=load make bench`: 50, 200 and 1,000 phones sync the end of their day at once.

For each count N: N phones (own accounts, ten counties) each send their day of 12 inspections in
one POST /sync, as the app does, all at once, to the sync service run as deployed
(services.common.serve, KORA_WORKERS workers); then the same documents go straight to the same
CouchDB-protocol server with _bulk_docs, one request per phone, at the same concurrency. After each,
every inspection must be stored exactly once. Figures: var/bench/load-*.json (see docs/load.md).

BENCH_LOAD_PHONES   comma-separated phone counts (default 50,200,1000)
BENCH_LOAD_PROFILE  1: py-spy records the sync service during each Kora round (var/bench/)
KORA_WORKERS        the sync service's worker processes (default: one per core)
COUCHDB_URL         use this CouchDB instead of starting a local CouchDB-protocol server
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import day as days
from bench.load import fleet, verify
from bench.load.cpu import cpu_seconds
from bench.load.phones import Request, run_round
from bench.load.profile import profiled
from bench.load.stats import summarize
from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import HOST, free_port
from deploy.local_suite.processes import Children, service_argv, wait_for_http
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "bench_load_"
MORNING_GROUP = 100  # the morning pulls (off the clock) go this many at a time


def phone_counts() -> list[int]:
    counts = [int(n) for n in os.environ.get("BENCH_LOAD_PHONES", "50,200,1000").split(",") if n.strip()]
    if not counts or any(not 1 <= n <= 5000 for n in counts):
        raise SystemExit("BENCH_LOAD_PHONES: phone counts from 1 to 5000, comma-separated")
    return counts


def _json_answer(response: httpx.Response) -> dict | None:
    return response.json()


def _morning_checkpoints(url: str, phones: list[fleet.Phone]) -> list[str | None]:
    """Each phone's first pull of the day (templates, venues), so that the evening sync carries a
    checkpoint as a phone's does. Off the clock."""
    checkpoints: list[str | None] = []
    for start in range(0, len(phones), MORNING_GROUP):
        group = phones[start:start + MORNING_GROUP]
        runs, _ = run_round(url, [Request("POST", "/sync", days.sync_headers(p.token), days.sync_body([], None))
                                  for p in group], _json_answer)
        checkpoints += [r.answer.get("checkpoint") if r.answer else None for r in runs]
    return checkpoints


def _results(runs) -> dict[str, int]:
    counts: dict[str, int] = {}
    for run in runs:
        for item in (run.answer or {}).get("push", []):
            counts[item["result"]] = counts.get(item["result"], 0) + 1
    return counts


def _cpu_now(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each process measured, and of the load generator (this process): on
    one machine the phones' side takes its share of the cores too."""
    return {**{name: cpu_seconds(pid) for name, pid in pids.items()}, "load_generator": time.process_time()}


def _cpu_since(pids: dict[str, int], before: dict[str, float]) -> dict[str, float]:
    now = _cpu_now(pids)
    return {name: now[name] - before[name] for name in now}


def kora_round(url: str, couch: Couch, phones: list[fleet.Phone], day_docs: list[list[dict]],
               sent_so_far: int, pids: dict[str, int], out_dir: Path) -> dict[str, Any]:
    checkpoints = _morning_checkpoints(url, phones)
    requests = [Request("POST", "/sync", days.sync_headers(p.token), days.sync_body(docs, cp))
                for p, docs, cp in zip(phones, day_docs, checkpoints, strict=True)]
    before = _cpu_now(pids)
    with profiled(pids["sync"], out_dir / f"load-profile-{len(phones)}"):
        runs, wall = run_round(url, requests, _json_answer)
    figures = summarize(runs, wall, days.DAY_INSPECTIONS)
    figures["cpu_seconds"] = _cpu_since(pids, before)
    figures["push_results"] = _results(runs)
    sent = [d for docs in day_docs for d in docs]
    figures["verified"] = verify.exactly_once(
        couch, couch.name("inspections"), sent, sent_so_far + len(sent), kora=True
    )
    figures["request_bytes_mean"] = sum(len(r.body) for r in requests) / len(requests)
    return figures


def raw_round(
    couch: Couch, phones: list[fleet.Phone], day_docs: list[list[dict]], pids: dict[str, int]
) -> dict[str, Any]:
    db = couch.name(f"raw_{len(phones)}")
    couch.http.put(f"/{db}")
    auth = "Basic " + __import__("base64").b64encode(":".join(couch.auth).encode()).decode()
    headers = {"authorization": auth, "content-type": "application/json"}
    requests = [Request("POST", f"/{db}/_bulk_docs", headers,
                        json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":")).encode())
                for docs in day_docs]
    before = _cpu_now(pids)
    runs, wall = run_round(couch.base_url.replace("localhost", HOST), requests)
    figures = summarize(runs, wall, days.DAY_INSPECTIONS)
    figures["cpu_seconds"] = _cpu_since(pids, before)
    sent = [d for docs in day_docs for d in docs]
    figures["verified"] = verify.exactly_once(couch, db, sent, len(sent), kora=False)
    figures["request_bytes_mean"] = sum(len(r.body) for r in requests) / len(requests)
    figures["request_bytes_mean_gzip"] = sum(len(gzip.compress(r.body, 6)) for r in requests) / len(requests)
    return figures


def _start_service(children: Children, settings: Settings, log: Path) -> tuple[str, int]:
    port = free_port()
    env = dict(os.environ, COUCHDB_URL=settings.couchdb_url, KORA_DB_PREFIX=settings.kora_db_prefix,
               KORA_SECRET_KEY=settings.kora_secret_key, KORA_LOG_LEVEL="WARNING")
    child = children.start("sync", service_argv("services.sync.app:create_app", port, HOST), env, log, ROOT)
    wait_for_http(child, f"http://{HOST}:{port}/health/ready", timeout_seconds=60)
    return f"http://{HOST}:{port}", child.process.pid


def database(children: Children, tmp: Path) -> tuple[str, dict[str, int]]:
    """COUCHDB_URL when set, else a local CouchDB-protocol server of the run's own: (url, its pid)."""
    url = os.environ.get("COUCHDB_URL")
    if url:
        return url, {}
    local, url = start_local_couch(children, free_port(), tmp / "couchdb", "admin:" + secrets.token_urlsafe(12),
                                   tmp / "couch.log")
    return url, {"couchdb": local.process.pid}


def run(out_dir: Path, host: dict[str, Any]) -> list[dict[str, Any]]:
    counts = phone_counts()
    children = Children()
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kora-load-") as tmp:
        try:
            url, pids = database(children, Path(tmp))
            settings = Settings(couchdb_url=url, kora_db_prefix=PREFIX, kora_secret_key=secrets.token_urlsafe(40))
            couch = Couch(settings)
            bootstrap(couch)
            venues = fleet.seed_reference_data(couch)
            template = fleet.template()
            print(f"load: creating {max(counts)} inspector accounts in {len(venues)} counties", flush=True)
            phones = fleet.phones(settings, fleet.create_accounts(couch, max(counts)))
            sync_url, pids["sync"] = _start_service(children, settings, Path(tmp) / "sync.log")
            sent = 0
            for n in counts:
                group = phones[:n]
                day_docs = [days.day(f"{n}-{p.name}", template, venues[p.county], p.name) for p in group]
                kora = kora_round(sync_url, couch, group, day_docs, sent, pids, out_dir)
                sent += n * days.DAY_INSPECTIONS
                raw = raw_round(couch, group, day_docs, pids)
                figures += _figures(n, kora, raw, host)
                print(line(n, kora, raw), flush=True)
            couch.close()
        finally:
            children.stop_all()
    return figures


def _figures(n: int, kora: dict, raw: dict, host: dict) -> list[dict[str, Any]]:
    workers = os.environ.get("KORA_WORKERS", "0")
    server = "-couchdb_url" if os.environ.get("COUCHDB_URL") else ""  # the local server has no suffix
    kora_fig = {"benchmark": f"load-kora-{n}{server}", "contender": "kora_post_sync", "sync_workers": workers, **kora,
                "machine": host}
    raw_fig = {"benchmark": f"load-couch_bulk_docs-{n}{server}", "contender": "couch_bulk_docs", **raw, "machine": host}
    ratio = {"benchmark": f"load-ratio-{n}{server}", "phones": n,
             "kora_versus_bulk_docs": {
                 "inspections_per_second": kora["inspections_per_second"] / raw["inspections_per_second"],
                 "p50": kora["latency_seconds"]["p50"] / raw["latency_seconds"]["p50"],
                 "p95": kora["latency_seconds"]["p95"] / raw["latency_seconds"]["p95"]},
             "machine": host}
    return [kora_fig, raw_fig, ratio]


def line(n: int, kora: dict, raw: dict) -> str:
    def one(name: str, f: dict) -> str:
        lat = f["latency_seconds"]
        cpu = "  ".join(f"{k} {v:.1f}" for k, v in f["cpu_seconds"].items())
        return (
            f"  {name:15} {f['inspections_per_second']:8.1f} insp/s  p50 {lat['p50']:6.2f} s  p95 {lat['p95']:6.2f} s"
            f"  p99 {lat['p99']:6.2f} s  requests {f['requests']:5}  errors {f['errors_by_status']}  cpu s: {cpu}"
        )
    ratio = kora["inspections_per_second"] / raw["inspections_per_second"]
    return "\n".join([f"load: {n} phones at once, 12 inspections each", one("kora POST /sync", kora),
                      one("raw _bulk_docs", raw), f"  kora / raw _bulk_docs: {ratio:.3f}x inspections/s"])


def write(out_dir: Path, figures: list[dict[str, Any]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for fig in figures:
        (out_dir / f"{fig['benchmark']}.json").write_text(json.dumps(fig, indent=2, ensure_ascii=False))
