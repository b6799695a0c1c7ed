"""Push replication through the link: everything arrives at the phone's revisions; a second push
starts from the checkpoint and sends nothing; documents without photos go through _bulk_docs."""

import dataclasses

import pytest

from bench.baselines import couch_replication as replication
from bench.contenders import CouchReplication
from bench.harness import measure
from bench.link import link
from bench.tests.conftest import FAST
from bench.workload import Day


def test_the_multipart_body_holds_the_json_then_each_photo_raw(two_inspections) -> None:
    inspection = two_inspections.inspections[0]
    body, content_type = replication.multipart_body(inspection)
    assert content_type.startswith("multipart/related; boundary=")
    assert body.count(b'"follows":true') == len(inspection.photos)
    for data in inspection.photos.values():
        assert data in body  # raw, not Base64
    assert len(body) < inspection.photo_bytes + 20_000


def test_revisions_are_the_phones_first_generation_and_stable(two_inspections) -> None:
    inspection = two_inspections.inspections[0]
    rev = replication.revision(inspection.doc, inspection.photos)
    assert rev.startswith("1-") and rev == replication.revision(inspection.doc, inspection.photos)
    assert replication.replicated_doc(inspection)["_revisions"] == {"start": 1, "ids": [rev[2:]]}


@pytest.mark.parametrize(
    "attachments", [replication.ATTACHMENTS_MULTIPART, replication.ATTACHMENTS_INLINE]
)
def test_a_push_delivers_everything_then_a_second_one_sends_nothing(
    server, namespace, two_inspections, attachments
):
    contender = CouchReplication(server, two_inspections, f"{namespace}_{attachments}", attachments)
    _wall, counts = measure(contender, FAST)  # measure() verifies byte for byte
    # GET db, GET checkpoint, _revs_diff, then a PUT per document (multipart) or one _bulk_docs,
    # then the checkpoint
    per_doc = len(two_inspections.inspections) if attachments == "multipart" else 1
    assert counts["exchanges"] == 4 + per_doc
    with link("127.0.0.1", server.port, FAST) as proxy:
        again = replication.push(
            f"http://127.0.0.1:{proxy.port}",
            contender.db,
            two_inspections,
            server.auth,
            attachments,
        )
        # GET db, GET checkpoint (everything is behind it), PUT checkpoint
        assert proxy.counters.snapshot()["exchanges"] == 3
    assert again["history"][0]["missing_checked"] == 0 and len(again["history"]) == 2
    contender.verify()


def test_documents_without_photos_go_in_one_bulk_docs(server, namespace, two_inspections) -> None:
    bare = [
        dataclasses.replace(
            i,
            photos={},
            doc={
                **i.doc,
                "answers": {k: {"value": v["value"]} for k, v in i.doc["answers"].items()},
            },
        )
        for i in two_inspections.inspections
    ]
    day = Day(two_inspections.template, two_inspections.venues, bare)
    contender = CouchReplication(server, day, namespace)
    _wall, counts = measure(contender, FAST)
    assert counts["exchanges"] == 5  # GET db, GET checkpoint, _revs_diff, _bulk_docs, checkpoint
