"""The notices database: the one module that reads and writes its documents.

    notice:<number>                 a rectification notice, its PDF attached as notice.pdf
    notice_request:<uuid>           a supervisor's request for a notice (written by the review pages)
    counter:<prefecture>-<year>     the last number issued in a prefecture and year (numbering.py)
    answer:<number>:<item id>       a business's answer to one finding, its photo attached
    guesses:<kind>:<key>            failed portal look-ups of an address or a number (guesses.py)
    _local/checkpoint-<feed>        where the worker stands in a _changes feed

The sync pull reads the notices of a user's reach through ``in_reach_since``; the portal finds one
by its number.
"""

from __future__ import annotations

import base64
from typing import Any

from services.common.auth import Principal
from services.common.couch import Couch, current_docs
from services.common.position_cache import PositionCache
from services.common.reach import ScopedChanges, changes_in_reach, county_selector

DB = "notices"
PDF_NAME = "notice.pdf"
# What a phone receives of a notice: enough to plan a re-inspection, nothing of the business's answers.
SUMMARY_FIELDS = ("_id", "number", "venue_id", "county_code", "inspection_id", "template", "status",
                  "deadline", "issued_at", "answered_at", "closed_at", "superseded_by", "outcomes")
OPEN_STATUSES = ("issued", "answered", "overdue")
_read_at = PositionCache()  # open notices by reach, per worker


def summary(doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: doc[k] for k in SUMMARY_FIELDS if k in doc}
    out["item_ids"] = [f["item_id"] for f in doc.get("findings", [])]
    return out


# -- any document of the database ------------------------------------------------------------------

def get(couch: Couch, doc_id: str) -> dict[str, Any] | None:
    return couch.db(DB).get(doc_id)


def put(couch: Couch, doc: dict[str, Any]) -> dict[str, Any] | None:
    """Write with the ``_rev`` the caller read; the stored copy, or None when someone else wrote first."""
    return couch.db(DB).put(doc)


# -- notices ---------------------------------------------------------------------------------------

def notice_id(number: str) -> str:
    return f"notice:{number}"


def by_number(couch: Couch, number: str) -> dict[str, Any] | None:
    doc = couch.db(DB).get(notice_id(number))
    return doc if doc is not None and doc.get("type") == "notice" else None


def create_notice(couch: Couch, notice: dict[str, Any], pdf: bytes) -> dict[str, Any] | None:
    """Store a new notice and its PDF in one request, so neither exists without the other.
    None when a notice with this id exists already."""
    attachment = {"content_type": "application/pdf", "data": base64.b64encode(pdf).decode("ascii")}
    stored = couch.db(DB).put({**notice, "_attachments": {PDF_NAME: attachment}})
    if stored is None:
        return None
    return {**stored, "_attachments": {PDF_NAME: {"content_type": "application/pdf", "stub": True}}}


def pdf(couch: Couch, number: str) -> bytes | None:
    return couch.db(DB).get_attachment(notice_id(number), PDF_NAME)


def notices_of_inspection(couch: Couch, inspection_id: str) -> list[dict[str, Any]]:
    return couch.db(DB).find_all({"type": "notice", "inspection_id": inspection_id})


def open_notices(couch: Couch) -> list[dict[str, Any]]:
    """Notices not yet closed or superseded (the overdue job's work list)."""
    return couch.db(DB).find_all({"type": "notice", "status": {"$in": list(OPEN_STATUSES)}})


def in_reach_since(couch: Couch, principal: Principal, since: str | None, limit: int) -> ScopedChanges:
    """Summaries of the notices a user reaches that changed after ``since`` (all when None)."""
    return changes_in_reach(couch.db(DB), principal, "notice", since, limit, summary)


# -- requests --------------------------------------------------------------------------------------

