"""Baseline 2: the day pushed with CouchDB's own replication protocol, straight to the database.

The phone would hold the day in a local database (PouchDB, Couchbase Lite) and push-replicate it
to CouchDB. Only the target side travels over the link; the steps are those of the CouchDB
Replication Protocol (docs.couchdb.org, "CouchDB Replication Protocol"):

1. ``GET /{db}``: verify the target and read its info;
2. ``GET /{db}/_local/{replication id}``: the last checkpoint (404 on a first push);
3. ``POST /{db}/_revs_diff``: which revisions of the batch the target is missing;
4. documents without attachments: ``POST /{db}/_bulk_docs`` with ``new_edits: false``;
   documents with attachments: one ``PUT /{db}/{id}?new_edits=false`` each, as
   ``multipart/related``, the JSON first and each attachment raw after it (``follows: true``);
5. ``PUT /{db}/_local/{replication id}``: the checkpoint.

Why multipart: the protocol's section "Upload Document with Attachments" says the replicator does
not bulk-upload documents whose attachments are many or too big to be efficiently encoded with
Base64, and PUTs them as multipart/related "without any serialization overhead". Inline Base64 in
``_bulk_docs`` (what PouchDB does) would add a third to every photo; ``ATTACHMENTS_INLINE``
selects it for comparison. Batches of 100 documents, PouchDB's default ``batch_size``; a day is
one batch, so one checkpoint. Requests and answers go uncompressed, as the replicator sends them.

Credentials: the phone must hold a CouchDB account that is a member of the target database. A
member may read every document in it and write any document (only a validate_doc_update
function could refuse one), so every phone would carry a key to the whole region's inspections:
that alone rules replication out for Kora's phones. The local CouchDB-protocol server knows only
its admin, so the bench signs in as that admin; the bytes on the wire are the same.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from bench.couch_server import BenchError
from bench.workload import Day, Inspection

ATTACHMENTS_MULTIPART = "multipart"
ATTACHMENTS_INLINE = "inline"
BATCH_SIZE = 100
USER_AGENT = "PouchDB/9.0.0"


def phone_database_id(inspector: str) -> str:
    """The id of the phone's local database: a replication id is derived from source and target."""
    return hashlib.md5(f"kora-phone:{inspector}".encode()).hexdigest()


def replication_id(source: str, target_db: str) -> str:
    """Derived from source and target, as CouchDB's is: the same on every push from this phone to
    that database (the phone always names the same server; the bench's proxy port changes)."""
    return hashlib.md5(f"{source}|{target_db}|push".encode()).hexdigest()


def revision(doc: dict[str, Any], photos: dict[str, bytes]) -> str:
    """The revision the phone's database gave its one edit (generation 1, a digest of the body)."""
    body = json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
    digest = hashlib.md5(body + b"".join(photos[sha] for sha in sorted(photos))).hexdigest()
    return f"1-{digest}"


def replicated_doc(inspection: Inspection) -> dict[str, Any]:
    """The document as the replicator sends it: the phone's body with ``_rev`` and ``_revisions``."""
    rev = revision(inspection.doc, inspection.photos)
    return {
        **inspection.doc,
        "_rev": rev,
        "_revisions": {"start": 1, "ids": [rev.split("-", 1)[1]]},
    }


def _attachment_stub(data: bytes) -> dict[str, Any]:
    digest = base64.b64encode(hashlib.md5(data).digest()).decode("ascii")
    return {
        "content_type": "image/jpeg",
        "revpos": 1,
        "digest": f"md5-{digest}",
        "length": len(data),
        "follows": True,
    }


