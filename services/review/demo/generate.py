"""Fictional inspections as a phone would fill them: valid answers for every item kind, findings
at a chosen rate, a drawn signature. Pure (no database); used by the demo seed and the bench."""

from __future__ import annotations

import io
import math
import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from schemas.rules.answers import is_finding
from schemas.rules.photo_rule import needs_photo
from schemas.rules.template import items

NAMESPACE = uuid.UUID("6f1c2a52-3b7d-4c1e-9a0b-5d4e3f2a1b0c")
LHASA_TIME = timezone(timedelta(hours=8))
NOTES = ["未设置现金服务窗口", "老年人引导员不在岗", "纸质表格已用完", "无障碍通道被占用", "工作人员只提供手机办理"]


def demo_id(label: str) -> str:
    return str(uuid.uuid5(NAMESPACE, label))


def photo_bytes(seed: int = 0) -> bytes:
    """A small real JPEG (a coloured gradient) to stand for a photo of a failure."""
    from PIL import Image

    rng = random.Random(seed)
    base = (rng.randrange(120, 230), rng.randrange(80, 200), rng.randrange(60, 180))
    image = Image.new("RGB", (320, 240), base)
    for x in range(0, 320, 8):
        for y in range(0, 240, 8):
            shade = int(40 * math.sin((x + y) / 40))
            image.paste(tuple(max(0, min(255, c + shade)) for c in base), (x, y, x + 8, y + 8))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _value(item: dict[str, Any], fail: bool, rng: random.Random) -> Any:
    spec = item.get("answer", {})
    kind = spec.get("kind")
    if kind == "yes_no_na":
        return "no" if fail else rng.choice(["yes"] * 9 + ["na"])
    if kind == "count":
        floor = max(spec.get("min", 0), spec.get("pass_at_least", 0))
        return max(spec.get("min", 0), floor - 1) if fail and floor > spec.get("min", 0) else floor + rng.randrange(3)
    if kind == "choice":
        choices = [c["value"] for c in spec.get("choices", [])]
        failing = [c for c in choices if c in spec.get("fails_on", ())]
        passing = [c for c in choices if c not in failing] or choices
        return {"choice": rng.choice(failing if fail and failing else passing)}
    return {"text": "现场情况良好，老年人服务措施落实。"}


def signature(rng: random.Random) -> list[list[list[float]]]:
    strokes = []
    for s in range(3):
        x0, y0 = 60 + s * 160, 100 + rng.randrange(-20, 20)
        strokes.append([[round(x0 + t * 6, 1), round(y0 + 35 * math.sin(t / 3 + s), 1)] for t in range(22)])
    return strokes


def inspection(template: dict[str, Any], venue: dict[str, Any], inspector: str, finished: datetime,
               fail_rate: float, rng: random.Random, label: str, photo_sha: str | None) -> dict[str, Any]:
    """A submitted inspection of ``venue`` against ``template`` finished at ``finished`` (UTC)."""
    answers: dict[str, Any] = {}
    started = finished - timedelta(minutes=rng.randrange(20, 60))
    for _, item in items(template):
        value = _value(item, rng.random() < fail_rate, rng)
        answer: dict[str, Any] = {"value": value}
        if is_finding(item, value):
            answer["note"] = rng.choice(NOTES)
        if needs_photo(item, value):
            answer["photos"] = [photo_sha] if photo_sha else []
        answers[item["id"]] = answer
    local = finished.astimezone(LHASA_TIME)
    return {"_id": demo_id(label), "type": "inspection", "venue_id": venue["venue_id"],
            "county_code": venue["county_code"], "inspector": inspector,
            "template": {"id": template["template_id"], "version": template["version"]},
            "started_at": started.astimezone(LHASA_TIME).isoformat(timespec="seconds"),
            "finished_at": local.isoformat(timespec="seconds"),
            "gps": {"lat": round(29.6 + rng.random(), 5), "lon": round(91.0 + rng.random(), 5), "accuracy_m": 10},
            "answers": answers,
            "signature": {"name": rng.choice(["次仁", "卓玛", "扎西", "格桑"]), "role": "负责人",
                          "signed_at": local.isoformat(timespec="seconds"), "pad": {"width": 600, "height": 200},
                          "strokes": signature(rng)},
            "status": "submitted", "client": {"revision": 1, "updated_at": local.isoformat(timespec="seconds")}}
