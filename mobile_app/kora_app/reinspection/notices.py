"""Re-inspection: going back to a venue that was issued a rectification notice.

A notice is due for re-inspection when the business answered it (``answered``: it says it fixed
things), when it is ``overdue``, or when it is ``issued`` and its deadline has passed. ``closed``
notices are done.

The re-inspection is an ordinary inspection of the same venue that carries
``reinspection_of: <notice id>`` and answers only the notice's failed items: each one is marked
fixed (the answer that meets the requirement) or still failing, and each needs a photo either way
(the evidence the notice's follow-up cites). It syncs like any inspection; the server's checks
(answer_problems, photo rule) already accept an inspection that answers some items only.

Which items failed: the notice's ``findings`` (item, requirement, severity, legal basis). The
pull does NOT send findings yet (services/sync/pull NOTICE_FIELDS: summary fields only), so until
it does the phone falls back to the inspection the notice was issued on, when this phone holds it
(the inspector's own), re-judged with ``schemas.rules`` ``is_finding``; otherwise the failures
are unknown and the screen says so (README, "Re-inspection").
"""

from __future__ import annotations

import copy
import json
from typing import Any

from schemas.rules.answers import is_finding
from schemas.rules.template import items, items_by_id

from ..store import catalog, inspections
from ..store.database import Store

DUE_STATUSES = ("answered", "overdue")


def due(store: Store, now: str) -> list[dict[str, Any]]:
    """Notices due for re-inspection, soonest deadline first."""
    rows = store.rows("SELECT doc FROM notices WHERE status IN ('answered', 'overdue') "
                      "OR (status = 'issued' AND deadline IS NOT NULL AND deadline <= ?) "
                      "ORDER BY deadline, notice_id", (now,))
    return [json.loads(r["doc"]) for r in rows]


def _original(store: Store, notice: dict[str, Any]) -> dict[str, Any] | None:
    inspection_id = notice.get("inspection_id")
    if not inspection_id or store.row("SELECT 1 FROM inspections WHERE inspection_id = ?", (inspection_id,)) is None:
        return None
    return inspections.document(store, inspection_id)


def template_of(store: Store, notice: dict[str, Any]) -> dict[str, Any] | None:
    """The template version the notice's inspection was filled against, if the phone holds it."""
    ref = notice.get("template")
    original = _original(store, notice)
    if not ref and original:
        ref = original["template"]
    if ref:
        return catalog.template(store, ref["id"], ref["version"])
    venue = catalog.venue(store, notice["venue_id"])
    return catalog.template_for_venue_type(store, venue["venue_type"]) if venue else None


def failures(store: Store, notice: dict[str, Any]) -> list[dict[str, Any]]:
    """The notice's failed items: [{item_id, requirement, severity, legal_basis}]; [] if unknown."""
    if notice.get("findings"):
        return [dict(f) for f in notice["findings"]]
    template = template_of(store, notice) if notice.get("item_ids") else None
    if template is not None:  # the pull's summary names the failed items of its template version
        wanted = set(notice["item_ids"])
        return [{"item_id": item["id"], "requirement": item["requirement"], "severity": item.get("severity"),
                 "legal_basis": item.get("legal_basis", [])} for _, item in items(template) if item["id"] in wanted]
    original = _original(store, notice)
    if original is None:
        return []
    template = catalog.template(store, original["template"]["id"], original["template"]["version"])
    out = []
    for _, item in items(template):
        answer = original["answers"].get(item["id"])
        if isinstance(answer, dict) and is_finding(item, answer.get("value")):
            out.append({"item_id": item["id"], "requirement": item["requirement"],
                        "severity": item.get("severity"), "legal_basis": item.get("legal_basis", [])})
    return out


def checked_template(store: Store, notice_id: str, template: dict[str, Any]) -> dict[str, Any]:
    """The template cut down to the notice's failed items, each asking for a photo whatever the
    answer: what ``submission_problems`` judges a re-inspection against."""
    notice = catalog.notice(store, notice_id)
    failed = {f["item_id"] for f in failures(store, notice)} if notice else set()
    cut = copy.deepcopy(template)
    for section in cut.get("sections", []):
        section["items"] = [dict(item, photo="always") for item in section["items"] if item["id"] in failed]
    cut["sections"] = [s for s in cut.get("sections", []) if s["items"]]
    return cut


def start(store: Store, notice_id: str, inspector: str, now: str, device: str | None = None, *,
          gps: dict[str, Any] | None = None, gps_missing: str | None = None) -> str:
    """A re-inspection draft of the notice's venue, against the notice's template version."""
    notice = catalog.notice(store, notice_id)
    if notice is None:
        from ..store.errors import NotFound

        raise NotFound(f"no notice {notice_id} on this phone")
    template = template_of(store, notice)
    venue = catalog.venue(store, notice["venue_id"])
    if template is None or venue is None:
        from ..store.errors import TemplateMissing

        raise TemplateMissing(notice.get("template", {}).get("id", "?"))
    return inspections.start(store, venue=venue, template_id=template["template_id"],
                             template_version=template["version"], inspector=inspector, now=now,
                             device=device, reinspection_of=notice_id, gps=gps, gps_missing=gps_missing)


def fixed_value(item: dict[str, Any]) -> Any:
    """The answer that says a yes/no item now meets its requirement."""
    if item.get("answer", {}).get("kind") != "yes_no_na":
        raise ValueError("only a yes/no item can be marked fixed in one touch; give its count or choice")
    return "yes"


def mark(store: Store, inspection_id: str, item_id: str, fixed: bool, now: str) -> None:
    """Mark a yes/no failure fixed ("yes") or still failing ("no"), keeping any photo and note."""
    head = inspections.header(store, inspection_id)
    item = items_by_id(catalog.template(store, head["template_id"], head["template_version"]))[item_id]
    value = fixed_value(item) if fixed else "no"
    inspections.set_answer(store, inspection_id, item_id, value, now)


def state(item: dict[str, Any], answer: dict[str, Any] | None) -> str:
    """unchecked | fixed | still_failing, by the shared finding rule."""
    if not answer or "value" not in answer:
        return "unchecked"
    return "still_failing" if is_finding(item, answer["value"]) else "fixed"
