"""What the server refused, kept on the phone with its reason until the inspector has dealt with it.

``queue.record`` keeps each ``invalid`` or ``refused`` push result in ``problems``. An invalid one
is a draft again: the inspector fixes it and submits it anew (``queue.submit`` clears its row).
A refused one stays as it was, state ``refused``, neither editable nor deleted; ``retry`` puts it
back in the outbox once its reason is gone (an administrator gave the county back). Nothing here
ever deletes an inspection.

``reason`` turns the server's result into one stable key per explanation, which the screens say
in the inspector's language (``refused:<key>``); the server's own words stay in ``message``.
"""

from __future__ import annotations

import json
from typing import Any

from ..message import Message
from ..store import inspections
from ..store.database import Store, dumps
from ..store.errors import StoreError

# A refused result's ``refusal`` (services/sync/push): each has its explanation on the sync screen.
REFUSALS = ("not_your_name", "county_outside_reach", "venue_outside_reach", "deleted_on_server",
            "another_inspectors_id")
# What an invalid result's errors point at, first match wins: (key, error code or path prefix).
INVALID_BY_ERRORS = (("photo_required", "code:photo_required"), ("unknown_venue", "/venue_id"),
                     ("venue_in_other_county", "/county_code"), ("template_not_published", "/template"),
                     ("answers_do_not_fit", "/answers"))
REASONS = REFUSALS + tuple(key for key, _ in INVALID_BY_ERRORS) + ("refused", "invalid_document")


class NotRefused(StoreError):
    code = "not_refused"

    def __init__(self, inspection_id: str, state: str) -> None:
        super().__init__(Message("error:not_refused"), f"inspection {inspection_id} is {state}, not refused")


def reason(result: dict[str, Any]) -> str:
    """The explanation's key (one of REASONS) for a push result the server did not take."""
    if result.get("result") == "refused":
        return result["refusal"] if result.get("refusal") in REFUSALS else "refused"
    errors = [e for e in result.get("errors") or [] if isinstance(e, dict)]
    for key, sign in INVALID_BY_ERRORS:
        if sign.startswith("code:") and any(e.get("code") == sign[5:] for e in errors):
            return key
        if sign.startswith("/") and any(str(e.get("path", "")).startswith(sign) for e in errors):
            return key
    return "invalid_document"


def listed(store: Store) -> list[dict[str, Any]]:
    """Every inspection the server did not take and the inspector has not dealt with yet, newest first:
    {inspection_id, venue_id, state, result, code, reason, message, items, at}."""
    rows = store.rows("SELECT p.inspection_id, p.result, p.detail, p.at, i.venue_id, i.state "
                      "FROM problems p JOIN inspections i ON i.inspection_id = p.inspection_id "
                      "ORDER BY p.at DESC, p.inspection_id")
    out = []
    for row in rows:
        detail = json.loads(row["detail"])
        out.append({"inspection_id": row["inspection_id"], "venue_id": row["venue_id"], "state": row["state"],
                    "result": row["result"], "code": detail.get("code"), "reason": reason(detail),
                    "message": detail.get("reason") or "", "items": items_of(detail), "at": row["at"]})
    return out


def items_of(result: dict[str, Any]) -> list[str]:
    """The checklist items a result's errors point at, once each: an error's ``item``, or the one its
    path names (/answers/<item>/…)."""
    found = []
    for error in result.get("errors") or []:
        if isinstance(error, dict):
            parts = str(error.get("path", "")).split("/")
            found.append(str(error.get("item") or (parts[2] if len(parts) > 2 and parts[1] == "answers" else "")))
    return [item for item in dict.fromkeys(found) if item]


def retry(store: Store, inspection_id: str, now: str) -> dict[str, Any]:
    """Send a refused inspection again, exactly as it was refused (it stays listed as waiting)."""
    with store.transaction() as db:
        head = db.execute("SELECT state, base_rev FROM inspections WHERE inspection_id = ?",
                          (inspection_id,)).fetchone()
        if head is None or head["state"] != "refused":
            raise NotRefused(inspection_id, head["state"] if head else "absent")
        doc = inspections.document_in(db, inspection_id)
        db.execute("INSERT OR REPLACE INTO outbox (inspection_id, doc, base_rev, queued_at) VALUES (?, ?, ?, ?)",
                   (inspection_id, dumps(doc), head["base_rev"], now))
        db.execute("UPDATE inspections SET state = 'queued' WHERE inspection_id = ?", (inspection_id,))
        db.execute("DELETE FROM problems WHERE inspection_id = ?", (inspection_id,))
    return doc
