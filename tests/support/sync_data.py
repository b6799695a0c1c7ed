"""Realistic sync data for tests and benchmarks: venues, inspections, photos, accounts and tokens.

Used by the sync tests, ``make bench`` and the fault-injection tests, so that they build the same
documents the protocol expects. Templates come from tests/support/templates.py.
"""

from __future__ import annotations

import hashlib
import io
import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.common.client_address import proxy_options
from services.common.couch import Couch
from services.common.settings import Settings

VENUE_TYPES = ["bank", "railway_station", "bus_station", "airport", "hospital", "shop",
               "service_hall", "telecom_postal", "cultural_venue"]


def template_item_ids(template: dict[str, Any]) -> list[str]:
    return [item["id"] for section in template["sections"] for item in section["items"]]


def make_venue(venue_id: str, county_code: str, rng: random.Random | None = None) -> dict[str, Any]:
    rng = rng or random.Random(venue_id)
    return {"_id": f"venue:{venue_id}", "type": "venue", "venue_id": venue_id,
            "venue_type": rng.choice(VENUE_TYPES), "county_code": county_code,
            "name": {"zh": f"示例拉萨{rng.randint(1, 99)}号服务网点", "bo": "དཔེ་མཚོན་ཞབས་ཞུ་ཁང་"},
            "address": f"拉萨市城关区北京中路{rng.randint(1, 400)}号",
            "gps": {"lat": round(29.6 + rng.random() / 10, 6), "lon": round(91.1 + rng.random() / 10, 6)},
            "operator": "示例服务有限公司", "contact": f"0891-555{rng.randint(1000, 9999)}",
            "updated_at": "2026-04-01T08:00:00Z"}


def make_inspection(venue_id: str, county_code: str, inspector: str, template: dict[str, Any],
                    photos: list[str] | None = None, inspection_id: str | None = None,
                    revision: int = 1) -> dict[str, Any]:
    items = template_item_ids(template)
    answers: dict[str, Any] = {item: {"value": "yes"} for item in items}
    if photos:
        answers[items[0]] = {"value": "no", "note": "无现金窗口", "photos": list(photos)}
    return {
        "_id": inspection_id or str(uuid.uuid4()),
        "type": "inspection",
        "venue_id": venue_id,
        "county_code": county_code,
        "inspector": inspector,
        "template": {"id": template["template_id"], "version": template["version"]},
        "started_at": "2026-05-04T10:15:00+08:00",
        "finished_at": "2026-05-04T10:52:30+08:00",
        "gps": {"lat": 29.652, "lon": 91.1721, "accuracy_m": 12.5},
        "answers": answers,
        "signature": {
            "name": "次仁",
            "signed_at": "2026-05-04T10:50:00+08:00",
            "pad": {"width": 600, "height": 200},
            "strokes": [[[10, 20], [11.5, 22], [15, 30]]],
        },
        "status": "submitted",
        "client": {"revision": revision, "updated_at": "2026-05-04T10:52:30+08:00"},
    }


def make_photo(seed: int = 0, size: tuple[int, int] = (640, 480), kind: str = "JPEG") -> bytes:
    """A real photo-like image (noise, so it does not compress away) of the given size."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, kind, **({"quality": 85} if kind == "JPEG" else {}))
    return out.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def seed(couch: Couch, short: str, docs: list[dict[str, Any]]) -> list[dict]:
    results = couch.db(short).bulk(docs)
    errors = [r for r in results if r.get("error")]
    if errors:
        raise RuntimeError(f"seeding {short} failed: {errors[:3]}")
    return results


# A hash no password matches (argon2 needs a real one to verify; tests sign in through the API when
# they need a password).
_NO_PASSWORD = "$argon2id$v=19$m=65536,t=3,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


def ensure_account(settings: Settings, name: str, role: str, jurisdiction: Jurisdiction) -> None:
    """The account a test token stands for: the services refuse tokens of absent accounts."""
    couch = Couch(settings)
    try:
        couch.db("users").put({"_id": f"user:{name}", "type": "user", "name": name, "role": role,
                               "jurisdiction": jurisdiction.as_dict(), "password_hash": _NO_PASSWORD,
                               "active": True, "created_at": "2026-01-01T00:00:00Z",
                               "updated_at": "2026-01-01T00:00:00Z"})  # None: it exists already
    finally:
        couch.close()


def token_for(settings: Settings, name: str, role: str = "inspector", level: str = "county",
              codes: tuple[str, ...] = ("540102",), **kwargs: Any) -> str:
    jurisdiction = Jurisdiction(level, codes)
    ensure_account(settings, name, role, jurisdiction)
    token, _ = issue_token(settings, name, role, jurisdiction, **kwargs)
    return token


def bearer(settings: Settings, name: str, **kwargs: Any) -> dict[str, str]:
    return {"authorization": f"Bearer {token_for(settings, name, **kwargs)}"}


@contextmanager
def running_service(app: Any, port: int | None = None, trusted_proxies: str = "") -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port in a thread; yield its base URL; stop it afterwards.

    As the launchers run the services, no forwarded header is believed unless ``trusted_proxies``
    names the peer."""
    import uvicorn

    from deploy.local_suite.ports import HOST, free_port

    proxies = proxy_options(trusted_proxies)
    config = uvicorn.Config(app, host=HOST, port=port or free_port(), log_level="warning", lifespan="off",
                            **proxies)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sync service did not start")
        time.sleep(0.05)
    try:
        yield f"http://{HOST}:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
