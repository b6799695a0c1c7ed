"""A jurisdiction as a CouchDB Mango condition, so that queries read only what a user reaches.

Ranges rather than ``$regex`` so that the county_code indexes serve them. Callers still check each
document with ``Jurisdiction.covers``: the condition narrows the read, it does not grant access.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.jurisdiction import Jurisdiction


def county_selector(jurisdiction: Jurisdiction) -> dict[str, Any]:
    """A Mango condition on county_code covering exactly the jurisdiction."""
    if jurisdiction.level == "region":
        return {"county_code": {"$gte": "54", "$lt": "55"}}
    if jurisdiction.level == "prefecture":
        ranges = [
            {"county_code": {"$gte": code[:4], "$lt": code[:4] + "\ufff0"}}
            for code in jurisdiction.codes
        ]
        return ranges[0] if len(ranges) == 1 else {"$or": ranges or [{"county_code": None}]}
    return {"county_code": {"$in": list(jurisdiction.codes)}}
