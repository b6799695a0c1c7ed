"""Reading a venue CSV: encoding detection, columns, and the row-by-row checks.

Columns (header row required): venue_id (optional), venue_type, county_code, name_zh, name_bo
(optional), address, lat, lon (both or neither), operator, contact.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from services.catalog.regions import county_codes
from services.common.errors import KoraError

COLUMNS = ["venue_id", "venue_type", "county_code", "name_zh", "name_bo", "address", "lat", "lon",
           "operator", "contact"]
REQUIRED_COLUMNS = {"venue_type", "county_code", "name_zh", "address", "operator", "contact"}
VENUE_TYPES = {"bank", "railway_station", "bus_station", "airport", "hospital", "shop",
               "service_hall", "telecom_postal", "cultural_venue"}
LAT_RANGE, LON_RANGE = (26.5, 36.5), (78.2, 99.2)
VENUE_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")
MAX_ROWS = 20000


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030; anything else is refused."""
    if b"\x00" in raw:
        raise KoraError("invalid_csv", "the file contains NUL bytes: it is not a text CSV")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KoraError("invalid_csv", "the file is neither UTF-8 nor GB18030 text")


@dataclass
class ParsedCsv:
    venues: list[dict] = field(default_factory=list)  # venue fields without _id/_rev/updated_at
    refused: list[dict] = field(default_factory=list)  # {"row": n, "reasons": [...]}


def stable_id(venue_type: str, county_code: str, name_zh: str, address: str) -> str:
    digest = hashlib.sha256(f"{venue_type}|{county_code}|{name_zh}|{address}".encode()).hexdigest()
    return f"{county_code}-{digest[:16]}"


def parse(raw: bytes) -> ParsedCsv:
    text = decode(raw)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        raise KoraError("invalid_csv", f"the header lacks the columns {', '.join(sorted(missing))}",
                        columns=COLUMNS)
    reader.fieldnames = header
    known = county_codes()
    result, seen = ParsedCsv(), {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            raise KoraError("invalid_csv", f"more than {MAX_ROWS} rows")
        cell = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
        reasons, venue = check_row(cell, known)
        if venue is not None:
            first = seen.get(venue["venue_id"])
            if first is not None:
                reasons.append(f"duplicate: same venue as row {first}")
            else:
                seen[venue["venue_id"]] = number
        if reasons:
            result.refused.append({"row": number, "reasons": reasons})
        else:
            venue["_row"] = number
            result.venues.append(venue)
    return result


def check_row(cell: dict, known: frozenset[str]) -> tuple[list[str], dict | None]:
    reasons = []
    if not cell.get("name_zh"):
        reasons.append("missing name: name_zh is empty")
    if cell.get("venue_type") not in VENUE_TYPES:
        reasons.append(f"bad type: {cell.get('venue_type')!r} is not one of {', '.join(sorted(VENUE_TYPES))}")
    if cell.get("county_code") not in known:
        reasons.append(f"unknown county: {cell.get('county_code')!r} is not a county of Tibet")
    for column in ("address", "operator", "contact"):
        if not cell.get(column):
            reasons.append(f"missing {column}")
    for column, limit in (("name_zh", 200), ("name_bo", 400), ("address", 300), ("operator", 200), ("contact", 100)):
        if len(cell.get(column, "")) > limit:
            reasons.append(f"{column} is longer than {limit} characters")
    gps = None
    lat, lon = cell.get("lat", ""), cell.get("lon", "")
    if lat or lon:
        try:
            gps = {"lat": float(lat), "lon": float(lon)}
            if not (LAT_RANGE[0] <= gps["lat"] <= LAT_RANGE[1] and LON_RANGE[0] <= gps["lon"] <= LON_RANGE[1]):
                reasons.append(f"bad coordinate: {lat},{lon} is outside Tibet (lat 26.5-36.5, lon 78.2-99.2)")
        except ValueError:
            reasons.append(f"bad coordinate: {lat!r},{lon!r} are not two numbers")
    venue_id = cell.get("venue_id") or ""
    if venue_id and not VENUE_ID.fullmatch(venue_id):
        reasons.append("bad venue_id: use 3-64 lowercase letters, digits and hyphens")
    if reasons:
        return reasons, None
    venue = {
        "venue_id": venue_id or stable_id(cell["venue_type"], cell["county_code"], cell["name_zh"], cell["address"]),
        "venue_type": cell["venue_type"],
        "county_code": cell["county_code"],
        "name": {"zh": cell["name_zh"], **({"bo": cell["name_bo"]} if cell.get("name_bo") else {})},
        "address": cell["address"],
        "operator": cell["operator"],
        "contact": cell["contact"],
    }
    if gps:
        venue["gps"] = gps
    return reasons, venue
