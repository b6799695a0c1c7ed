"""A realistic inspector's day, generated from a fixed seed, that every contender sends as it is.

12 inspections of 40 to 60 answers against one 60-item template, each with 2 to 4 noisy JPEG
photos of about 150 kB (random noise, so they do not compress away on the wire) named by their
SHA-256 in the answers, as the app names them. The documents are valid Kora inspections (schema,
template, venue, county), so Kora's sync service accepts them; the baselines send the very same
documents and photos. ``scale`` keeps that fraction of the day (at least one inspection); the
scale is reported with every figure.
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from dataclasses import dataclass
from functools import cached_property

from PIL import Image

from tests.support.sync_data import make_venue, template_item_ids
from tests.support.templates import make_template

DAY_INSPECTIONS = 12
PHOTO_TARGET_BYTES = 150_000
TEMPLATE_ITEMS = 60
INSPECTOR = "bench-inspector"
COUNTY = "540102"
VALUES = ("yes", "no", "na")
VALUE_WEIGHTS = (7, 2, 1)


@dataclass(frozen=True)
class Inspection:
    doc: dict
    photos: dict[str, bytes]  # sha256 hex -> JPEG bytes

    @property
    def photo_bytes(self) -> int:
        return sum(len(b) for b in self.photos.values())


@dataclass(frozen=True)
class Day:
    template: dict
    venues: list[dict]
    inspections: list[Inspection]

    @property
    def docs(self) -> list[dict]:
        return [i.doc for i in self.inspections]

    @cached_property
    def photos(self) -> dict[str, bytes]:
        return {sha: data for i in self.inspections for sha, data in i.photos.items()}

    @property
    def photo_bytes(self) -> int:
        return sum(i.photo_bytes for i in self.inspections)


def noisy_jpeg(rng: random.Random, target: int = PHOTO_TARGET_BYTES) -> bytes:
    """A JPEG of random noise whose size is close to ``target`` bytes (~0.9 B/px at quality 75)."""
    side = int((target / 0.9) ** 0.5)
    for _ in range(4):
        img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=75)
        data = buf.getvalue()
        if abs(len(data) - target) < target * 0.1:
            return data
        side = max(16, int(side * (target / len(data)) ** 0.5))
    return data


def _timestamp(n: int, minute: int) -> str:
    hour, minute = divmod(9 * 60 + n * 40 + minute, 60)
    return f"2026-05-04T{hour:02d}:{minute:02d}:00+08:00"


def _inspection(
    rng: random.Random, n: int, template: dict, venue_id: str, inspector: str, county_code: str
) -> Inspection:
    items = template_item_ids(template)
    answered = sorted(rng.sample(items, rng.randint(40, min(60, len(items)))))
    answers: dict[str, dict] = {}
    for item in answered:
        value = rng.choices(VALUES, VALUE_WEIGHTS)[0]
        answers[item] = {"value": value}
        if value == "no":
            answers[item]["note"] = f"未保留人工服务窗口，第{rng.randint(1, 9)}号窗口已改为自助设备"
    photos: dict[str, bytes] = {}
    for _ in range(rng.randint(2, 4)):
        data = noisy_jpeg(rng)
        sha = hashlib.sha256(data).hexdigest()
        photos[sha] = data
        answers[rng.choice(answered)].setdefault("photos", []).append(sha)
    strokes = [
        [[rng.randint(0, 600), rng.randint(0, 200)] for _ in range(rng.randint(8, 20))]
        for _ in range(rng.randint(2, 5))
    ]
    doc = {
        "_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "type": "inspection",
        "venue_id": venue_id,
        "county_code": county_code,
        "inspector": inspector,
        "template": {"id": template["template_id"], "version": template["version"]},
        "started_at": _timestamp(n, 0),
        "finished_at": _timestamp(n, 35),
        "gps": {
            "lat": round(29.6 + rng.random() / 10, 6),
            "lon": round(91.1 + rng.random() / 10, 6),
            "accuracy_m": round(rng.uniform(3, 30), 1),
        },
        "answers": answers,
        "signature": {
            "name": "次仁卓玛",
            "signed_at": _timestamp(n, 33),
            "pad": {"width": 600, "height": 200},
            "strokes": strokes,
        },
        "status": "submitted",
        "client": {"revision": 1, "updated_at": _timestamp(n, 35)},
    }
    return Inspection(doc, photos)


def make_day(
    seed: int = 2021, scale: float = 1.0, inspector: str = INSPECTOR, county_code: str = COUNTY
) -> Day:
    rng = random.Random(seed)
    count = max(1, round(DAY_INSPECTIONS * scale))
    template = make_template("bench-checklist", items=TEMPLATE_ITEMS)
    venues = [
        make_venue(f"bench-venue-{n}", county_code, random.Random(seed + n)) for n in range(count)
    ]
    inspections = [
        _inspection(rng, n, template, venues[n]["venue_id"], inspector, county_code)
        for n in range(count)
    ]
    return Day(template, venues, inspections)
