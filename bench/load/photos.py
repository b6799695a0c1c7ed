"""`BENCH_ONLY=photos make bench`: a photo-heavy evening. 50 phones (BENCH_PHOTO_PHONES) each sync a
day of 12 inspections with 2 to 4 photos of ~150 kB (noise JPEGs; ~1,790 photos in all) through the
real endpoints, with the app's own SyncClient (one thread per phone, all started at once): the
push, then the photos the server says it lacks, in photo batches. Afterwards every photo must be
attached to its inspection with the bytes sent (the attachment's MD5 digest). Against the local
CouchDB-protocol server, or the CouchDB of COUCHDB_URL. Figures: var/bench/photos-<N>-<local|couchdb_url>.json.
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import secrets
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.couch_server import BenchError
from bench.load import day as days
from bench.load import fleet
from bench.load.cpu import cpu_seconds
from bench.load.run import PREFIX, _start_service, database
from bench.load.stats import percentile
from bench.load.verify import stored_docs
from bench.workload import noisy_jpeg
from deploy.local_suite.processes import Children
from mobile_app.kora_app.sync import SyncClient, SyncError
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings

PHOTOS_PER_INSPECTION = (2, 4)


def with_photos(seed: str, docs: list[dict]) -> dict[str, bytes]:
    """Give each inspection 2 to 4 photos on answered items, as the app names them (SHA-256)."""
    rng = random.Random(seed)
    photos: dict[str, bytes] = {}
    for doc in docs:
        answered = sorted(doc["answers"])
        for _ in range(rng.randint(*PHOTOS_PER_INSPECTION)):
            data = noisy_jpeg(rng)
            sha = hashlib.sha256(data).hexdigest()
            photos[sha] = data
            doc["answers"][rng.choice(answered)].setdefault("photos", []).append(sha)
    return photos


def _one_phone(url: str, phone: fleet.Phone, docs: list[dict], photos: dict[str, bytes],
               t0: float) -> dict[str, Any]:
    began = time.monotonic()
    try:
        with SyncClient(url, phone.token, timeout=60.0) as client:
            result = client.sync(docs, photos, None)
        error = None
    except SyncError as exc:
        result, error = exc.partial, f"{exc.code}: {exc.detail[:120]}"
    return {"seconds": time.monotonic() - began, "done_at": time.monotonic() - t0, "error": error,
            "complete": len(result.complete) if result else 0, "requests": result.requests if result else 0,
            "bytes_sent": result.bytes_sent if result else 0}


def check_photos(couch: Couch, docs: list[dict], photos: dict[str, bytes]) -> int:
    """Every photo attached to its inspection, byte for byte (MD5 digest of the stub); the count."""
    stored = stored_docs(couch, couch.name("inspections"), [d["_id"] for d in docs])
    checked = 0
    for doc in docs:
        attachments = (stored.get(doc["_id"]) or {}).get("_attachments", {})
        for shas in (a.get("photos", []) for a in doc["answers"].values()):
            for sha in shas:
                stub = attachments.get(sha)
                want = "md5-" + base64.b64encode(hashlib.md5(photos[sha]).digest()).decode()
                if stub is None or stub.get("digest") != want or stub.get("length") != len(photos[sha]):
                    raise BenchError(f"photos: {doc['_id']}/{sha[:12]} is missing or not the bytes sent")
                checked += 1
    return checked


def run(out_dir: Path, host: dict[str, Any]) -> list[dict[str, Any]]:
    n = int(os.environ.get("BENCH_PHOTO_PHONES", "50"))
    children = Children()
    with tempfile.TemporaryDirectory(prefix="kora-photos-") as tmp:
        try:
            url, pids = database(children, Path(tmp))
            settings = Settings(couchdb_url=url, kora_db_prefix=PREFIX.replace("load", "photos"),
                                kora_secret_key=secrets.token_urlsafe(40))
            couch = Couch(settings)
            bootstrap(couch)
            venues = fleet.seed_reference_data(couch)
            phones = fleet.phones(settings, fleet.create_accounts(couch, n))
            day_docs = [days.day(f"photos-{p.name}", fleet.template(), venues[p.county], p.name) for p in phones]
            day_photos = [with_photos(p.name, docs) for p, docs in zip(phones, day_docs, strict=True)]
            sync_url, pids["sync"] = _start_service(children, settings, Path(tmp) / "sync.log")
            before = {k: cpu_seconds(v) for k, v in pids.items()}
            t0 = time.monotonic()
            with ThreadPoolExecutor(max_workers=n) as pool:
                runs = list(pool.map(lambda a: _one_phone(sync_url, *a, t0),
                                     zip(phones, day_docs, day_photos, strict=True)))
            wall = time.monotonic() - t0
            cpu = {k: cpu_seconds(v) - before[k] for k, v in pids.items()}
            all_docs = [d for docs in day_docs for d in docs]
            all_photos = {sha: data for photos in day_photos for sha, data in photos.items()}
            checked = check_photos(couch, all_docs, all_photos) if not any(r["error"] for r in runs) else 0
            couch.close()
        finally:
            children.stop_all()
    seconds = [r["seconds"] for r in runs]
    photo_bytes = sum(len(b) for b in all_photos.values())
    figure = {
        "benchmark": f"photos-{n}-{'couchdb_url' if os.environ.get('COUCHDB_URL') else 'local'}",
        "server": "COUCHDB_URL" if os.environ.get("COUCHDB_URL") else "local CouchDB-protocol server",
        "phones": n,
        "inspections": len(all_docs),
        "photos": len(all_photos),
        "photo_bytes": photo_bytes,
        "wall_seconds": wall,
        "photos_per_second": len(all_photos) / wall,
        "megabytes_per_second": photo_bytes / wall / 1e6,
        "phone_seconds": {"p50": percentile(seconds, 50), "p95": percentile(seconds, 95), "max": max(seconds)},
        "requests": sum(r["requests"] for r in runs),
        "errors": [r["error"] for r in runs if r["error"]],
        "photos_verified": checked,
        "cpu_seconds": cpu,
        "machine": host,
    }
    print(f"photos: {n} phones, {len(all_photos)} photos ({photo_bytes / 1e6:.0f} MB) in {wall:.1f} s: "
          f"{figure['photos_per_second']:.1f} photos/s, {figure['megabytes_per_second']:.1f} MB/s, phone p50 "
          f"{figure['phone_seconds']['p50']:.1f} s p95 {figure['phone_seconds']['p95']:.1f} s, "
          f"{figure['requests']} requests, errors {len(figure['errors'])}, verified {checked}, cpu s {cpu}", flush=True)
    return [figure]