def multipart_body(inspection: Inspection) -> tuple[bytes, str]:
    """The multipart/related body of a ``PUT ?new_edits=false``: JSON first, then each attachment."""
    boundary = uuid.uuid4().hex
    names = sorted(inspection.photos)
    doc = {
        **replicated_doc(inspection),
        "_attachments": {name: _attachment_stub(inspection.photos[name]) for name in names},
    }
    parts = [
        b"--"
        + boundary.encode()
        + b"\r\nContent-Type: application/json\r\n\r\n"
        + json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ]
    for name in names:
        data = inspection.photos[name]
        parts.append(
            b"\r\n--"
            + boundary.encode()
            + f'\r\nContent-Disposition: attachment; filename="{name}"'
            f"\r\nContent-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
    parts.append(b"\r\n--" + boundary.encode() + b"--")
    return b"".join(parts), f'multipart/related; boundary="{boundary}"'


def inline_doc(inspection: Inspection) -> dict[str, Any]:
    attachments = {
        sha: {"content_type": "image/jpeg", "data": base64.b64encode(data).decode("ascii")}
        for sha, data in sorted(inspection.photos.items())
    }
    return (
        {**replicated_doc(inspection), "_attachments": attachments}
        if attachments
        else replicated_doc(inspection)
    )


def _expect(response: httpx.Response, statuses: tuple[int, ...], what: str) -> dict | list:
    if response.status_code not in statuses:
        raise BenchError(
            f"replication: {what} answered {response.status_code}: {response.text[:200]}"
        )
    return response.json()


def _write_batch(http: httpx.Client, db: str, batch: list[Inspection], attachments: str) -> int:
    plain = [i for i in batch if not i.photos or attachments == ATTACHMENTS_INLINE]
    written = 0
    if plain:
        body = {"docs": [inline_doc(i) for i in plain], "new_edits": False}
        results = _expect(http.post(f"/{db}/_bulk_docs", json=body), (201, 200), "_bulk_docs")
        failures = [r for r in results if r.get("error")]
        if failures:
            raise BenchError(f"replication: _bulk_docs refused {failures[:3]}")
        written += len(plain)
    sent_whole = {id(i) for i in plain}
    for inspection in batch:
        if id(inspection) in sent_whole:
            continue
        body, content_type = multipart_body(inspection)
        response = http.put(
            f"/{db}/{quote(inspection.doc['_id'], safe='')}",
            params={"new_edits": "false"},
            content=body,
            headers={"Content-Type": content_type},
        )
        _expect(response, (201, 202), f"PUT {inspection.doc['_id']}")
        written += 1
    return written


def push(
    base_url: str,
    db: str,
    day: Day,
    auth: tuple[str, str],
    attachments: str = ATTACHMENTS_MULTIPART,
    timeout: float = 900.0,
) -> dict[str, Any]:
    """Push-replicate the day to ``db`` at ``base_url``; returns the checkpoint written."""
    source = phone_database_id(day.inspections[0].doc["inspector"])
    rep_id = replication_id(source, db)
    checkpoint_path = f"/{db}/_local/{rep_id}"
    started = datetime.now(UTC).isoformat()
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    with httpx.Client(base_url=base_url, auth=auth, headers=headers, timeout=timeout) as http:
        _expect(http.get(f"/{db}"), (200,), f"GET /{db}")
        found = http.get(checkpoint_path)
        previous = _expect(found, (200,), "GET checkpoint") if found.status_code != 404 else {}
        since = int(previous.get("source_last_seq", 0))
        pending = day.inspections[since:]  # the phone's changes feed: one change per inspection
        missing_checked = missing_found = written = 0
        for start in range(0, len(pending), BATCH_SIZE):
            batch = pending[start : start + BATCH_SIZE]
            revs = {i.doc["_id"]: [revision(i.doc, i.photos)] for i in batch}
            diff = _expect(http.post(f"/{db}/_revs_diff", json=revs), (200,), "_revs_diff")
            missing = [i for i in batch if i.doc["_id"] in diff]
            missing_checked += len(batch)
            missing_found += len(missing)
            written += _write_batch(http, db, missing, attachments)
        session = uuid.uuid4().hex
        checkpoint = {
            "session_id": session,
            "source_last_seq": len(day.inspections),
            "replication_id_version": 3,
            "history": [
                {
                    "session_id": session,
                    "start_time": started,
                    "end_time": datetime.now(UTC).isoformat(),
                    "start_last_seq": since,
                    "end_last_seq": len(day.inspections),
                    "recorded_seq": len(day.inspections),
                    "missing_checked": missing_checked,
                    "missing_found": missing_found,
                    "docs_read": written,
                    "docs_written": written,
                    "doc_write_failures": 0,
                }
            ]
            + previous.get("history", [])[:49],
        }
        if previous.get("_rev"):
            checkpoint["_rev"] = previous["_rev"]
        _expect(http.put(checkpoint_path, json=checkpoint), (201, 200), "PUT checkpoint")
    return checkpoint
