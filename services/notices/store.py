"""The notices database: the one module that reads and writes notice documents.

A notice's ``_id`` is ``notice:<number>``. The sync pull reads the notices of a user's reach
through ``in_reach_since``; the portal finds one by its number.
"""

from __future__ import annotations

from typing import Any

from services.common.auth import Principal
from services.common.couch import Couch
from services.common.reach import ScopedChanges, changes_in_reach

DB = "notices"
# What a phone receives of a notice: enough to plan a re-inspection, nothing of the business's answers.
SUMMARY_FIELDS = ("_id", "number", "venue_id", "county_code", "inspection_id", "status", "deadline",
                  "issued_at", "answered_at", "closed_at")


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in SUMMARY_FIELDS if k in doc}


def by_number(couch: Couch, number: str) -> dict[str, Any] | None:
    doc = couch.db(DB).get(f"notice:{number}")
    return doc if doc is not None and doc.get("type") == "notice" else None


def in_reach_since(couch: Couch, principal: Principal, since: str | None, limit: int) -> ScopedChanges:
    """Summaries of the notices a user reaches that changed after ``since`` (all when None)."""
    return changes_in_reach(couch.db(DB), principal, "notice", since, limit, summary)
