"""A supervisor's decisions on an inspection: approve, return with a comment, correct an answer.

Each decision starts from the revision the supervisor looked at (``rev``): if the inspection
changed since (another supervisor, or the phone re-sending), the write is refused with
``conflict`` (409) and nothing is lost. Each decision appends an entry to ``history``
(history.py), so that who, when, what and why can be shown later.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.answers import answer_problems
from schemas.rules.template import items_by_id
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.inspections import history, returns, statuses
from services.inspections import store as inspections
from services.inspections.summary import summarize

MAX_COMMENT = 4000


def load_for(couch: Couch, principal: Principal, inspection_id: str) -> dict[str, Any]:
    """The inspection, if it exists and lies within the principal's reach (else not_found/forbidden)."""
    doc = inspections.get(couch, inspection_id)
    if doc is None or doc.get("type") != "inspection":
        raise KoraError("not_found", "no such inspection")
    if not principal.can_reach(str(doc.get("county_code", ""))):
        raise KoraError("forbidden", f"outside your jurisdiction: {doc.get('county_code')}")
    return doc


def _text(value: Any, name: str, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > MAX_COMMENT:
        raise KoraError("invalid_request", f"{name}: text of at most {MAX_COMMENT} characters")
    value = value.strip()
    if required and not value:
        raise KoraError("invalid_request", f"{name}: required")
    return value


def _start(couch: Couch, principal: Principal, inspection_id: str, rev: Any, action: str) -> tuple[dict, str]:
    doc = load_for(couch, principal, inspection_id)
    if not isinstance(rev, str) or rev != doc["_rev"]:
        raise KoraError("conflict", "the inspection changed since you opened it; reload it to see what changed",
                        current_rev=doc["_rev"])
    target = statuses.next_status(action, doc["status"])
    if target is None:
        raise KoraError("invalid_transition", f"an inspection that is {doc['status']} cannot be {action}d",
                        status=doc["status"])
    return doc, target


def _save(couch: Couch, doc: dict[str, Any]) -> dict[str, Any]:
    saved = couch.db(inspections.DB).put(doc)
    if saved is None:
        raise KoraError("conflict", "another change to this inspection was saved first; reload it")
    return saved


def _decide_status(couch: Couch, principal: Principal, inspection_id: str, rev: Any, comment: Any, now: str,
                   action: str, comment_required: bool) -> dict:
    doc, target = _start(couch, principal, inspection_id, rev, action)
    comment = _text(comment, "comment", required=comment_required)
    before = doc["status"]
    doc["status"] = target
    doc["review"] = {"comment": comment, "by": principal.name, "at": now, "action": action}
    history.append(doc, history.entry(principal.name, now, action, comment,
                                      [history.change("/status", before, target)]))
    if target == statuses.RETURNED:
        returns.mark(couch, doc)  # before the status: a returned inspection always has its marker
    return _save(couch, doc)


def approve(couch: Couch, principal: Principal, inspection_id: str, rev: Any, comment: Any, now: str) -> dict:
    return _decide_status(couch, principal, inspection_id, rev, comment, now, "approve", comment_required=False)


def return_to_inspector(couch: Couch, principal: Principal, inspection_id: str, rev: Any, comment: Any,
                        now: str) -> dict:
    """Send it back to the phone: the sync pull hands returned inspections with the comment."""
    return _decide_status(couch, principal, inspection_id, rev, comment, now, "return", comment_required=True)


def correct(couch: Couch, principal: Principal, inspection_id: str, rev: Any, item_id: Any, value: Any,
            reason: Any, template: dict[str, Any], venue: dict[str, Any] | None, now: str) -> dict:
    """Change one answer's value; the original stays in the history entry, with the reason."""
    doc, target = _start(couch, principal, inspection_id, rev, "correct")
    reason = _text(reason, "reason", required=True)
    if not isinstance(item_id, str) or item_id not in items_by_id(template):
        raise KoraError("invalid_request", f"item_id: the checklist has no item {item_id!r:.80}")
    original = doc["answers"].get(item_id)
    answer = {**(original or {}), "value": value}
    problems = answer_problems(template, {item_id: answer})
    if problems:
        raise KoraError("invalid_request", "; ".join(f"{p['path']}: {p['reason']}" for p in problems))
    if original is not None and original.get("value") == value:
        raise KoraError("invalid_request", "value: the answer already has this value")
    before_status = doc["status"]
    doc["answers"][item_id] = answer
    doc["status"] = target
    doc["summary"] = summarize(doc, template, venue)
    changes = [history.change(f"/answers/{item_id}/value", (original or {}).get("value"), value)]
    if before_status != target:
        changes.append(history.change("/status", before_status, target))
    history.append(doc, history.entry(principal.name, now, "correct", reason, changes))
    return _save(couch, doc)
