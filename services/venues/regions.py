"""Tibet's prefectures and counties: the data in schemas/regions/regions.json and its seed step."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from services.common.couch import Couch
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
    db = couch.name("catalog")
    wanted = region_documents()
    answer = couch.http.post(f"/{db}/_all_docs", params={"include_docs": "true"},
                             json={"keys": [d["_id"] for d in wanted]})
    answer.raise_for_status()
    stored = {row["id"]: row["doc"] for row in answer.json()["rows"] if row.get("doc")}
    writes = []
    for doc in wanted:
        old = stored.get(doc["_id"])
        if old is not None:
            if {k: v for k, v in old.items() if k != "_rev"} == doc:
                continue
            doc = {**doc, "_rev": old["_rev"]}
        writes.append(doc)
    if writes:
        couch.http.post(f"/{db}/_bulk_docs", json={"docs": writes}).raise_for_status()
    return f"regions: {len(wanted)} in catalog, {len(writes)} written"
