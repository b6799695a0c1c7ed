"""The inspector's day over GPRS / 2G / 3G with photos shrunk on the phone, against ODK's way.

The bench day (bench/workload.py: same inspections, answers, signatures) with each noise photo
replaced by a natural photograph (bench/phone_photos.py) taken at 12 MP and shrunk by the phone's
pipeline. Two contenders, each through its own instance of the link (bench/harness.py):

  kora   the app's SyncClient: every inspection's answers in the first POST /sync, then the
         photos in 1 MiB batches. "answers on the server" is the moment the push's answer came
         back (the client's first ``pull`` progress event); "last photo" is the end.
  odk    ODK Collect's one multipart POST per inspection (bench/baselines/odk.py) with the same
         shrunk photos: an inspection's answers are stored only with its photos, so the answers
         are all on the server when the last POST is.

ODK Collect sends the original photos by default; with 12 MP originals a GPRS day does not fit a
bench run, so that figure is computed, not measured: the original photo bytes over the uplink
(``odk_original_photos_uplink_seconds``, a lower bound that ignores everything else).
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from bench import contenders, phone_photos
from bench.couch_server import BenchError, CouchServer
from bench.harness import measure
from bench.link import PROFILES
from bench.workload import Day, Inspection, make_day
from deploy.local_suite.couch_server import start_local_couch
from deploy.local_suite.ports import free_port
from deploy.local_suite.processes import Children
from mobile_app.kora_app.photos import camera
from mobile_app.kora_app.sync import SyncClient
from tests.support.sync_data import token_for

DAY_LINKS = ("gprs", "2g", "3g")
SCALE = {"3g": 1.0, "2g": 0.25, "gprs": 1 / 12}  # as the sync bench: time is never compressed


def natural_day(day: Day) -> tuple[Day, list[int]]:
    """``day`` with every photo replaced by a shrunk natural photograph; also the original
    (12 MP) photo bytes of each inspection."""
    inspections, originals = [], []
    k = 0
    for inspection in day.inspections:
        renamed: dict[str, str] = {}
        photos: dict[str, bytes] = {}
        original_bytes = 0
        for old in inspection.photos:
            name = phone_photos.SAMPLES[k % len(phone_photos.SAMPLES)]
            original = phone_photos.camera_original(phone_photos.sample_image(name), variant=k // 2 + k)
            kept = camera.shrink(original)
            sha = hashlib.sha256(kept).hexdigest()
            renamed[old], photos[sha] = sha, kept
            original_bytes += len(original)
            k += 1
        doc = dict(inspection.doc)
        doc["answers"] = {item: (dict(a, photos=[renamed[p] for p in a["photos"]]) if "photos" in a else a)
                          for item, a in inspection.doc["answers"].items()}
        inspections.append(Inspection(doc, photos))
        originals.append(original_bytes)
    return replace(day, inspections=inspections), originals


def prefix(day: Day, count: int) -> Day:
    return replace(day, inspections=day.inspections[:count])


class KoraTimed(contenders.Kora):
    """Kora's contender, also noting when every answer was on the server."""

    answers_seconds: float | None = None

    def send(self, base_url: str) -> None:
        started = time.monotonic()
        inspector = self.day.inspections[0].doc["inspector"]
        token = token_for(self.settings, inspector, codes=(self.day.venues[0]["county_code"],))

        def progress(event: dict) -> None:
            if event.get("stage") == "pull" and self.answers_seconds is None:
                self.answers_seconds = time.monotonic() - started

        with SyncClient(base_url, token, timeout=contenders.TIMEOUT_SECONDS) as client:
            result = client.sync(self.day.docs, self.day.photos, None, progress=progress)
        if sorted(result.complete) != sorted(d["_id"] for d in self.day.docs):
            raise BenchError(f"kora: not everything arrived: {result.pushed[:2]} {result.photos[:2]}")


def _measure(server: CouchServer, link_name: str, day: Day, originals: list[int]) -> dict:
    profile = PROFILES[link_name]
    kora = KoraTimed(server, day, f"phone_{link_name.replace('-', '_')}_kora")
    odk = contenders.Odk(server, day, f"phone_{link_name.replace('-', '_')}_odk")
    with ThreadPoolExecutor(max_workers=2) as pool:
        kora_run, odk_run = pool.submit(measure, kora, profile), pool.submit(measure, odk, profile)
        (kora_wall, kora_counts), (odk_wall, odk_counts) = kora_run.result(), odk_run.result()
    original_bytes = sum(originals[: len(day.inspections)])
    return {
        "benchmark": f"phone-day-{link_name}",
        "link": {"name": profile.name, "down_bps": profile.down_bps, "up_bps": profile.up_bps,
                 "rtt": profile.rtt, "loss": profile.loss},
        "inspections": len(day.inspections), "photos": len(day.photos),
        "shrunk_photo_bytes": day.photo_bytes, "original_photo_bytes": original_bytes,
        "kora": {"answers_on_server_seconds": round(kora.answers_seconds or kora_wall, 2),
                 "last_photo_on_server_seconds": round(kora_wall, 2), "bytes_up": kora_counts["bytes_up"],
                 "round_trips": kora_counts["exchanges"]},
        "odk_same_shrunk_photos": {"answers_on_server_seconds": round(odk_wall, 2),
                                   "last_photo_on_server_seconds": round(odk_wall, 2),
                                   "bytes_up": odk_counts["bytes_up"], "round_trips": odk_counts["exchanges"]},
        "kora_versus_odk": {"answers_on_server": round((kora.answers_seconds or kora_wall) / odk_wall, 3),
                            "last_photo_on_server": round(kora_wall / odk_wall, 3)},
        "odk_original_photos_uplink_seconds": round(original_bytes * 8 / profile.up_bps, 1),
        "verified": True,
    }


def run(links: list[str]) -> list[dict]:
    full, originals = natural_day(make_day(scale=max(SCALE[name.split("-")[0]] for name in links)))
    children = Children()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            _, url = start_local_couch(children, free_port(), Path(tmp) / "couchdb",
                                       "admin:" + secrets.token_urlsafe(12), Path(tmp) / "couch.log")
            server = CouchServer.from_url(url)
            jobs = [(name, prefix(full, max(1, round(12 * SCALE[name.split("-")[0]])))) for name in links]
            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                return list(pool.map(lambda job: _measure(server, job[0], job[1], originals), jobs))
        finally:
            children.stop_all()


def line(fig: dict) -> str:
    k, o = fig["kora"], fig["odk_same_shrunk_photos"]
    return (
        f"phone day {fig['link']['name']}: {fig['inspections']} inspections, {fig['photos']} shrunk photos "
        f"({fig['shrunk_photo_bytes'] / 1e6:.2f} MB): answers on the server after "
        f"{k['answers_on_server_seconds']:.0f} s "
        f"(ODK {o['answers_on_server_seconds']:.0f} s, x{fig['kora_versus_odk']['answers_on_server']:.2f}), "
        f"last photo {k['last_photo_on_server_seconds']:.0f} s (ODK {o['last_photo_on_server_seconds']:.0f} s, "
        f"x{fig['kora_versus_odk']['last_photo_on_server']:.2f}); ODK with the originals needs at least "
        f"{fig['odk_original_photos_uplink_seconds']:.0f} s"
    )
