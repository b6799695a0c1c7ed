"""Tibet's prefectures and counties: the data in schemas/regions/regions.json, its seed step, and
what changed for a phone. They live in the catalog database beside the templates."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from services.catalog.service import DB
from services.common.couch import Couch, current_docs
from services.common.reach import slim
from services.common.schemas import validate

REGIONS_FILE = Path(__file__).resolve().parents[2] / "schemas" / "regions" / "regions.json"


@lru_cache(maxsize=1)
def regions() -> tuple[dict, ...]:
    return tuple(json.loads(REGIONS_FILE.read_text(encoding="utf-8"))["regions"])


def county_codes() -> frozenset[str]:
    return frozenset(r["code"] for r in regions() if r["level"] == "county")


def region_documents() -> list[dict]:
    docs = []
    for region in regions():
        doc = {"_id": f"region:{region['code']}", "type": "region", **region}
        validate("region", doc)
        docs.append(doc)
    return docs


def seed_regions(couch: Couch) -> str:
    """Write the region docs to catalog; docs already equal are left alone."""
    wanted = region_documents()
    stored = couch.db(DB).all_docs([d["_id"] for d in wanted])
    writes = []
    for doc in wanted:
        old = stored.get(doc["_id"])
        if old is not None:
            if {k: v for k, v in old.items() if k != "_rev"} == doc:
                continue
            doc = {**doc, "_rev": old["_rev"]}
        writes.append(doc)
    couch.db(DB).bulk(writes)
    return f"regions: {len(wanted)} in catalog, {len(writes)} written"


def regions_changed_since(couch: Couch, since: str | None, limit: int) -> tuple[list[dict], str, bool]:
    """Region documents that changed after ``since`` (all of them when None): (docs, seq, more).

    The feed is read unfiltered and the regions kept here: on CouchDB 3 a ``_selector`` read spells
    its position differently from an unfiltered one, which the sync worker's follower of this
    database could then never recognise (services/common/changes_follower.py).
    """
    db = couch.db(DB)
    if since is None:
        seq = db.update_seq()
        return [slim(d) for d in db.find_all({"type": "region"})], seq, False
    rows, seq, more = db.changes(since, limit)
    return [slim(doc) for doc in current_docs(rows) if doc.get("type") == "region"], seq, more
