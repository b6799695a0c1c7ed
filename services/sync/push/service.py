"""Push: a batch of inspections from the phone, each judged on its own and stored with _bulk_docs.

Every document gets one result:

    accepted     stored (new, or an edit of the version the phone last saw)
    already_had  the server holds exactly this content: a re-send after a cut link, a no-op
    conflict     the server's version changed since the phone saw it; both versions are returned
    invalid      breaks the schema, refers to an unknown venue or template version, has answers that do
                 not fit their items, or lacks a photo an item's rule requires (with paths)
    refused      outside the inspector's reach: another inspector's name or inspection, another county

A bad document never sinks the rest of its batch. Reads and writes are one request each per batch
(``_all_docs`` with keys, ``_bulk_docs``), not one per document; the venues, the template versions
not yet held (template_check.py) and the current inspections are read at the same time
(references.py); within a sync the venues this worker read at the position the pull's venue
``_changes`` just showed are not read again. Photos already attached are not looked for among the
unfinished uploads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from schemas.rules.inspection import content_digest, phone_content, referenced_photos
from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.schemas import schema_errors
from services.inspections import statuses
from services.inspections import store as inspections
from services.inspections.summary import summarize
from services.sync.photos.attached import intact
from services.sync.push.references import read_references
from services.sync.push.template_check import template_key, template_problems

MAX_BATCH = 100
# Why a document was refused (a push result's ``refusal``); docs/sync-protocol.md lists them.
REFUSALS = ("not_your_name", "county_outside_reach", "venue_outside_reach", "deleted_on_server",
            "another_inspectors_id")
WRITE_ROUNDS = 3  # a write that loses a race is judged again against the winner, at most this often


@dataclass
class Candidate:
    index: int
    doc: dict[str, Any]
    base_rev: str | None
    result: dict[str, Any] = field(default_factory=dict)
    digest: str = ""  # content_digest(doc), computed once

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = content_digest(self.doc)


def _now() -> str:
    return utc_stamp()


def _outcome(index: int, doc_id: Any, result: str, **extra: Any) -> dict[str, Any]:
    return {"index": index, "id": doc_id if isinstance(doc_id, str) else None, "result": result, **extra}


def _invalid(index: int, doc_id: Any, errors: list[dict[str, str]]) -> dict[str, Any]:
    reason = "; ".join(f"{e['path']}: {e['reason']}" for e in errors[:5])
    return _outcome(index, doc_id, "invalid", code="invalid_document", reason=reason, errors=errors)


def _refused(index: int, doc_id: Any, refusal: str, reason: str) -> dict[str, Any]:
    """``refusal`` says which of REFUSALS it is, for the phone to explain in the inspector's language."""
    return _outcome(index, doc_id, "refused", code="forbidden", refusal=refusal, reason=reason)


def _one_county(principal: Principal) -> str | None:
    jurisdiction = principal.jurisdiction
    return jurisdiction.codes[0] if jurisdiction.level == "county" and len(jurisdiction.codes) == 1 else None


def _screen(index: int, item: Any, principal: Principal) -> Candidate | dict[str, Any]:
    """Shape, schema and reach: everything that needs no database."""
    if not isinstance(item, dict) or not isinstance(item.get("doc"), dict):
        return _invalid(
            index, None, [{"path": f"/push/{index}", "reason": 'each item is {"doc": {...}, "base_rev": ...}'}]
        )
    base_rev = item.get("base_rev")
    if base_rev is not None and not (isinstance(base_rev, str) and 0 < len(base_rev) <= 100):
        return _invalid(
            index,
            item["doc"].get("_id"),
            [{"path": f"/push/{index}/base_rev", "reason": "must be a revision string or null"}],
        )
    doc = phone_content(item["doc"])
    doc_id = doc.get("_id")
    errors = schema_errors("inspection", doc)
    if errors:
        return _invalid(index, doc_id, errors)
    if doc["status"] != statuses.SUBMITTED:
        return _invalid(index, doc_id, [{"path": "/status", "reason": "the phone sends inspections as submitted"}])
    if doc["inspector"] != principal.name:
        return _refused(index, doc_id, "not_your_name",
                        f"the inspection is in the name of {doc['inspector']}, not yours")
    if not principal.can_reach(doc["county_code"]):
        return _refused(index, doc_id, "county_outside_reach",
                        f"county {doc['county_code']} is outside your jurisdiction")
    return Candidate(index, doc, base_rev)


