"""Where one evening sync's CouchDB time goes: `.venv/bin/python -m bench.load.per_sync`.

Starts its own local CouchDB-protocol server, seeds the load scenario (bench/load/fleet.py), gives
each of PER_SYNC_PHONES phones (default 100) its morning pull, then sends their evening syncs
(12 inspections each, the body the app sends) one at a time through the sync app in this process.
Every request of the access layer is counted by kind, with the server's CPU time spent on it (its
/proc counters, read before and after: sound because nothing else talks to this server). Then the
same number of raw ``_bulk_docs`` of 12 inspections, for comparison. Prints a table; writes nothing.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from bench.load import day as days
from bench.load import fleet
from bench.load.cpu import cpu_seconds
from bench.load.run import database
from deploy.local_suite.processes import Children
from services.common.bootstrap import bootstrap
from services.common.couch import Couch, Database
from services.common.settings import Settings
from services.sync.app import create_app


def _kind(db: Database, method: str, path: str, body: Any) -> str:
    where = "user:NAME" if path.startswith("user") else path
    selector = " (selector)" if isinstance(body, dict) and "selector" in body else ""
    return f"{method} {db.short}/{where}{selector}"


class Meter:
    """Counts the access layer's requests by kind, with the server CPU each took."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid
        self.on = False
        self.by_kind: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def timed(self, kind: str, call: Callable[[], Any]) -> Any:
        if not self.on:
            return call()
        before = cpu_seconds(self.server_pid)
        try:
            return call()
        finally:
            self.by_kind[kind][0] += 1
            self.by_kind[kind][1] += cpu_seconds(self.server_pid) - before

    def install(self) -> None:
        request, bulk = Database.request, Database._bulk_request

        def counted_request(db: Database, method: str, path: str = "", **kwargs: Any) -> Any:
            return self.timed(_kind(db, method, path, kwargs.get("body")), lambda: request(db, method, path, **kwargs))

        def counted_bulk(db: Database, docs: list[dict[str, Any]]) -> Any:
            return self.timed(f"POST {db.short}/_bulk_docs", lambda: bulk(db, docs))

        Database.request, Database._bulk_request = counted_request, counted_bulk


def main() -> None:
    phone_count = int(os.environ.get("PER_SYNC_PHONES", "100"))
    children = Children()
    with tempfile.TemporaryDirectory(prefix="kora-per-sync-") as tmp:
        try:
            url, pids = database(children, Path(tmp))
            if "couchdb" not in pids:
                raise SystemExit("bench.load.per_sync reads the CPU of its own local server: unset COUCHDB_URL")
            settings = Settings(couchdb_url=url, kora_db_prefix="per_sync_", kora_secret_key=secrets.token_urlsafe(40))
            couch = Couch(settings)
            bootstrap(couch)
            venues = fleet.seed_reference_data(couch)
            template = fleet.template()
            phones = fleet.phones(settings, fleet.create_accounts(couch, phone_count))
            meter = Meter(pids["couchdb"])
            meter.install()
            with TestClient(create_app(settings)) as client:
                mornings = [client.post("/sync", content=days.sync_body([], None),
                                        headers=days.sync_headers(p.token)).json()["checkpoint"] for p in phones]
                evenings = [days.sync_body(days.day(f"per-sync-{p.name}", template, venues[p.county], p.name), cp)
                            for p, cp in zip(phones, mornings, strict=True)]
                meter.on = True
                for phone, body in zip(phones, evenings, strict=True):
                    answer = client.post("/sync", content=body, headers=days.sync_headers(phone.token))
                    assert answer.status_code == 200 and all(
                        r["result"] == "accepted" for r in answer.json()["push"]), answer.text[:300]
                meter.on = False
            total = sum(cpu for _, cpu in meter.by_kind.values())
            print(f"{phone_count} evening syncs, one at a time: server CPU {1000 * total / phone_count:.1f} ms "
                  f"and {sum(n for n, _ in meter.by_kind.values()) / phone_count:.1f} requests per sync")
            for kind, (count, cpu) in sorted(meter.by_kind.items(), key=lambda kv: -kv[1][1]):
                print(f"  {kind:45} {count / phone_count:4.2f} per sync  {1000 * cpu / phone_count:6.1f} ms")
            raw = couch.db("raw_per_sync")
            couch.http.put(f"/{raw.name}")
            before, started = cpu_seconds(pids["couchdb"]), time.perf_counter()
            for phone in phones:
                raw.bulk(days.day(f"raw-{phone.name}", template, venues[phone.county], phone.name))
            print(f"raw _bulk_docs of the same size: server CPU "
                  f"{1000 * (cpu_seconds(pids['couchdb']) - before) / phone_count:.1f} ms per request "
                  f"({1000 * (time.perf_counter() - started) / phone_count:.0f} ms wall)")
            couch.close()
        finally:
            children.stop_all()


if __name__ == "__main__":
    main()
