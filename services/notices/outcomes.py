"""What happened to each failure: re-inspections mark it fixed or still failing, time makes it late.

A re-inspection is an ordinary inspection from the app with ``reinspection_of: "notice:<number>"``
and answers keyed by the notice's item ids (the same template items the findings cite). Each such
answer judged by the template's own rule (``is_finding``) is ``failing`` or else ``fixed``; "na"
and items the re-inspection left out record nothing. A notice closes when every finding is fixed.
A notice is overdue when a finding's deadline passed without a ``fixed`` outcome.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from schemas.rules import template as template_model
from schemas.rules.answers import is_finding
from services.catalog.service import get_versions
from services.common.couch import Couch
from services.notices import store
from services.notices.issuing import stamp

log = logging.getLogger("kora.notices.outcomes")
FINAL = ("closed", "superseded")


def _judged(couch: Couch, inspection: dict[str, Any], notice: dict[str, Any]) -> dict[str, dict]:
    key = (inspection["template"]["id"], inspection["template"]["version"])
    template = get_versions(couch, [key]).get(key)
    items = template_model.items_by_id(template) if template else {}
    outcomes = {}
    for finding in notice["findings"]:
        item_id = finding["item_id"]
        answer = inspection["answers"].get(item_id)
        if item_id not in items or not answer or answer.get("value") == "na":
            continue
        result = "failing" if is_finding(items[item_id], answer.get("value")) else "fixed"
        outcomes[item_id] = {"result": result, "inspection_id": inspection["_id"], "at": inspection["finished_at"]}
    return outcomes


def _all_fixed(notice: dict[str, Any]) -> bool:
    outcomes = notice.get("outcomes", {})
    return all(outcomes.get(f["item_id"], {}).get("result") == "fixed" for f in notice["findings"])


def record_reinspection(couch: Couch, inspection: dict[str, Any], now: datetime) -> str:
    """Record a re-inspection's outcomes on its notice; what happened, for the log."""
    notice_id = inspection.get("reinspection_of")
    for _ in range(20):
        notice = store.get(couch, notice_id)
        if notice is None or notice.get("type") != "notice":
            return f"{inspection['_id']}: no notice {notice_id}"
        if notice["venue_id"] != inspection["venue_id"]:
            return f"{inspection['_id']}: venue {inspection['venue_id']} is not the notice's"
        if notice["status"] in FINAL:
            return f"{inspection['_id']}: notice {notice['number']} is {notice['status']}"
        judged = _judged(couch, inspection, notice)
        held = notice.get("outcomes", {})
        # A re-sent or older re-inspection must not undo a later one's outcome.
        newer = {k: v for k, v in judged.items() if k not in held or _instant(held[k]["at"]) <= _instant(v["at"])}
        if all(held.get(k) == v for k, v in newer.items()):
            return f"{inspection['_id']}: nothing new for {notice['number']}"
        updated = {**notice, "outcomes": {**held, **newer}}
        if _all_fixed(updated):
            updated.update(status="closed", closed_at=stamp(now))
        if store.put(couch, updated) is not None:
            return f"{inspection['_id']}: {notice['number']} is {updated['status']}"
    raise RuntimeError(f"notice {notice_id} kept changing while a re-inspection was recorded")


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def late_findings(notice: dict[str, Any], now: datetime) -> list[str]:
    outcomes = notice.get("outcomes", {})
    return [f["item_id"] for f in notice["findings"]
            if _instant(f.get("deadline", notice["deadline"])) < now
            and outcomes.get(f["item_id"], {}).get("result") != "fixed"]


def mark_overdue(couch: Couch, now: datetime) -> list[str]:
    """Mark every open notice with a finding past its deadline overdue; the numbers marked."""
    marked = []
    for notice in store.open_notices(couch):
        if notice["status"] == "overdue" or not late_findings(notice, now):
            continue
        if store.put(couch, {**notice, "status": "overdue", "overdue_at": stamp(now)}) is not None:
            marked.append(notice["number"])
        # On a conflict the notice changed meanwhile (an answer, a re-inspection): the next run sees it.
    return marked