def _check_references(candidate: Candidate, venues: dict, templates: dict, principal: Principal,
                      venues_not_created: dict[str, str]) -> dict[str, Any] | None:
    doc = candidate.doc
    venue = venues.get(doc["venue_id"])
    if venue is None:
        why = venues_not_created.get(doc["venue_id"])
        reason = f"the new venue {doc['venue_id']} was not added ({why})" if why else f"no venue {doc['venue_id']}"
        return _invalid(candidate.index, doc["_id"], [{"path": "/venue_id", "reason": reason}])
    if not principal.can_reach(str(venue.get("county_code", ""))):
        return _refused(candidate.index, doc["_id"], "venue_outside_reach",
                        f"venue {doc['venue_id']} is outside your jurisdiction")
    if venue.get("county_code") != doc["county_code"]:
        return _invalid(
            candidate.index,
            doc["_id"],
            [{"path": "/county_code", "reason": f"venue {doc['venue_id']} is in county {venue.get('county_code')}"}],
        )
    problems = template_problems(doc, templates.get(template_key(doc)))
    return _invalid(candidate.index, doc["_id"], problems) if problems else None


def _conflict(candidate: Candidate, server: dict[str, Any], reason: str) -> dict[str, Any]:
    return _outcome(candidate.index, candidate.doc["_id"], "conflict", code="conflict", reason=reason,
                    server_rev=server["_rev"], server=server, yours=candidate.doc)


def decide(candidate: Candidate, server: dict[str, Any] | None, now: str) -> tuple[dict[str, Any], dict | None]:
    """The result for one document against the server's current version, and what to write (or None)."""
    doc = candidate.doc
    stored = {**doc, "received_at": now, "content_digest": candidate.digest}
    if server is None:
        return _outcome(candidate.index, doc["_id"], "accepted"), stored
    if server.get("_deleted"):
        return _refused(candidate.index, doc["_id"], "deleted_on_server",
                        "this inspection was deleted on the server"), None
    if server.get("inspector") != doc["inspector"]:
        return _refused(candidate.index, doc["_id"], "another_inspectors_id",
                        "this inspection id belongs to another inspector"), None
    server_digest = content_digest(server)
    if candidate.digest == server_digest:
        return _outcome(candidate.index, doc["_id"], "already_had", rev=server["_rev"]), None
    if server.get("status") not in statuses.EDITABLE_BY_PHONE:
        return _conflict(
            candidate, server, f"a supervisor set it to {server.get('status')}; it cannot change now"
        ), None
    phone_wrote_last = server.get("content_digest") == server_digest
    newer = doc["client"]["revision"] > int(server.get("client", {}).get("revision", 0))
    if candidate.base_rev != server["_rev"] and not (phone_wrote_last and newer):
        return _conflict(candidate, server, "the server's version changed since your phone last saw it"), None
    for carried in ("review", "history", "_attachments"):
        if carried in server:
            stored[carried] = server[carried]
    stored["_rev"] = server["_rev"]
    return _outcome(candidate.index, doc["_id"], "accepted"), stored


