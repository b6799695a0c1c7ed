"""Demo inspections for `make run` (never in production): a few hundred over the past year,
stored through the sync push (as phones do), photos attached as the photo upload does, then
decided through services/inspections/decisions.py and a few notice requests asked for."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from schemas.rules.jurisdiction import Jurisdiction
from services.catalog import service as catalog
from services.common.auth import Principal
from services.common.couch import Couch
from services.inspections import decisions
from services.inspections import store as inspections
from services.notices.requests import request_notice
from services.review.demo.generate import demo_id, inspection, photo_bytes
from services.sync.push.service import MAX_BATCH, push
from services.venues import service as venues

COUNT = 300
INSPECTORS = {"540102": "dawa", "542526": "pema"}  # the demo accounts; other counties get fictional names
SUPERVISOR = Principal("region.sup", "supervisor", Jurisdiction("region", ()))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed_demo_inspections(couch: Couch, count: int = COUNT, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    ids = [demo_id(f"demo-{n}") for n in range(count)]
    if all(inspections.get_many(couch, [ids[0], ids[-1]]).values()):
        return f"demo inspections: {count} already there"
    rng = random.Random(2021)
    templates = {t: doc for doc in catalog.current_templates(couch) for t in doc["venue_types"]}
    demo_venues = [v for v in venues.list_venues(couch, Jurisdiction("region", ())) if v["venue_type"] in templates]
    if not demo_venues or not templates:
        return "demo inspections: no venues or templates to inspect (seed them first)"
    photo = photo_bytes()
    sha = hashlib.sha256(photo).hexdigest()
    by_inspector: dict[str, list[dict]] = defaultdict(list)
    for n in range(count):
        venue = rng.choice(demo_venues)
        finished = now - timedelta(days=rng.uniform(1, 365), minutes=rng.randrange(600))
        who = INSPECTORS.get(venue["county_code"], f"jc{venue['county_code']}")
        doc = inspection(templates[venue["venue_type"]], venue, who, finished, rng.choice([0.0, 0.03, 0.1, 0.25]),
                         rng, f"demo-{n}", sha)
        by_inspector[who].append(doc)
    stored = 0
    for who, docs in by_inspector.items():
        principal = Principal(who, "inspector", Jurisdiction("county", (docs[0]["county_code"],)))
        for start in range(0, len(docs), MAX_BATCH):
            batch = docs[start:start + MAX_BATCH]
            for result in push(couch, principal, [{"doc": d, "base_rev": None} for d in batch]):
                if result["result"] == "accepted":
                    stored += 1
                    if result.get("photos_needed"):
                        inspections.attach_photo(couch, result["id"], result["rev"], sha, photo, "image/jpeg")
    decided = _decide(couch, ids, rng, now)
    return f"demo inspections: {stored} pushed, {decided}"


def _decide(couch: Couch, ids: list[str], rng: random.Random, now: datetime) -> str:
    tally: dict[str, int] = defaultdict(int)
    for doc_id in ids:
        doc = inspections.get(couch, doc_id)
        if doc is None or doc["status"] != "submitted":
            continue
        roll = rng.random()
        at = _stamp(now - timedelta(hours=rng.randrange(1, 48)))
        if roll < 0.55:
            saved = decisions.approve(couch, SUPERVISOR, doc_id, doc["_rev"], "", at)
            tally["approved"] += 1
            if saved["summary"]["findings"] and rng.random() < 0.5:
                request_notice(couch, SUPERVISOR, saved, saved["summary"]["findings"][:3], at)
                tally["notice requests"] += 1
        elif roll < 0.65:
            decisions.return_to_inspector(couch, SUPERVISOR, doc_id, doc["_rev"], "照片看不清，请补拍现金窗口", at)
            tally["returned"] += 1
    return ", ".join(f"{n} {what}" for what, n in sorted(tally.items()))
