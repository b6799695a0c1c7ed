"""The venue registry's rules: import (dry run, all-or-nothing or good rows only), listing, changes."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas.rules.jurisdiction import Jurisdiction
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.reach import county_selector
from services.common.schemas import schema_errors
from services.venues.csv_import import parse

COMPARED = ("venue_type", "county_code", "name", "address", "gps", "operator", "contact")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _stored(couch: Couch, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    answer = couch.http.post(f"/{couch.name('venues')}/_all_docs", params={"include_docs": "true"},
                             json={"keys": ids})
    answer.raise_for_status()
    return {row["id"]: row["doc"] for row in answer.json()["rows"] if row.get("doc")}


def import_csv(couch: Couch, raw: bytes, *, dry_run: bool = True, only_good_rows: bool = False) -> dict:
    """Import venues from CSV bytes.

    Rule: a file with any refused row imports nothing (``import_refused``) unless the caller asks
    for ``only_good_rows``; ``dry_run`` reports what would happen and writes nothing. Rows equal to
    the stored venue are left alone, so a rerun writes nothing.
    """
    parsed = parse(raw)
    refused = list(parsed.refused)
    stored = _stored(couch, [f"venue:{v['venue_id']}" for v in parsed.venues])
    by_id_elsewhere = _same_place_under_other_id(couch, parsed.venues)
    now, writes, unchanged = _now(), [], 0
    for venue in parsed.venues:
        row = venue.pop("_row")
        doc_id = f"venue:{venue['venue_id']}"
        clash = by_id_elsewhere.get(venue["venue_id"])
        if clash:
            refused.append({"row": row, "reasons": [f"duplicate: the registry already has this venue as {clash}"]})
            continue
        old = stored.get(doc_id)
        if old and all(old.get(k) == venue.get(k) for k in COMPARED):
            unchanged += 1
            continue
        doc = {"_id": doc_id, "type": "venue", **venue, "updated_at": now}
        if old:
            doc["_rev"] = old["_rev"]
        errors = schema_errors("venue", doc)
        if errors:
            refused.append({"row": row, "reasons": [f"{e['path']}: {e['message']}" for e in errors]})
            continue
        writes.append(doc)
    refused.sort(key=lambda r: r["row"])
    report = {"dry_run": dry_run, "rows_ok": len(writes) + unchanged, "to_write": len(writes),
              "unchanged": unchanged, "refused": refused, "written": 0}
    if refused and not only_good_rows and not dry_run:
        raise KoraError("import_refused", f"{len(refused)} row(s) refused; fix them or import only the good rows",
                        refused=refused)
    if dry_run or not writes:
        return report
    answer = couch.http.post(f"/{couch.name('venues')}/_bulk_docs", json={"docs": writes})
    answer.raise_for_status()
    conflicts = [r["id"] for r in answer.json() if r.get("error")]
    report["written"] = len(writes) - len(conflicts)
    report["conflicts"] = conflicts
    return report


def _same_place_under_other_id(couch: Couch, venues: list[dict]) -> dict[str, str]:
    """Venues whose type, county, name and address match a stored venue with a different id."""
    counties = sorted({v["county_code"] for v in venues})
    if not counties:
        return {}
    existing = _find(couch, {"type": "venue", "county_code": {"$in": counties}})
    key = lambda d: (d["venue_type"], d["county_code"], d["name"].get("zh"), d["address"])
    index = {key(d): d["venue_id"] for d in existing}
    return {v["venue_id"]: index[key(v)] for v in venues
            if key(v) in index and index[key(v)] != v["venue_id"]}


def _find(couch: Couch, selector: dict) -> list[dict]:
    docs, bookmark = [], None
    while True:
        body = {"selector": selector, "limit": 1000}
        if bookmark:
            body["bookmark"] = bookmark
        answer = couch.http.post(f"/{couch.name('venues')}/_find", json=body)
        answer.raise_for_status()
        page = answer.json()
        docs.extend(page["docs"])
        if len(page["docs"]) < 1000:
            return docs
        bookmark = page.get("bookmark")


def list_venues(couch: Couch, jurisdiction: Jurisdiction) -> list[dict]:
    docs = _find(couch, {"type": "venue", **county_selector(jurisdiction)})
    return sorted((d for d in docs if jurisdiction.covers(d["county_code"])), key=lambda d: d["venue_id"])