def request_changes(couch: Couch, since: str, limit: int) -> tuple[list[dict], str, bool]:
    """Changed notice requests after ``since`` (CouchDB filters by type): (docs, seq, more)."""
    rows, seq, more = couch.db(DB).changes(since, limit, selector={"type": "notice_request"})
    return current_docs(rows), seq, more


def unfinished_requests(couch: Couch) -> list[dict[str, Any]]:
    return couch.db(DB).find_all({"type": "notice_request", "status": {"$in": ["pending", "claimed"]}})


# -- answers ---------------------------------------------------------------------------------------

def answer_id(number: str, item_id: str) -> str:
    return f"answer:{number}:{item_id}"


def answers_of(couch: Couch, number: str) -> list[dict[str, Any]]:
    prefix = f"answer:{number}:"
    return couch.db(DB).id_range(prefix, prefix + "\ufff0")


def put_answer(couch: Couch, answer: dict[str, Any], photo: bytes | None, content_type: str | None,
               photo_name: str | None) -> dict[str, Any] | None:
    """Write an answer and its photo in one request (earlier photos stay attached); None on a conflict."""
    doc = dict(answer)
    if photo is not None and photo_name and content_type:
        doc["_attachments"] = {**doc.get("_attachments", {}),
                               photo_name: {"content_type": content_type,
                                            "data": base64.b64encode(photo).decode("ascii")}}
    return couch.db(DB).put(doc)


def answer_photo(couch: Couch, number: str, item_id: str, photo_name: str) -> bytes | None:
    return couch.db(DB).get_attachment(answer_id(number, item_id), photo_name)


# -- checkpoints -----------------------------------------------------------------------------------

def checkpoint(couch: Couch, feed: str) -> dict[str, Any]:
    """Where the worker stands in a feed: {"_id", "seq", "_rev"?}; seq "0" the first time."""
    return couch.db(DB).get(f"_local/checkpoint-{feed}") or {"_id": f"_local/checkpoint-{feed}", "seq": "0"}


def save_checkpoint(couch: Couch, doc: dict[str, Any], seq: str) -> None:
    # A conflict means another replica saved its own position meanwhile: keep theirs. Either way
    # every request and re-inspection is handled idempotently, so reading some again costs little.
    couch.db(DB).put({**doc, "seq": seq})
def for_inspection(couch: Couch, inspection_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(notice requests, notices) made from one inspection."""
    docs = couch.db(DB).find_all({"type": {"$in": ["notice_request", "notice"]}, "inspection_id": inspection_id})
    return ([d for d in docs if d["type"] == "notice_request"],
            [summary(d) for d in docs if d["type"] == "notice"])
def open_in_reach(couch: Couch, principal: Principal, at: str | None = None) -> list[dict[str, Any]]:
    """Summaries of the notices of a user's reach that are not closed, soonest deadline first.

    ``at``: a position the caller has just seen the notices database at (services/common/
    position_cache.py); the same reach read by this worker at that position is not read again."""
    if at is None:
        return _open_in_reach(couch, principal)
    reach = (principal.jurisdiction.level, tuple(sorted(principal.jurisdiction.codes)))
    held = _read_at.read_through(couch.name(DB), at, [reach],
                                 lambda missing: {reach: _open_in_reach(couch, principal)})
    return [dict(notice) for notice in held[reach]]


def _open_in_reach(couch: Couch, principal: Principal) -> list[dict[str, Any]]:
    selector = {"type": "notice", **county_selector(principal.jurisdiction), "deadline": {"$gt": None}}
    docs = couch.db(DB).find_all(selector)
    return sorted((summary(d) for d in docs if d.get("status") != "closed" and principal.can_reach(d["county_code"])),
                  key=lambda d: d.get("deadline", ""))
def rectification_by_county(couch: Couch) -> list[dict[str, Any]]:
    """Rows of the notices' review/rectification view, grouped: closed ones per county as
    ``[days to close, closed on time, count]``, open ones per county and deadline as ``[0, 0, count]``."""
    return couch.db(DB).view("review", "rectification", group=True)
