"""What a phone sent, and the proof every fault scenario ends with: the server holds exactly that.

``make_day(seed)`` builds a few inspections with small photos (JPEG answers' photos, a PNG
signature now and then), all drawn from ``seed``. ``assert_exactly_once`` then checks, straight in
CouchDB (not through the service): the inspection ids are exactly the ids sent, each once; each
stored inspection has exactly the phone's content; its attachments are exactly the photos it
names, byte for byte (SHA-256 = name); no conflicting revisions; no partial upload left behind.
``assert_photos_resumed`` checks from the client's request log that photos resumed rather than
restarted: no photo sent from 0 once the server had confirmed bytes of it, and bytes re-sent
bounded by two chunks per failed attempt, for single-photo PUTs and for the parts of photo batches.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass
from typing import Any

from mobile_app.kora_app.sync import photo_id, shrink_jpeg
from schemas.rules.inspection import phone_content, referenced_photos
from services.common.couch import Couch
from tests.support.sync_data import make_inspection, make_photo, make_venue, seed
from tests.support.templates import make_template

COUNTY = "540102"
INSPECTOR = "dolma"


@dataclass
class Day:
    template: dict[str, Any]
    venues: list[dict[str, Any]]
    docs: list[dict[str, Any]]
    photos: dict[str, bytes]

    def ids(self) -> set[str]:
        return {d["_id"] for d in self.docs}


def make_day(day_seed: int, inspections: int = 4, photos_each: int = 1) -> Day:
    rng = random.Random(day_seed)
    template = make_template()
    venues = [make_venue(f"v{i}", COUNTY, random.Random(i)) for i in range(inspections)]
    docs, photos = [], {}
    for i in range(inspections):
        shots = []
        for _ in range(photos_each):
            size = (rng.randint(140, 200), rng.randint(100, 150))
            shots.append(
                shrink_jpeg(make_photo(seed=rng.randrange(1 << 30), size=size), max_dimension=200)
            )
        names = [photo_id(p) for p in shots]
        photos.update(zip(names, shots, strict=True))
        doc = make_inspection(
            f"v{i}", COUNTY, INSPECTOR, template, photos=names, inspection_id=str(_uuid(rng))
        )
        if i % 2 == 0:  # a signature image too, as PNG
            signature = make_photo(seed=rng.randrange(1 << 30), size=(90, 40), kind="PNG")
            photos[photo_id(signature)] = signature
            doc["signature"] = {
                "name": doc["signature"]["name"],
                "signed_at": doc["signature"]["signed_at"],
                "image": photo_id(signature),
            }
        docs.append(doc)
    return Day(template, venues, docs, photos)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def seed_day(couch: Couch, day: Day) -> None:
    seed(couch, "catalog", [day.template])
    seed(couch, "venues", day.venues)


def _stored_inspections(couch: Couch) -> list[dict[str, Any]]:
    _, body = couch.db("inspections").request(
        "GET", "_all_docs", params={"include_docs": "true", "conflicts": "true"})
    return [row["doc"] for row in body["rows"] if not row["id"].startswith("_design/")]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def server_differences(couch: Couch, day: Day) -> list[str]:
    """Every way the server's inspections and photos differ from what the phone sent (empty: none)."""
    problems: list[str] = []
    stored = _stored_inspections(couch)
    ids = [d["_id"] for d in stored]
    if sorted(ids) != sorted(day.ids()):
        problems.append(
            f"inspection ids differ: extra {sorted(set(ids) - day.ids())}, "
            f"missing {sorted(day.ids() - set(ids))}, count {len(ids)} for {len(day.docs)}"
        )
    by_id = {d["_id"]: d for d in stored}
    for doc in day.docs:
        held = by_id.get(doc["_id"])
        if held is None:
            continue
        if _canonical(phone_content(held)) != _canonical(phone_content(doc)):
            problems.append(f"{doc['_id']}: stored content differs from what was sent")
        if held.get("_conflicts"):
            problems.append(f"{doc['_id']}: conflicting revisions {held['_conflicts']}")
        names = set(referenced_photos(doc))
        attached = set(held.get("_attachments", {}))
        if attached != names:
            problems.append(
                f"{doc['_id']}: attachments {sorted(attached)} for photos {sorted(names)}"
            )
        for name in sorted(names & attached):
            got = couch.db("inspections").get_attachment(doc["_id"], name) or b""
            if got != day.photos[name] or hashlib.sha256(got).hexdigest() != name:
                problems.append(
                    f"{doc['_id']}/{name}: {len(got)} bytes that are not the photo sent"
                )
    leftovers = [
        d["_id"] for d in couch.db("sync").find_all({"type": "photo_upload"}, fields=["_id"])
    ]
    if leftovers:
        problems.append(f"partial uploads left behind in the sync database: {leftovers}")
    return problems


def assert_exactly_once(couch: Couch, day: Day, context: str) -> None:
    problems = server_differences(couch, day)
    assert not problems, (
        f"{context}: the server does not hold exactly what was sent:\n  " + "\n  ".join(problems)
    )


@dataclass
class Attempt:
    """One try at a photo as the phone's log shows it: a send (a PUT, or a part of a batch) or an ask."""

    sends: bool
    offset: int | None
    sent: int
    ok: bool
    received: int | None

    def describe(self) -> str:
        outcome = "ok" if self.ok else "failed"
        return f"{'send' if self.sends else 'ask'} @{self.offset} +{self.sent} -> {outcome} {self.received}"


def photo_attempts(entries: list, name: str) -> list[Attempt]:
    """Every try at photo ``name``: single-photo PUTs and GETs, its parts of batches, batch statuses."""
    attempts = []
    for e in entries:
        if e.path.startswith("/sync/photos/") and e.path.endswith(name):
            attempts.append(Attempt(e.method == "PUT", e.offset, e.sent, e.status == 200, e.received))
        elif e.path == "/sync/photos":
            for sha, offset, length in e.parts:
                if sha == name:
                    result = e.results.get(name, {})
                    ok = e.status == 200 and bool(result) and "code" not in result
                    attempts.append(Attempt(True, offset, length, ok, result.get("received") if ok else None))
        elif e.path == "/sync/photos/status" and name in e.results:
            result = e.results[name]
            ok = e.status == 200 and "code" not in result
            attempts.append(Attempt(False, None, 0, ok, result.get("received") if ok else None))
    return attempts


def resume_violations(entries: list, day: Day, chunk_size: int) -> list[str]:
    """Photos restarted from zero, or re-sent more than two chunks per failed attempt, whether
    they went one per request (PUT) or as parts of photo batches (POST /sync/photos)."""
    problems = []
    for name, data in day.photos.items():
        attempts = photo_attempts(entries, name)
        sends = [a for a in attempts if a.sends]
        sent = sum(a.sent for a in sends)
        failed = sum(1 for a in sends if not a.ok)
        if sends and sent - len(data) > 2 * chunk_size * failed:
            problems.append(
                f"{name[:12]}: {sent} bytes sent for {len(data)} with {failed} failed attempts"
            )
        confirmed = 0
        for a in attempts:
            if a.sends and confirmed and a.offset == 0:
                trail = "; ".join(x.describe() for x in attempts)
                problems.append(
                    f"{name[:12]}: sent again from 0 after the server held {confirmed} bytes: {trail}"
                )
                break
            if a.ok and a.received:
                confirmed = max(confirmed, a.received)
    return problems


def assert_photos_resumed(entries: list, day: Day, chunk_size: int, context: str) -> None:
    problems = resume_violations(entries, day, chunk_size)
    assert not problems, f"{context}: photo uploads did not resume:\n  " + "\n  ".join(problems)
