"""One phone's day without photos: 12 inspections of 40 to 60 answers, notes on the "no" answers,
a signature of a few strokes; the request body built exactly as the app's SyncClient.exchange
builds it (compact JSON, gzip level 6, the same headers)."""

from __future__ import annotations

import gzip
import json
import random
import uuid

from tests.support.sync_data import template_item_ids

DAY_INSPECTIONS = 12
VALUES = ("yes", "no", "na")
VALUE_WEIGHTS = (7, 2, 1)


def _at(n: int, minute: int) -> str:
    hour, minute = divmod(9 * 60 + n * 40 + minute, 60)
    return f"2026-05-04T{hour:02d}:{minute:02d}:00+08:00"


def inspection(rng: random.Random, n: int, template: dict, venue: dict, inspector: str) -> dict:
    items = template_item_ids(template)
    answers: dict[str, dict] = {}
    for item in sorted(rng.sample(items, rng.randint(40, min(60, len(items))))):
        value = rng.choices(VALUES, VALUE_WEIGHTS)[0]
        answers[item] = {"value": value}
        if value == "no":
            answers[item]["note"] = f"未保留人工服务窗口，第{rng.randint(1, 9)}号窗口已改为自助设备"
    strokes = [[[rng.randint(0, 600), rng.randint(0, 200)] for _ in range(rng.randint(8, 20))]
               for _ in range(rng.randint(2, 5))]
    return {
        "_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "type": "inspection", "venue_id": venue["venue_id"], "county_code": venue["county_code"],
        "inspector": inspector,
        "template": {"id": template["template_id"], "version": template["version"]},
        "started_at": _at(n, 0), "finished_at": _at(n, 35),
        "gps": {"lat": round(29.6 + rng.random() / 10, 6), "lon": round(91.1 + rng.random() / 10, 6),
                "accuracy_m": round(rng.uniform(3, 30), 1)},
        "answers": answers,
        "signature": {"name": "次仁卓玛", "signed_at": _at(n, 33), "pad": {"width": 600, "height": 200},
                      "strokes": strokes},
        "status": "submitted",
        "client": {"revision": 1, "updated_at": _at(n, 35)},
    }


def day(seed: str, template: dict, county_venues: list[dict], inspector: str,
        count: int = DAY_INSPECTIONS) -> list[dict]:
    rng = random.Random(seed)
    chosen = rng.sample(county_venues, count)
    return [inspection(rng, n, template, venue, inspector) for n, venue in enumerate(chosen)]


def sync_body(docs: list[dict], checkpoint: str | None) -> bytes:
    """What SyncClient.exchange sends for an outbox of new inspections (base_rev None)."""
    items = [{"doc": doc, "base_rev": None} for doc in docs]
    body = json.dumps({"push": items, "checkpoint": checkpoint, "pull": True},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(body, 6)


def sync_headers(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}", "accept-encoding": "gzip", "user-agent": "kora-app-sync/1",
            "content-type": "application/json", "content-encoding": "gzip"}