def push(couch: Couch, principal: Principal, items: list[Any], now: Callable[[], str] = _now,
         uploads_held: Callable[[Couch, list[tuple[str, str]]], dict] | None = None,
         venues_not_created: dict[str, str] | None = None, venues_at: str | None = None) -> list[dict[str, Any]]:
    """Judge and store a batch; ``uploads_held(couch, [(inspection id, sha256)])`` gives
    ``{pair: (bytes held, total)}`` of unfinished photo uploads (services/sync/photos).
    ``venues_not_created`` says why a venue sent with the batch is absent (services/venues/field.py);
    ``venues_at``: where the caller has just seen the venues database (references.py)."""
    results: dict[int, dict[str, Any]] = {}
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        screened = _screen(index, item, principal)
        if isinstance(screened, dict):
            results[index] = screened
        elif screened.doc["_id"] in seen:
            results[index] = _invalid(
                index, screened.doc["_id"], [{"path": "/_id", "reason": "sent twice in one batch"}]
            )
        else:
            seen.add(screened.doc["_id"])
            candidates.append(screened)

    references = read_references(couch, [c.doc["venue_id"] for c in candidates],
                                 [template_key(c.doc) for c in candidates], [c.doc["_id"] for c in candidates],
                                 venues_at, _one_county(principal))
    venues, templates = references.venues, references.templates
    pending = []
    for candidate in candidates:
        problem = _check_references(candidate, venues, templates, principal, venues_not_created or {})
        if problem:
            results[candidate.index] = problem
        else:
            pending.append(candidate)

    attachments: dict[str, dict[str, Any]] = {}
    servers = references.servers
    for round_number in range(WRITE_ROUNDS):
        if not pending:
            break
        if round_number:  # after a lost race: the winners' versions
            servers = inspections.get_many(couch, [c.doc["_id"] for c in pending], tombstones=True)
        writes: list[tuple[Candidate, dict]] = []
        for candidate in pending:
            server = servers.get(candidate.doc["_id"])
            result, write = decide(candidate, server, now())
            results[candidate.index] = result
            if server is not None:
                attachments[candidate.doc["_id"]] = server.get("_attachments", {})
            if write is not None:
                write["summary"] = summarize(write, templates.get(template_key(candidate.doc)),
                                             venues.get(candidate.doc["venue_id"]))
                writes.append((candidate, write))
        raced = []
        # Matched by id, not position: the local CouchDB-protocol server does not keep the order.
        outcomes = {w.get("id"): w for w in inspections.write_many(couch, [w for _, w in writes])}
        for candidate, _ in writes:
            written = outcomes.get(candidate.doc["_id"], {"error": "missing", "reason": "no result for this id"})
            if "rev" in written and not written.get("error"):
                results[candidate.index]["rev"] = written["rev"]
            elif written.get("error") == "conflict":
                raced.append(candidate)
            else:
                results[candidate.index] = _invalid(
                    candidate.index,
                    candidate.doc["_id"],
                    [{"path": "/", "reason": f"CouchDB refused it: {written.get('error')}: {written.get('reason')}"}],
                )
        pending = raced
    for candidate in pending:  # still losing races after every round: let the phone retry
        results[candidate.index] = _outcome(candidate.index, candidate.doc["_id"], "conflict", code="conflict",
                                            reason="written by someone else at the same moment; send it again")

    _attach_photo_needs(couch, results, {c.doc["_id"]: c.doc for c in candidates}, attachments, uploads_held)
    return [results[i] for i in range(len(items))]


def _attach_photo_needs(couch: Couch, results: dict[int, dict], docs: dict[str, dict],
                        attachments: dict[str, dict[str, Any]], uploads_held: Callable | None) -> None:
    """Tell the phone which photos of each stored inspection the server still lacks, and how much it has
    of each. An attachment that cannot be the photo (empty, or not the size its upload says: see
    services/sync/photos/attached.py) is lacking too. Only photos without a sane attachment are
    looked for among the unfinished uploads: a photo is attached before its upload is deleted, so
    one left behind holds the same bytes, and a re-sync with every photo attached asks nothing."""
    named: list[tuple[str, str]] = []
    for result in results.values():
        if result["result"] in ("accepted", "already_had"):
            held_here = attachments.get(result["id"], {})
            named.extend((result["id"], h) for h in referenced_photos(docs[result["id"]])
                         if not intact(held_here.get(h)))
    held = uploads_held(couch, named) if named and uploads_held is not None else {}
    # A photo can be attached, and its upload deleted, between the read of the inspection and the
    # read of the uploads: one missing from both is looked for once more among the attachments,
    # which are written before an upload is deleted, so the phone is never sent back to byte 0.
    unheld = {rid for rid, sha in named if (rid, sha) not in held}
    if unheld and uploads_held is not None:
        for rid, fresh in inspections.get_many(couch, sorted(unheld)).items():
            if fresh is not None:
                attachments[rid] = fresh.get("_attachments", {})
    for result in results.values():
        if result["result"] not in ("accepted", "already_had"):
            continue
        needed = []
        for sha256 in referenced_photos(docs[result["id"]]):
            received, total = held.get((result["id"], sha256), (0, None))
            if not intact(attachments.get(result["id"], {}).get(sha256), total):
                needed.append({"sha256": sha256, "received": received})
        result["photos_needed"] = needed
