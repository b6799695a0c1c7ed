"""Photo upload in chunks that survive cut links, service restarts and several replicas.

A photo is named by its SHA-256 and ends up as an attachment of its inspection under that name.
Until it is whole, its bytes live in the ``sync`` database: one upload document per
(inspection, photo), ``upload:<inspection id>:<sha256>``, whose attachments are the chunks received,
each named by its offset (``o000000065536``). Any replica can take the next chunk; nothing is kept in
a service's memory or on its disk. The bytes received are the contiguous run of chunks from 0.

A photo sent whole in one request (the client's default, up to 1 MiB) is checked and attached at
once, with no upload document. A chunk must start at or before the bytes received (a chunk resent
after a lost reply is trimmed or ignored); one starting beyond them is refused with
``upload_offset_mismatch`` and the count, so the phone resumes from there. When the last byte
arrives the chunks are joined, the SHA-256 is
checked against the name, Pillow checks it is an image, and it is attached to the inspection.
A mismatch or non-image throws the partial upload away (it could only be restarted from zero).
The photo is attached before its partial upload is deleted, so a service stopped in between leaves
an upload whose photo is attached: the next status or chunk request for that photo, or
``drop_abandoned_uploads``, deletes it. An attachment counts only if it is the photo (attached.py:
sane length, the upload's total, the same MD5 while the bytes are at hand): a service stopped in
the middle of the attach can leave an empty attachment on the local CouchDB-protocol server; the
photo is then not complete, and the next chunk request (at the offset held, an empty body when the
upload is whole) attaches it again.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.rules.inspection import referenced_photos
from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.image_check import MAX_PHOTO_BYTES, check_image
from services.inspections import store as inspections
from services.sync.photos.attached import intact

DB = "sync"  # partial uploads; this module owns the database
ATTACH_ROUNDS = 3
ABANDONED_AFTER_DAYS = 30  # a phone may stay offline for days in the middle of an upload


def upload_id(inspection_id: str, sha256: str) -> str:
    return f"upload:{inspection_id}:{sha256}"


def _chunk_name(offset: int) -> str:
    return f"o{offset:012d}"


def contiguous(session: dict[str, Any] | None) -> int:
    """Bytes held from offset 0 without a gap."""
    if not session:
        return 0
    spans = sorted((int(name[1:]), stub.get("length", 0)) for name, stub in session.get("_attachments", {}).items()
                   if name.startswith("o") and name[1:].isdigit())
    end = 0
    for start, length in spans:
        if start > end:
            break
        end = max(end, start + length)
    return end


def uploads_held(couch: Couch, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int | None]]:
    """(bytes held, the upload's total) of each (inspection, photo) with an unfinished upload, in one request."""
    sessions = couch.db(DB).all_docs([upload_id(i, s) for i, s in pairs])
    held = {}
    for pair in pairs:
        session = sessions.get(upload_id(*pair))
        if session is not None:
            held[pair] = (contiguous(session), session.get("total"))
    return held


def _confirmed(couch: Couch, session: dict[str, Any] | None, stub: Any, total: int | None = None) -> bool:
    """Whether the inspection's attachment ``stub`` is the photo (attached.py): sane, the size the
    phone and the upload say, and, while the whole upload is still there, the same bytes."""
    if not intact(stub, total):
        return False
    if session is None:
        return True
    if not intact(stub, session.get("total")):
        return False
    if contiguous(session) < (session.get("total") or 0):
        return True
    return intact(stub, data=_assemble(couch, session["_id"]))


def _inspection(couch: Couch, principal: Principal, inspection_id: str, sha256: str) -> dict[str, Any]:
    doc = inspections.get(couch, inspection_id)
    if doc is None:
        raise KoraError("not_found", f"no inspection {inspection_id}; push it before its photos")
    if doc.get("inspector") != principal.name or not principal.can_reach(str(doc.get("county_code", ""))):
        raise KoraError("forbidden", "this inspection belongs to another inspector")
    if sha256 not in referenced_photos(doc):
        raise KoraError("photo_not_referenced", f"inspection {inspection_id} does not name photo {sha256}")
    return doc


def _status(inspection_id: str, sha256: str, received: int, total: int | None, complete: bool,
            inspection_rev: str | None = None) -> dict[str, Any]:
    status = {"inspection_id": inspection_id, "sha256": sha256, "received": received, "total": total,
              "complete": complete}
    if inspection_rev:
        status["inspection_rev"] = inspection_rev
    return status


def _session(couch: Couch, inspection_id: str, sha256: str) -> dict[str, Any] | None:
    sid = upload_id(inspection_id, sha256)
    return couch.db(DB).get(sid)


def status(couch: Couch, principal: Principal, inspection_id: str, sha256: str) -> dict[str, Any]:
    doc = _inspection(couch, principal, inspection_id, sha256)
    session = _session(couch, inspection_id, sha256)
    attached = doc.get("_attachments", {}).get(sha256)
    if attached is not None and _confirmed(couch, session, attached):
        if session is not None:
            _delete_session(couch, session)  # left by a stop mid-_finish
        return _status(inspection_id, sha256, attached["length"], attached["length"], True, doc["_rev"])
    # Not attached, or attached wrongly (e.g. an empty attachment left by a cut PUT): not complete.
    return _status(inspection_id, sha256, contiguous(session), session.get("total") if session else None, False)


def _now() -> str:
    return utc_stamp()


def _open_session(couch: Couch, principal: Principal, inspection_id: str, sha256: str, total: int,
                  session: dict[str, Any] | None) -> dict[str, Any]:
    sid = upload_id(inspection_id, sha256)
    if session is None:
        session = {"_id": sid, "type": "photo_upload", "inspection_id": inspection_id, "sha256": sha256,
                   "inspector": principal.name, "total": total, "started_at": _now()}
        stored = couch.db(DB).put(session)
        if stored is None:
            raise KoraError(
                "conflict", "another request opened this upload at the same moment; ask for its status and resume"
            )
        session = stored
    if session.get("total") != total:
        raise KoraError("invalid_request", f"this upload was started with total={session.get('total')}, not {total}",
                        errors=[{"path": "/total", "reason": "differs from the upload's total"}])
    return session


def put_chunk(couch: Couch, principal: Principal, inspection_id: str, sha256: str, offset: int, total: int,
              data: bytes) -> dict[str, Any]:
    """Store one chunk (possibly cut short); finish the photo when it is whole. Returns the status."""
    if total < 1 or total > MAX_PHOTO_BYTES:
        raise KoraError("photo_too_large", f"a photo may have 1 to {MAX_PHOTO_BYTES} bytes, not {total}")
    if offset < 0 or offset + len(data) > total:
        raise KoraError("invalid_request", f"bytes {offset}..{offset + len(data)} do not fit in a photo of {total}",
                        errors=[{"path": "/offset", "reason": "chunk runs past total"}])
    doc = _inspection(couch, principal, inspection_id, sha256)
    session = _session(couch, inspection_id, sha256)
    attached = doc.get("_attachments", {}).get(sha256)
    if attached is not None and _confirmed(couch, session, attached, total):
        if session is not None:
            _delete_session(couch, session)  # left by a stop mid-_finish
        return _status(inspection_id, sha256, attached["length"], attached["length"], True, doc["_rev"])
    # A wrong attachment (attached.py) is replaced when the photo is whole again.
    if session is None and offset == 0 and len(data) == total:
        return _attach(couch, inspection_id, sha256, data)  # the whole photo at once: no upload document
    session = _open_session(couch, principal, inspection_id, sha256, total, session)
    held = contiguous(session)
    if offset > held:
        raise KoraError(
            "upload_offset_mismatch", f"the server holds {held} bytes; send from offset {held}", received=held
        )
    fresh = data[held - offset:]
    if fresh:
        rev = couch.db(DB).put_attachment(session["_id"], session["_rev"], _chunk_name(held), fresh,
                                          "application/octet-stream")
        if rev is None:
            raise KoraError(
                "conflict", "another request added a chunk at the same moment; ask for the status and resume"
            )
        held += len(fresh)
    if held < total:
        now = (inspections.get(couch, inspection_id) or {}) if fresh else {}
        if intact(now.get("_attachments", {}).get(sha256), total):
            # Another request (the phone's retry of a cut one) attached the whole photo while this
            # late part was stored: the upload is not needed (it would stay, unasked about).
            _delete_session(couch, session["_id"])
            return _status(inspection_id, sha256, total, total, True, now["_rev"])
        return _status(inspection_id, sha256, held, total, False)
    return _finish(couch, inspection_id, sha256, total)


def _delete_session(couch: Couch, session: dict[str, Any] | str) -> None:
    """Delete an upload document, given as read (with ``_rev``) or by id (read first)."""
    if isinstance(session, str):
        session = couch.db(DB).get(session)
    if session:
        couch.db(DB).delete(session)


def _assemble(couch: Couch, sid: str) -> bytes:
    session = couch.db(DB).get(sid) or {}
    held = contiguous(session)
    parts = bytearray()
    for name in sorted(session.get("_attachments", {})):
        start = int(name[1:])
        if start > len(parts):
            break
        chunk = couch.db(DB).get_attachment(sid, name)
        if chunk is None:  # deleted by a concurrent request: what is held ends here
            break
        parts[start:] = chunk  # a later chunk overwrites any overlap
    return bytes(parts[:held])


def _finish(couch: Couch, inspection_id: str, sha256: str, total: int) -> dict[str, Any]:
    sid = upload_id(inspection_id, sha256)
    data = _assemble(couch, sid)
    if len(data) != total:
        _delete_session(couch, sid)
        raise KoraError(
            "photo_hash_mismatch",
            f"the {len(data)} bytes received are not the {total} announced; upload it again from 0",
        )
    return _attach(couch, inspection_id, sha256, data, sid)


def _attach(couch: Couch, inspection_id: str, sha256: str, data: bytes, sid: str | None = None) -> dict[str, Any]:
    """Check the whole photo and attach it to its inspection; then delete its upload document, if any.
    A photo that fails the checks throws the upload away: it could only be restarted from zero."""
    if hashlib.sha256(data).hexdigest() != sha256:
        if sid:
            _delete_session(couch, sid)
        raise KoraError(
            "photo_hash_mismatch", f"the {len(data)} bytes received do not hash to {sha256}; upload it again from 0"
        )
    try:
        content_type = check_image(data)
    except KoraError:
        if sid:
            _delete_session(couch, sid)
        raise
    for _ in range(ATTACH_ROUNDS):
        doc = inspections.get(couch, inspection_id)
        if doc is None:
            raise KoraError("not_found", f"inspection {inspection_id} was deleted during the upload")
        if intact(doc.get("_attachments", {}).get(sha256), data=data):
            rev = doc["_rev"]
            break
        attached = inspections.attach_photo(couch, inspection_id, doc["_rev"], sha256, data, content_type)
        if attached is None:  # a supervisor or another replica wrote the inspection meanwhile
            continue
        rev = attached
        break
    else:
        raise KoraError(
            "conflict", "the inspection kept changing while the photo was attached; send the last chunk again"
        )
    # A photo attached whole may race a late part of a cut request that opened an upload meanwhile;
    # one of the two sees the other (put_chunk checks after storing a part): delete it here.
    _delete_session(couch, sid or upload_id(inspection_id, sha256))
    return _status(inspection_id, sha256, len(data), len(data), True, rev)


def drop_abandoned_uploads(couch: Couch, now: datetime | None = None, days: int = ABANDONED_AFTER_DAYS) -> int:
    """Delete partial uploads started more than ``days`` ago, and uploads whose photo is already
    attached (a service stopped between attaching and deleting them); return how many. Run it daily.
    """
    cutoff = utc_stamp((now or datetime.now(UTC)) - timedelta(days=days))
    uploads = couch.db(DB).find_all({"type": "photo_upload"},
                                    fields=["_id", "_rev", "inspection_id", "sha256", "total", "started_at"])
    held_by = inspections.get_many(couch, [u.get("inspection_id", "") for u in uploads])

    def finished(upload: dict[str, Any]) -> bool:
        doc = held_by.get(upload.get("inspection_id", ""))
        return bool(doc) and intact(doc.get("_attachments", {}).get(upload.get("sha256")), upload.get("total"))

    stale = [u for u in uploads if str(u.get("started_at", "")) < cutoff or finished(u)]
    results = couch.db(DB).bulk([{"_id": d["_id"], "_rev": d["_rev"], "_deleted": True} for d in stale])
    return sum(1 for r in results if not r.get("error"))
