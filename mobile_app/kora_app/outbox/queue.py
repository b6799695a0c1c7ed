"""Submitting: the inspection goes into the outbox at once; the network is the worker's business.

``submit`` refuses while ``schemas.rules.score.submission_problems`` finds anything (every
unanswered item, every answer that does not fit, every photo the item's rule asks for), while
the signature is missing, or while a photo it names is gone from the disk. Each problem points
at its item so that the summary screen can take the inspector there.

``record`` applies what a sync did to the outbox, in one transaction per sync: accepted and
complete ones leave it; a conflict keeps both versions (``conflicts``) until the inspector
chooses (``resolve``); an invalid one goes back to being a draft with the server's reasons.
"""

from __future__ import annotations

import json
from typing import Any

from schemas.rules.inspection import referenced_photos
from schemas.rules.score import submission_problems

from ..message import Message
from ..photos import camera, retention
from ..reinspection import notices as reinspection
from ..store import catalog, inspections
from ..store.database import Store, dumps
from ..store.errors import NotEditable, StoreError
from ..store.positions import record as record_position
from ..store.returned import conflict, write_version


class SubmissionRefused(StoreError):
    code = "submission_refused"

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__(Message("error:submission_refused", count=len(problems)),
                         f"{len(problems)} problems: " + "; ".join(p["reason"] for p in problems[:5]))
        self.problems = problems


def _signature_problems(signature: dict[str, Any] | None) -> list[dict[str, str]]:
    if not signature or not signature.get("name"):
        return [{"path": "/signature/name", "code": "signature_required", "item": "",
                 "reason": "the venue's representative has not given a name and signed"}]
    if not signature.get("image") and not signature.get("strokes"):
        return [{"path": "/signature", "code": "signature_required", "item": "",
                 "reason": "the representative has not signed (draw on the pad or photograph a paper signature)"}]
    return []


def _lost_photos(store: Store, doc: dict[str, Any]) -> list[dict[str, str]]:
    """Photos this phone took that are neither on disk nor confirmed by the server. A photo named
    without a row here came from the server (a returned inspection): the server holds it."""
    problems = []
    for sha256 in referenced_photos(doc):
        row = store.row("SELECT item_id, confirmed_at FROM photos WHERE sha256 = ?", (sha256,))
        if row is not None and row["confirmed_at"] is None and camera.missing(store, [sha256]):
            item = row["item_id"] or ""
            problems.append({"path": f"/answers/{item}/photos" if item else "/signature/image",
                             "code": "photo_missing", "item": item,
                             "reason": f"photo {sha256[:12]}… is no longer on the phone: take it again"})
    return problems


def problems(store: Store, inspection_id: str) -> list[dict[str, str]]:
    """What stops this inspection from being submitted, each with ``item`` to go to; [] when none."""
    head = inspections.header(store, inspection_id)
    template = catalog.template(store, head["template_id"], head["template_version"])
    if head["reinspection_of"]:
        template = reinspection.checked_template(store, head["reinspection_of"], template)
    doc = inspections.document(store, inspection_id)
    return (submission_problems(template, doc["answers"]) + _signature_problems(doc["signature"])
            + _lost_photos(store, doc))


def submit(store: Store, inspection_id: str, now: str, *, gps: dict[str, Any] | None = None,
           gps_missing: str | None = None) -> dict[str, Any]:
    """Queue the inspection; never waits on the network. SubmissionRefused lists what is missing.
    ``gps`` (or ``gps_missing``, why there is none) is where it is submitted: it goes with it."""
    head = inspections.header(store, inspection_id)
    if head["state"] not in inspections.EDITABLE:
        raise NotEditable(inspection_id, head["state"])
    found = problems(store, inspection_id)
    if found:
        raise SubmissionRefused(found)
    # Sent before (it came back returned): a new client revision of the same inspection.
    revision = head["client_revision"] + 1 if head["base_rev"] else head["client_revision"]
    with store.transaction() as db:
        db.execute("UPDATE inspections SET state = 'queued', client_revision = ?, finished_at = ?, updated_at = ? "
                   "WHERE inspection_id = ?", (revision, now, now, inspection_id))
        if gps or gps_missing:
            record_position(db, inspection_id, "finished", gps, gps_missing)
        doc = inspections.document_in(db, inspection_id)
        db.execute("INSERT OR REPLACE INTO outbox (inspection_id, doc, base_rev, queued_at) VALUES (?, ?, ?, ?)",
                   (inspection_id, dumps(doc), head["base_rev"], now))
        db.execute("DELETE FROM problems WHERE inspection_id = ?", (inspection_id,))
    return doc


def waiting(store: Store) -> list[dict[str, Any]]:
    """The outbox as SyncClient.sync takes it: [{doc, base_rev}], oldest first."""
    rows = store.rows("SELECT doc, base_rev FROM outbox ORDER BY queued_at, inspection_id")
    return [{"doc": json.loads(r["doc"]), "base_rev": r["base_rev"]} for r in rows]


