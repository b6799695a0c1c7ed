"""The notices database: the one module that reads and writes notice documents.

A notice's ``_id`` is ``notice:<number>``. The sync pull reads the notices of a user's reach
through ``in_reach_since``; the portal finds one by its number.
"""

from __future__ import annotations

from typing import Any

from services.common.auth import Principal
from services.common.couch import Couch
from services.common.reach import ScopedChanges, changes_in_reach, county_selector

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


def for_inspection(couch: Couch, inspection_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(notice requests, notices) made from one inspection."""
    docs = couch.db(DB).find_all({"type": {"$in": ["notice_request", "notice"]}, "inspection_id": inspection_id})
    return ([d for d in docs if d["type"] == "notice_request"],
            [summary(d) for d in docs if d["type"] == "notice"])


def open_in_reach(couch: Couch, principal: Principal) -> list[dict[str, Any]]:
    """Summaries of the notices of a user's reach that are not closed, soonest deadline first."""
    selector = {"type": "notice", **county_selector(principal.jurisdiction), "deadline": {"$gt": None}}
    docs = couch.db(DB).find_all(selector)
    return sorted((summary(d) for d in docs if d.get("status") != "closed" and principal.can_reach(d["county_code"])),
                  key=lambda d: d.get("deadline", ""))


def rectification_by_county(couch: Couch) -> list[dict[str, Any]]:
    """Rows of the notices' review/rectification view, grouped: closed ones per county as
    ``[days to close, closed on time, count]``, open ones per county and deadline as ``[0, 0, count]``."""
    return couch.db(DB).view("review", "rectification", group=True)
