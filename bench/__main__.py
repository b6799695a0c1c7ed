"""`make bench`: Kora's sync over simulated links, figures to var/bench/ (the two baselines are not written yet).

BENCH_LINKS: comma-separated link names from bench.link.PROFILES (default: all six).
BENCH_SCALE: fraction of the 12-inspection day on 3G; slower links get less (see docs/benchmarks.md).
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.link import PROFILES, link
from bench.workload import DAY_INSPECTIONS
from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import free_port
from deploy.local_suite.processes import Children
from mobile_app.kora_app.sync import SyncClient
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.common.settings import Settings
from services.sync.app import create_app
from services.sync.testing import (
    make_inspection,
    make_photo,
    make_template,
    make_venue,
    running_service,
    seed,
    sha256_hex,
    token_for,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCALE = {"3g": 1.0, "2g": 0.25, "gprs": 1 / 12}  # the day on 3G, less on slower links


def day(template: dict, scale: float, run: str) -> tuple[list[dict], dict[str, bytes]]:
    import random

    rng = random.Random(2021)
    ids = random.Random(run)  # the same day on every link, under ids of its own (the server keeps each run)
    docs, photos = [], {}
    for n in range(max(1, round(DAY_INSPECTIONS * scale))):
        shots = [make_photo(seed=rng.randrange(1 << 30), size=(440, 440)) for _ in range(rng.randint(2, 4))]
        for s in shots:
            photos[sha256_hex(s)] = s
        docs.append(make_inspection(f"v{n}", "540102", "bench", template, photos=[sha256_hex(s) for s in shots],
                                    inspection_id=str(uuid.UUID(int=ids.getrandbits(128), version=4))))
    return docs, photos


def machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    return {"uname": " ".join(platform.uname()), "cpus": os.cpu_count(), "date": datetime.now(UTC).isoformat(), "commit": commit}


def main() -> None:
    names = [n for n in os.environ.get("BENCH_LINKS", ",".join(PROFILES)).split(",") if n]
    user_scale = float(os.environ.get("BENCH_SCALE", "1"))
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    children = Children()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            _, url = start_local_couch(children, free_port(), Path(tmp) / "couchdb", "admin:" + secrets.token_urlsafe(12),
                                       Path(tmp) / "couch.log")
            settings = Settings(couchdb_url=url, kora_db_prefix="bench_", kora_secret_key=secrets.token_urlsafe(40))
            couch = Couch(settings)
            bootstrap(couch)
            template = make_template(items=48)
            seed(couch, "catalog", [template])
            seed(couch, "venues", [make_venue(f"v{i}", "540102") for i in range(DAY_INSPECTIONS)])
            with running_service(create_app(settings)) as service:
                target = urlsplit(service)
                for name in names:
                    profile = PROFILES[name]
                    scale = user_scale * DEFAULT_SCALE[name.split("-")[0]]
                    docs, photos = day(template, scale, name)
                    with link(target.hostname, target.port, profile, seed=7) as proxy:
                        started = time.monotonic()
                        with SyncClient(f"http://127.0.0.1:{proxy.port}", token_for(settings, "bench"), timeout=600) as client:
                            result = client.sync(docs, photos, None)
                        if sorted(result.complete) != sorted(d["_id"] for d in docs):
                            raise SystemExit(f"{name}: not everything arrived: {result.pushed} {result.photos}")
                        wall = time.monotonic() - started
                        counts = proxy.counters.snapshot()
                    limit = profile.physical_limit(counts["bytes_up"], counts["bytes_down"])
                    figure = {"benchmark": f"kora-{name}", "link": profile.__dict__, "scale": scale,
                              "inspections": len(docs), "photos": len(photos), "photo_bytes": sum(map(len, photos.values())),
                              "wall_seconds": wall, **counts, "physical_limit_seconds": limit,
                              "ratio_to_limit": wall / limit, "machine": machine()}
                    (out_dir / f"kora-{name}.json").write_text(json.dumps(figure, indent=2))
                    print(f"{name:10} scale {scale:.3f} {len(docs):2} insp  {wall:7.1f} s  up {counts['bytes_up']:>9} B"
                          f"  down {counts['bytes_down']:>8} B  exch {counts['exchanges']:3}  conn {counts['connects']:2}"
                          f"  x limit {wall / limit:.2f}")
            couch.close()
        finally:
            children.stop_all()


if __name__ == "__main__":
    main()
