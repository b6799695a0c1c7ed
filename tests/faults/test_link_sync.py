"""The real sync client through the link simulator to the real sync service and CouchDB.

A smoke test of the bench wiring on a fast link with one inspection (not a timed test), plus the
exactly-once, byte-for-byte check every fault scenario ends with.
"""

from urllib.parse import urlsplit

import httpx
import pytest

from bench.link import LinkProfile, link
from mobile_app.kora_app.sync import SyncClient, SyncError, photo_id, shrink_jpeg
from services.sync import store
from services.sync.app import create_app
from services.sync.testing import (
    make_inspection,
    make_photo,
    make_template,
    make_venue,
    running_service,
    seed,
    token_for,
)

COUNTY = "540102"
FAST = LinkProfile("fast", 100e6, 100e6, 0.002, loss=0.05)


def assert_server_holds_exactly(couch, sent_docs, sent_photos):
    rows = store.call(couch, "GET", f"/{couch.name('inspections')}/_all_docs").json()["rows"]
    assert sorted(r["id"] for r in rows if not r["id"].startswith("_design")) == sorted(d["_id"] for d in sent_docs)
    for doc in sent_docs:
        stored = store.all_docs(couch, "inspections", [doc["_id"]])[doc["_id"]]
        assert stored["answers"] == doc["answers"]
        names = {n for n in doc["answers"].get(next(iter(doc["answers"])), {}).get("photos", [])}
        assert set(stored.get("_attachments", {})) == names
        for name in names:
            got = store.call(couch, "GET", f"/{couch.name('inspections')}/{doc['_id']}/{name}").content
            assert got == sent_photos[name] and photo_id(got) == name


@pytest.mark.integration
def test_one_inspection_over_a_lossy_fast_link_arrives_exactly_once(settings, couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    shots = [shrink_jpeg(make_photo(seed=s, size=(900, 700)), max_dimension=600) for s in (1, 2)]
    photos = {photo_id(p): p for p in shots}
    doc = make_inspection("v1", COUNTY, "dolma", template, photos=list(photos))
    with running_service(create_app(settings)) as url:
        target = urlsplit(url)
        with link(target.hostname, target.port, FAST, seed=3) as proxy:
            with SyncClient(f"http://127.0.0.1:{proxy.port}", token_for(settings, "dolma")) as client:
                result = client.sync([doc], photos, None)
            counts = proxy.counters.snapshot()
    assert result.complete == [doc["_id"]]
    assert counts["bytes_up"] > sum(len(p) for p in shots) and counts["connects"] >= 1
    assert counts["exchanges"] >= 1
    assert_server_holds_exactly(couch, [doc], photos)


@pytest.mark.integration
@pytest.mark.parametrize("cut_seed", [11, 12, 13])
def test_connections_cut_in_requests_and_replies_still_deliver_exactly_once(settings, couch, cut_seed):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue(f"v{i}", COUNTY) for i in range(3)])
    photos, docs = {}, []
    for i in range(3):
        shots = [shrink_jpeg(make_photo(seed=cut_seed * 10 + i * 2 + k, size=(900, 700)), max_dimension=600) for k in (0, 1)]
        photos.update({photo_id(p): p for p in shots})
        docs.append(make_inspection(f"v{i}", COUNTY, "dolma", template, photos=[photo_id(p) for p in shots]))
    complete: set[str] = set()
    failures = 0
    with running_service(create_app(settings)) as url:
        target = urlsplit(url)
        with link(target.hostname, target.port, FAST, seed=cut_seed, cut_rate=0.02) as proxy:
            for _ in range(40):  # bounded: each attempt makes progress or meets a fresh cut
                try:
                    with SyncClient(f"http://127.0.0.1:{proxy.port}", token_for(settings, "dolma"), timeout=20) as client:
                        result = client.sync(docs, photos, None)
                    complete = set(result.complete)
                    if complete == {d["_id"] for d in docs}:
                        break
                except (SyncError, httpx.HTTPError):  # a cut the client gave up on: sync again
                    failures += 1
            cuts = proxy.counters.snapshot()["cuts"]
    assert complete == {d["_id"] for d in docs}
    assert cuts > 0  # the scenario really cut connections
    assert_server_holds_exactly(couch, docs, photos)
