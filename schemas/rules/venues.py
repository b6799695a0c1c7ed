"""A venue added on the spot: its id, what the phone sends, and what makes it unacceptable.

The phone checks a venue the inspector adds with ``new_venue_problems`` before storing it; the
server checks what arrives with the same function (and schemas/new_venue.schema.json, whose
limits are the registry's: schemas/venue.schema.json), so the phone refuses what the server
would. The digest says whether a re-sent venue is the one the server holds.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any

VENUE_TYPES = ("bank", "railway_station", "bus_station", "airport", "hospital", "shop",
               "service_hall", "telecom_postal", "cultural_venue")
FIELD_ID = re.compile(r"field-[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
COUNTY_CODE = re.compile(r"54\d{4}")
LIMITS = {"name_zh": 200, "name_bo": 400, "address": 300, "operator": 200, "contact": 100}
LAT_RANGE, LON_RANGE = (26.5, 36.5), (78.2, 99.2)  # Tibet's bounding box, as the registry has it
PHONE_FIELDS = ("venue_id", "venue_type", "county_code", "name", "address", "gps", "operator", "contact")


def new_field_id() -> str:
    """A venue id made on the phone: in the registry's id form (a-z 0-9 -), unique without a server."""
    return f"field-{uuid.uuid4()}"


def phone_part(venue: dict[str, Any]) -> dict[str, Any]:
    """What the phone sends of a venue: the fields it owns."""
    return {k: venue[k] for k in PHONE_FIELDS if k in venue}


def field_digest(venue: dict[str, Any]) -> str:
    """SHA-256 of the phone's fields, whatever the key order or number spelling (2.0 == 2)."""
    def normalised(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            return {k: normalised(v) for k, v in value.items()}
        return value

    canonical = json.dumps(normalised(phone_part(venue)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _text_problem(value: Any, limit: int, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        return "must not be empty"
    if len(value) > limit:
        return f"is longer than {limit} characters"
    return None


def _gps_problems(gps: Any) -> list[dict[str, str]]:
    if gps is None:
        return []
    if not isinstance(gps, dict) or set(gps) != {"lat", "lon"}:
        return [{"path": "/gps", "reason": "must be {lat, lon} and nothing else"}]
    out = []
    for key, (low, high) in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        value = gps[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            out.append({"path": f"/gps/{key}", "reason": f"must be a number from {low} to {high} (inside Tibet)"})
    return out


def new_venue_problems(venue: Any) -> list[dict[str, str]]:
    """Why ``venue`` (as the phone sends it) cannot be added, each with its JSON pointer; [] when it can.

    Whether the county exists and is the inspector's is for the caller to say (it knows the regions
    and the reach)."""
    if not isinstance(venue, dict):
        return [{"path": "/", "reason": "a new venue is an object"}]
    out = [{"path": f"/{k}", "reason": "is not a field of a new venue"} for k in venue if k not in PHONE_FIELDS]
    if not isinstance(venue.get("venue_id"), str) or not FIELD_ID.fullmatch(venue["venue_id"]):
        out.append({"path": "/venue_id", "reason": "must be field- and a lower-case UUID (made on the phone)"})
    if venue.get("venue_type") not in VENUE_TYPES:
        out.append({"path": "/venue_type", "reason": f"must be one of {', '.join(VENUE_TYPES)}"})
    if not isinstance(venue.get("county_code"), str) or not COUNTY_CODE.fullmatch(venue["county_code"]):
        out.append({"path": "/county_code", "reason": "must be the six-digit code of a county of Tibet"})
    name = venue.get("name")
    if not isinstance(name, dict) or set(name) - {"zh", "bo"}:
        out.append({"path": "/name", "reason": "must be {zh, bo?}"})
    else:
        for language, required in (("zh", True), ("bo", False)):
            problem = _text_problem(name.get(language), LIMITS[f"name_{language}"], required=required)
            if problem:
                out.append({"path": f"/name/{language}", "reason": problem})
    for key, required in (("address", True), ("operator", False), ("contact", False)):
        problem = _text_problem(venue.get(key), LIMITS[key], required=required)
        if problem:
            out.append({"path": f"/{key}", "reason": problem})
    return out + _gps_problems(venue.get("gps"))