def waiting_count(store: Store) -> int:
    return store.value("SELECT COUNT(*) FROM outbox") or 0


def unsent_count(store: Store) -> int:
    """Work that would be lost by signing out: queued, drafts, returned ones, conflicts, refused ones."""
    return store.value("SELECT COUNT(*) FROM inspections "
                       "WHERE state IN ('draft', 'returned', 'queued', 'conflict', 'refused')") or 0


def photo_sources(store: Store, outbox: list[dict[str, Any]]) -> dict[str, Any]:
    """{sha256: path} of the photos the outbox names that are on disk (absent ones the client
    reports as ``missing_on_phone``)."""
    out: dict[str, Any] = {}
    for item in outbox:
        for sha256 in referenced_photos(item["doc"]):
            path = camera.path_for(store, sha256)
            if path.exists():
                out[sha256] = str(path)
    return out


def photo_bytes_waiting(store: Store) -> int:
    return store.value("SELECT COALESCE(SUM(p.size), 0) FROM photos p JOIN outbox o "
                       "ON o.inspection_id = p.inspection_id WHERE p.confirmed_at IS NULL") or 0


def record(store: Store, pushed: list[dict[str, Any]], complete: list[str], outbox: list[dict[str, Any]],
           now: str) -> None:
    """Apply one sync's push results (``result.pushed`` against the ``outbox`` that was sent)."""
    sent = {item["doc"]["_id"]: item for item in outbox}
    with store.transaction() as db:
        for result in pushed:
            inspection_id = result.get("id") or outbox[result["index"]]["doc"]["_id"]
            if inspection_id not in sent:
                continue
            kind = result.get("result")
            if kind in ("accepted", "already_had"):
                db.execute("UPDATE outbox SET base_rev = ?, pushed = 1, attempts = attempts + 1, last_result = ? "
                           "WHERE inspection_id = ?", (result.get("rev"), kind, inspection_id))
                db.execute(
                    "UPDATE inspections SET base_rev = ? WHERE inspection_id = ?", (result.get("rev"), inspection_id)
                )
            elif kind == "conflict":
                db.execute(
                    "INSERT OR REPLACE INTO conflicts (inspection_id, server_rev, server_doc, phone_doc, found_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        inspection_id,
                        result.get("server_rev"),
                        dumps(result.get("server") or {}),
                        dumps(result.get("yours") or sent[inspection_id]["doc"]),
                        now,
                    ),
                )
                _leave_outbox(db, inspection_id, "conflict")
            elif kind in ("invalid", "refused"):
                db.execute("INSERT OR REPLACE INTO problems (inspection_id, result, detail, at) VALUES (?, ?, ?, ?)",
                           (inspection_id, kind, dumps(result), now))
                # invalid: back to the inspector to fix; refused: nothing to retry, kept as it was.
                _leave_outbox(db, inspection_id, "draft" if kind == "invalid" else "refused")
        for inspection_id in complete:
            if inspection_id in sent:
                _leave_outbox(db, inspection_id, "sent")
                db.execute("UPDATE inspections SET sent_at = ? WHERE inspection_id = ?", (now, inspection_id))
    retention.confirm(store, [i for i in complete if i in sent], now)


def _leave_outbox(db: Any, inspection_id: str, state: str) -> None:
    db.execute("DELETE FROM outbox WHERE inspection_id = ?", (inspection_id,))
    db.execute("UPDATE inspections SET state = ? WHERE inspection_id = ?", (state, inspection_id))


def server_problems(store: Store, inspection_id: str) -> dict[str, Any] | None:
    raw = store.row("SELECT detail FROM problems WHERE inspection_id = ?", (inspection_id,))
    return json.loads(raw["detail"]) if raw else None


def resolve(store: Store, inspection_id: str, keep: str, now: str) -> None:
    """The inspector chose between the two versions of a conflict: ``phone`` or ``server``.

    Either way the chosen content becomes the editable inspection with ``base_rev`` = the
    server's revision, so that submitting it again replaces exactly the version the inspector saw.
    A server version that is final (approved, corrected) can only be kept as it is.
    """
    both = conflict(store, inspection_id)
    if both is None:
        raise StoreError(Message("error:no_conflict"), f"inspection {inspection_id} has no conflict")
    chosen = dict(both["phone"] if keep == "phone" else both["server"])
    final = both["server"].get("status") in ("approved", "corrected")
    chosen["_rev"] = both["server_rev"]
    chosen["review"] = both["server"].get("review")
    chosen.setdefault("client", {})["revision"] = max(both["phone"].get("client", {}).get("revision", 1),
                                                      both["server"].get("client", {}).get("revision", 1))
    if final and keep == "phone":
        raise StoreError(Message("error:final_on_server"), f"inspection {inspection_id} is final on the server")
    with store.transaction() as db:
        write_version(db, chosen, now)
        state = "sent" if final and keep == "server" else "returned"
        db.execute("UPDATE inspections SET state = ? WHERE inspection_id = ?", (state, inspection_id))
        db.execute("DELETE FROM conflicts WHERE inspection_id = ?", (inspection_id,))
