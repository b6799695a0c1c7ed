"""A realistic inspector's day, generated from a fixed seed: inspections with answers and noisy JPEG photos.

Photos are real JPEGs of random noise (Pillow) so they do not compress away on the wire, about
150 kB each. ``scale`` (0 < scale <= 1) keeps that fraction of the day's inspections (at least one),
so slow links can be measured in bounded time; the scale is reported with every figure.
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from dataclasses import dataclass

from PIL import Image

DAY_INSPECTIONS = 12
PHOTO_TARGET_BYTES = 150_000


@dataclass(frozen=True)
class Inspection:
    doc: dict
    photos: dict[str, bytes]  # sha256 hex -> JPEG bytes

    @property
    def photo_bytes(self) -> int:
        return sum(len(b) for b in self.photos.values())


def noisy_jpeg(rng: random.Random, target: int = PHOTO_TARGET_BYTES) -> bytes:
    """A JPEG of random noise whose size is close to ``target`` bytes (noise at quality 75 is ~0.9 B/px)."""
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


def make_day(seed: int = 2021, scale: float = 1.0, inspector: str = "bench-inspector",
             county_code: str = "540102", venue_id: str = "bench-venue") -> list[Inspection]:
    rng = random.Random(seed)
    count = max(1, round(DAY_INSPECTIONS * scale))
    day = []
    for n in range(count):
        answers = {f"item-{i:02d}": rng.choice(["yes", "no", "partly", "n/a"]) for i in range(rng.randint(40, 60))}
        photos = {}
        for _ in range(rng.randint(2, 4)):
            data = noisy_jpeg(rng)
            photos[hashlib.sha256(data).hexdigest()] = data
        doc = {
            "_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "type": "inspection",
            "venue_id": f"{venue_id}-{n}",
            "county_code": county_code,
            "inspector": inspector,
            "template": {"id": "bench", "version": 1},
            "status": "submitted",
            "answers": answers,
            "photos": sorted(photos),
        }
        day.append(Inspection(doc, photos))
    return day
