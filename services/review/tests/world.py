"""A small review world on the real CouchDB-protocol server: a template, venues in two
prefectures, accounts, and inspections stored through the sync push (so they carry a summary)."""

from __future__ import annotations

import hashlib
import random
import uuid
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.common.couch import Couch
from services.inspections import store as inspections
from services.review.demo.generate import photo_bytes
from services.sync.push.service import push
from services.users import service as users
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template

CHENGGUAN, DUILONG, GERZE = "540102", "540103", "542526"
PHOTO = photo_bytes(7)
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()
PASSWORDS = {"lhasa.sup": "Lhasa-test-2026", "admin": "Potala-test-2026", "gerze.sup": "Gerze-test-2026"}


def template() -> dict[str, Any]:
    doc = make_template("bank-basic", 1, items=12)
    doc["sections"][0]["items"][0]["severity"] = "critical"
    doc["sections"][0]["items"][1]["answer"] = {"kind": "count", "min": 0, "pass_at_least": 2}
    return doc


def inspector(name: str, county: str) -> Principal:
    return Principal(name, "inspector", Jurisdiction("county", (county,)))


def build(couch: Couch) -> dict[str, Any]:
    tpl = template()
    venues = [
        make_venue(f"v-{c}-{n}", c, random.Random(f"{c}{n}")) for c in (CHENGGUAN, DUILONG, GERZE) for n in range(2)
    ]
    for v in venues:
        v["venue_type"] = "bank"
    venues[1]["name"]["zh"] = "<script>alert(1)</script>银行"
    seed(couch, "catalog", [tpl])
    seed(couch, "venues", venues)
    for name, role, level, codes in (("lhasa.sup", "supervisor", "prefecture", ["540100"]),
                                     ("admin", "administrator", "region", []),
                                     ("gerze.sup", "supervisor", "county", [GERZE])):
        users.create_user(couch, {"name": name, "password": PASSWORDS[name], "role": role,
                                  "jurisdiction": {"level": level, "codes": codes}})
    ids = []
    for n, venue in enumerate(venues):
        who = "dawa" if venue["county_code"] != GERZE else "pema"
        doc = make_inspection(venue["venue_id"], venue["county_code"], who, tpl, inspection_id=str(uuid.uuid4()))
        day = 10 + n
        doc["finished_at"] = f"2026-05-{day:02d}T10:52:30+08:00"
        if n % 2 == 0:
            doc["answers"]["item-01"] = {"value": "no", "note": "<b>没有</b>现金窗口"}
        if n == 0:
            doc["answers"]["item-01"]["photos"] = [PHOTO_SHA]
        doc["answers"]["item-02"] = {"value": 1 if n % 3 == 0 else 3}
        result = push(couch, inspector(who, venue["county_code"]), [{"doc": doc, "base_rev": None}])
        assert result[0]["result"] == "accepted", result
        if n == 0:
            inspections.attach_photo(couch, doc["_id"], result[0]["rev"], PHOTO_SHA, PHOTO, "image/jpeg")
        ids.append(doc["_id"])
    return {"template": tpl, "venues": venues, "ids": ids}
