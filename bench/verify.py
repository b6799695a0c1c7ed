"""After each run: does the database hold exactly the inspections and photos sent, byte for byte?

A contender that loses or mangles data must not win on time, so each check reads back every
document of the contender's database and every attachment, and raises ``BenchError`` on the
first difference (a missing or extra document, a changed field, a missing, extra or different
photo).
"""

from __future__ import annotations

from bench.baselines.couch_replication import revision
from bench.baselines.odk_receiver import SUBMISSION_XML
from bench.baselines.openrosa_instance import instance_xml, photo_file_name
from bench.couch_server import BenchError, CouchServer
from bench.workload import Day
from schemas.rules.inspection import phone_content


def _same_ids(stored: dict[str, dict], day: Day, who: str) -> None:
    sent = sorted(d["_id"] for d in day.docs)
    if sorted(stored) != sent:
        missing = sorted(set(sent) - set(stored))
        extra = sorted(set(stored) - set(sent))
        raise BenchError(f"{who}: documents differ (missing {missing[:3]}, extra {extra[:3]})")


def _same_attachments(
    server: CouchServer, db: str, doc: dict, expected: dict[str, bytes], who: str
) -> None:
    names = set(doc.get("_attachments", {}))
    if names != set(expected):
        raise BenchError(
            f"{who}: {doc['_id']} has attachments {sorted(names)[:4]}, "
            f"expected {sorted(expected)[:4]}"
        )
    for name, data in expected.items():
        if server.attachment(db, doc["_id"], name) != data:
            raise BenchError(f"{who}: {doc['_id']}/{name} is not byte for byte what was sent")


def check_kora(server: CouchServer, db: str, day: Day) -> None:
    """Kora's inspections database: the phone's fields unchanged, every photo attached."""
    stored = server.docs(db)
    _same_ids(stored, day, "kora")
    for inspection in day.inspections:
        doc = stored[inspection.doc["_id"]]
        if phone_content(doc) != inspection.doc:
            raise BenchError(f"kora: {doc['_id']} is not the inspection sent")
        _same_attachments(server, db, doc, inspection.photos, "kora")


def check_odk(server: CouchServer, db: str, day: Day) -> None:
    """The receiver's database: one complete submission per inspection, XML and photos intact."""
    stored = server.docs(db)
    _same_ids(stored, day, "odk")
    for inspection in day.inspections:
        doc = stored[inspection.doc["_id"]]
        if doc.get("complete") is not True:
            raise BenchError(f"odk: {doc['_id']} is still marked incomplete")
        expected = {SUBMISSION_XML: instance_xml(inspection.doc)}
        expected.update({photo_file_name(sha): data for sha, data in inspection.photos.items()})
        _same_attachments(server, db, doc, expected, "odk")


def check_replication(server: CouchServer, db: str, day: Day) -> None:
    """The replication target: each document at the phone's revision, body and photos intact."""
    stored = server.docs(db)
    _same_ids(stored, day, "couch_replication")
    for inspection in day.inspections:
        doc = stored[inspection.doc["_id"]]
        body = {k: v for k, v in doc.items() if k not in ("_rev", "_attachments")}
        if body != inspection.doc or doc["_rev"] != revision(inspection.doc, inspection.photos):
            raise BenchError(f"couch_replication: {doc['_id']} is not the document sent")
        _same_attachments(server, db, doc, inspection.photos, "couch_replication")
