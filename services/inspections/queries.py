"""The review queue: inspections of a jurisdiction, newest first, filtered, a page at a time.

Served by the ``review/queue`` view (services/common/couchdb/inspections/design-review.json),
whose keys are ``[scope, dimension, finished_at, _id]``: scope is a county, a prefecture
(``54xx00``) or the region (``54``); dimension is ``all``, ``s:<status>``, ``t:<venue type>``,
``i:<inspector>`` or ``c:1`` (has critical failures). A page reads one key range per scope of
the reach, descending, and merges them; the next page starts below the last key shown (a cursor
of keys, never ``skip``), so a deep page costs what the first one does. Filters the chosen
dimension does not cover are checked on the rows' values.
"""

from __future__ import annotations

import base64
import heapq
import json
import re
from dataclasses import dataclass, field
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.json_body import parse_json
from services.inspections import statuses
from services.inspections.store import DB

DESIGN = "review"
PAGE_SIZE = 25
BATCH = 200
MAX_BATCHES = 25  # rows read per page at most BATCH * MAX_BATCHES; the cursor says where to go on
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
COUNTY = re.compile(r"^54\d{4}\Z")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}\Z")
HIGH = "\ufff0"


@dataclass(frozen=True)
class Filters:
    county: str | None = None
    venue_type: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    status: str | None = None
    critical: bool = False
    inspector: str | None = None

    def as_params(self) -> dict[str, str]:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, False)}
        if self.critical:
            out["critical"] = "1"
        return out


@dataclass
class QueuePage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int] = field(default_factory=dict)


def parse_filters(params: dict[str, Any]) -> Filters:
    """Filters from query parameters; a value that makes no sense is ``invalid_filter`` (422)."""
    def text(name: str) -> str | None:
        value = params.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str) or len(value) > 64:
            raise KoraError("invalid_filter", f"{name}: not a value this filter takes", parameter=name)
        return value.strip()

    county, venue_type, status, inspector = text("county"), text("venue_type"), text("status"), text("inspector")
    date_from, date_to = text("date_from"), text("date_to")
    if county and not COUNTY.fullmatch(county):
        raise KoraError(
            "invalid_filter", f"county: {county!r} is not a six-digit Tibet county code (54xxxx)", parameter="county"
        )
    if status and status not in statuses.ALL:
        raise KoraError(
            "invalid_filter", f"status: {status!r} is not one of {', '.join(statuses.ALL)}", parameter="status"
        )
    if venue_type and not re.fullmatch(r"[a-z_]{1,40}", venue_type):
        raise KoraError("invalid_filter", f"venue_type: {venue_type!r} is not a venue type", parameter="venue_type")
    if inspector and not NAME.fullmatch(inspector):
        raise KoraError("invalid_filter", f"inspector: {inspector!r} is not a user name", parameter="inspector")
    for name, value in (("date_from", date_from), ("date_to", date_to)):
        if value and not DATE.fullmatch(value):
            raise KoraError("invalid_filter", f"{name}: {value!r} is not a date (YYYY-MM-DD)", parameter=name)
    if date_from and date_to and date_from > date_to:
        raise KoraError("invalid_filter", "date_from is after date_to", parameter="date_from")
    critical = params.get("critical") in ("1", "true", "on", True)
    return Filters(county, venue_type, date_from, date_to, status, critical, inspector)


def scopes(jurisdiction: Jurisdiction, county: str | None) -> list[str]:
    """The view scopes a page reads: the one county asked for, or the reach's own scopes."""
    if county:
        if not jurisdiction.covers(county):
            raise KoraError("forbidden", f"outside your jurisdiction: {county}")
        return [county]
    if jurisdiction.level == "region":
        return ["54"]
    if jurisdiction.level == "prefecture":
        return sorted({c[:4] + "00" for c in jurisdiction.codes})
    return sorted(jurisdiction.codes)


def dimension(filters: Filters) -> str:
    if filters.inspector:
        return f"i:{filters.inspector}"
    if filters.critical:
        return "c:1"
    if filters.status:
        return f"s:{filters.status}"
    if filters.venue_type:
        return f"t:{filters.venue_type}"
    return "all"


def _matches(value: dict[str, Any], f: Filters) -> bool:
    return ((not f.status or value["status"] == f.status)
            and (not f.venue_type or value["venue_type"] == f.venue_type)
            and (not f.inspector or value["inspector"] == f.inspector)
            and (not f.critical or value["critical"] > 0))


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key[2:]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        finished_at, doc_id = parse_json(raw, "The cursor")
        if isinstance(finished_at, str) and isinstance(doc_id, str):
            return finished_at, doc_id
    except (ValueError, TypeError, KoraError):
        pass
    raise KoraError("invalid_filter", "cursor: not a position this queue gave out", parameter="cursor")


def _read_scope(couch: Couch, scope: str, dim: str, start: list[Any], end: list[Any], limit: int) -> list[dict]:
    return couch.db(DB).view(DESIGN, "queue", startkey=[scope, dim, *start], endkey=[scope, dim, *end],
                             descending=True, limit=limit)


def queue_page(couch: Couch, jurisdiction: Jurisdiction, filters: Filters, cursor: str | None = None,
               page_size: int = PAGE_SIZE) -> QueuePage:
    """One page of the queue, newest first, and the cursor of the next page (None at the end)."""
    dim = dimension(filters)
    upper = filters.date_to + "T" + HIGH if filters.date_to else HIGH
    lower = [filters.date_from] if filters.date_from else []
    position: list[Any] = [upper]
    if cursor:
        position = list(decode_cursor(cursor))
    rows: list[dict[str, Any]] = []
    last_key: list[Any] | None = None
    exhausted = False
    for _ in range(MAX_BATCHES):
        merged = heapq.merge(
            *[_read_scope(couch, s, dim, position, lower, BATCH + 1) for s in scopes(jurisdiction, filters.county)],
            key=lambda r: (r["key"][2], r["key"][3]), reverse=True)
        batch = [r for r in merged if r["key"][2:] != position][:BATCH]
        exhausted = len(batch) < BATCH
        for row in batch:
            last_key = row["key"]
            if _matches(row["value"], filters):
                rows.append({"id": row["id"], **row["value"]})
                if len(rows) == page_size:
                    return QueuePage(rows, encode_cursor(last_key))
        if exhausted or last_key is None:
            break
        position = last_key[2:]
    if exhausted or last_key is None:
        return QueuePage(rows, None)
    return QueuePage(rows, encode_cursor(last_key))


def status_counts(couch: Couch, jurisdiction: Jurisdiction, county: str | None = None) -> dict[str, int]:
    """How many inspections of the reach (or one county of it) are in each status."""
    counts = dict.fromkeys(statuses.ALL, 0)
    for scope in scopes(jurisdiction, county):
        for row in couch.db(DB).view(DESIGN, "status_counts", startkey=[scope], endkey=[scope, HIGH],
                                     group=True):
            counts[row["key"][1]] = counts.get(row["key"][1], 0) + row["value"]
    return counts
