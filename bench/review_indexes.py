"""The review bench's index builds: withheld while the inspections load, then built and timed.

CouchDB builds every view of a design document together, in one pass over the database, and its
background indexer (ken) starts on a design document as soon as one is saved. So the bench
removes the inspections' design documents before the load (the load then measures writing
only), puts them back with the bootstrap afterwards, and queries every design document of the
review's databases at once: each figure is the seconds until that design document answered,
all of them building side by side as they would after a deploy.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from services.common.bootstrap import bootstrap
from services.common.couch import Couch

DATABASES = ("inspections", "venues", "notices")
RETRY_SECONDS = 5.0
PROGRESS_SECONDS = 30.0


def design_docs(couch: Couch, short: str) -> dict[str, dict[str, Any]]:
    """The design documents of one database, by id (the ``_design/`` id range of ``_all_docs``)."""
    params = {"include_docs": "true", "startkey": '"_design/"', "endkey": '"_design0"'}
    response = couch.http.get(f"/{couch.name(short)}/_all_docs", params=params)
    response.raise_for_status()
    return {row["id"]: row["doc"] for row in response.json()["rows"] if row.get("doc")}


def withhold(couch: Couch, short: str) -> list[str]:
    """Delete the design documents of ``short`` (the bootstrap puts them back); their ids."""
    removed = []
    for ddoc_id, doc in design_docs(couch, short).items():
        couch.http.delete(f"/{couch.name(short)}/{ddoc_id}", params={"rev": doc["_rev"]}).raise_for_status()
        removed.append(ddoc_id)
    return removed


def _query(couch: Couch, short: str, ddoc_id: str, doc: dict[str, Any]) -> tuple[str, str, dict[str, Any] | None]:
    """(method, path, body) of a query served by the design document's first index: its first view,
    or for a Mango index (``"language": "query"``) a ``_find`` that must use it."""
    view = next(iter(doc["views"]))
    if doc.get("language") != "query":
        return "GET", f"/{couch.name(short)}/{ddoc_id}/_view/{view}?limit=1", None
    fields = [f if isinstance(f, str) else next(iter(f)) for f in doc["views"][view]["options"]["def"]["fields"]]
    body = {"selector": {f: {"$gt": None} for f in fields}, "use_index": [ddoc_id.removeprefix("_design/"), view],
            "limit": 1}
    return "POST", f"/{couch.name(short)}/_find", body


def _build_one(couch: Couch, short: str, ddoc_id: str, doc: dict[str, Any], started: float) -> float:
    """Query the design document's index until it answers (a query waits for the build)."""
    method, path, body = _query(couch, short, ddoc_id, doc)
    while True:
        try:
            response = couch.http.request(method, path, json=body, timeout=None)
            if response.status_code == 200:
                return round(time.perf_counter() - started, 1)
            # A server-side timeout (500/503/504) leaves the build running: ask again.
            if response.status_code not in (500, 503, 504):
                response.raise_for_status()
        except httpx.TransportError:
            pass
        time.sleep(RETRY_SECONDS)


def _report_progress(couch: Couch, done: threading.Event, started: float) -> None:
    prefix = couch.name("")
    while not done.wait(PROGRESS_SECONDS):
        try:
            tasks = couch.http.get("/_active_tasks").json()
        except (httpx.HTTPError, ValueError):
            continue
        building = [f"{t.get('database', '').split('/')[-1].split('.')[0]}/{t.get('design_document')} "
                    f"{t.get('progress', '?')}%" for t in tasks
                    if t.get("type") == "indexer" and prefix in t.get("database", "")]
        print(f"  {time.perf_counter() - started:.0f} s: building {', '.join(building) or '…'}", flush=True)


def restore_and_build(couch: Couch) -> tuple[float, dict[str, float]]:
    """Put the design documents back and build every index of the review's databases:
    (seconds until all were built, seconds per design document as ``db/_design/name``)."""
    started = time.perf_counter()
    bootstrap(couch)
    jobs = [(short, ddoc_id, doc)
            for short in DATABASES for ddoc_id, doc in sorted(design_docs(couch, short).items()) if doc.get("views")]
    done = threading.Event()
    progress = threading.Thread(target=_report_progress, args=(couch, done, started), daemon=True)
    progress.start()
    try:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            seconds = list(pool.map(lambda job: _build_one(couch, *job, started), jobs))
    finally:
        done.set()
    by_ddoc = {f"{short}/{ddoc_id}": s for (short, ddoc_id, _), s in zip(jobs, seconds, strict=True)}
    return round(time.perf_counter() - started, 1), by_ddoc


def index_sizes(couch: Couch, short: str) -> dict[str, dict[str, int]]:
    """Bytes of each design document's index: ``file`` on disk (what an uncompacted build leaves)
    and ``active`` (what compaction would keep), from ``_info``."""
    out = {}
    for ddoc_id in design_docs(couch, short):
        response = couch.http.get(f"/{couch.name(short)}/{ddoc_id}/_info")
        if response.status_code == 200:  # the local CouchDB-protocol server has no _info
            sizes = response.json().get("view_index", {}).get("sizes", {})
            out[f"{short}/{ddoc_id}"] = {k: sizes[k] for k in ("file", "active") if k in sizes}
    return out
