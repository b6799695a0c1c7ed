"""Photo batches from the client's side, against the real sync service and the real local CouchDB:
several photos per request, a cut at any byte resumed from exactly where the server stands."""

import json

import httpx
import pytest

from mobile_app.kora_app.sync import SyncClient, photo_id, shrink_jpeg
from mobile_app.kora_app.sync.tests.links import COUNTY, CuttingTransport
from tests.support.sync_data import make_inspection, make_photo, make_venue, seed, token_for
from tests.support.templates import make_template


@pytest.fixture
def field(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue(f"v{i}", COUNTY) for i in range(3)])
    return template


def _client(server, settings, transport=None, **kwargs):
    return SyncClient(server, token_for(settings, "dolma"), transport=transport, sleep=lambda s: None, **kwargs)


def _day(field, inspections=2, per=3):
    docs, photos = [], {}
    for i in range(inspections):
        shots = [shrink_jpeg(make_photo(seed=10 * i + k, size=(700, 500)), max_dimension=400) for k in range(per)]
        photos.update({photo_id(p): p for p in shots})
        docs.append(make_inspection(f"v{i}", COUNTY, "dolma", field, photos=[photo_id(p) for p in shots]))
    return docs, photos


def _parts(request):
    """(sha256, offset, length) of each part of a POST /sync/photos body."""
    head = request.content.split(b"\n", 1)[0]
    return [(p["sha256"], p["offset"], p["length"]) for p in json.loads(head)["parts"]]


def _assert_stored(couch, docs, photos):
    for doc in docs:
        stored = couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]
        names = doc["answers"][next(iter(doc["answers"]))]["photos"]
        assert set(stored["_attachments"]) == set(names)
        for name in names:
            got = couch.db("inspections").get_attachment(doc['_id'], name)
            assert got == photos[name]
    assert couch.db("sync").find_all({"type": "photo_upload"}, fields=["_id"]) == []


def test_all_the_photos_of_a_sync_go_in_one_request_when_they_fit(server, settings, couch, field):
    docs, photos = _day(field)
    seen = []
    transport = CuttingTransport(lambda request, n: seen.append((request.method, request.url.path)))
    with _client(server, settings, transport=transport) as client:
        result = client.sync(docs, photos, None)
    assert sorted(result.complete) == sorted(d["_id"] for d in docs)
    assert seen == [("POST", "/sync"), ("POST", "/sync/photos")] and result.requests == 2
    assert {p["result"] for p in result.photos} == {"uploaded"} and len(result.photos) == 6
    # the phone keeps the inspection's latest revision (after its last photo was attached)
    for pushed in result.pushed:
        assert pushed["rev"] == couch.db("inspections").all_docs([pushed["id"]])[pushed["id"]]["_rev"]
    _assert_stored(couch, docs, photos)


def test_a_request_carries_photos_up_to_the_budget_splitting_the_one_that_does_not_fit(server, settings, couch,
                                                                                        field):
    docs, photos = _day(field)
    budget = 16 * 1024
    posts = []
    transport = CuttingTransport(lambda r, n: posts.append(_parts(r)) if r.url.path == "/sync/photos" else None)
    with _client(server, settings, transport=transport, chunk_size=budget) as client:
        result = client.sync(docs, photos, None)
    assert len(result.complete) == 2
    total = sum(len(p) for p in photos.values())
    assert len(posts) == -(-total // budget) and result.requests == 1 + len(posts)
    assert all(sum(length for _, _, length in parts) <= budget for parts in posts)
    assert sum(length for parts in posts for _, _, length in parts) == total  # no byte twice
    assert any(len(parts) > 1 for parts in posts)
    _assert_stored(couch, docs, photos)


def _cut_once(position):
    """Cut the first photo batch ``position`` bytes into its body (negative: from its end)."""
    log = []

    def plan(request, n):
        log.append((request.url.path, request.content))
        if request.url.path == "/sync/photos" and not plan.done:
            plan.done = True
            return ("truncate", position % len(request.content))
        return None
    plan.done = False
    return plan, log


@pytest.mark.parametrize("position", [10, 400, 20_000, 45_000, -1])
def test_a_batch_cut_at_any_byte_resumes_from_what_arrived(server, settings, couch, field, position):
    docs, photos = _day(field)
    plan, log = _cut_once(position)
    transport = CuttingTransport(plan)
    with _client(server, settings, transport=transport) as client:
        result = client.sync(docs, photos, None)
    assert transport.cuts == 1 and len(result.complete) == 2
    # after the cut the phone asks where the server stands, once for all photos, then sends the rest
    assert [path for path, _ in log] == ["/sync", "/sync/photos", "/sync/photos/status", "/sync/photos"]
    cut_body = log[1][1]
    arrived = max(0, position % len(cut_body) - (cut_body.index(b"\n") + 1))  # photo bytes that got there
    expected = {}
    for sha, _, length in _parts(httpx.Request("POST", "http://x", content=cut_body)):
        got = min(arrived, length)
        arrived -= got
        if got < length:
            expected[sha] = (got, length - got)  # resumed from exactly the byte that arrived
    resumed = _parts(httpx.Request("POST", "http://x", content=log[3][1]))
    assert {sha: (offset, length) for sha, offset, length in resumed} == expected
    _assert_stored(couch, docs, photos)


def test_a_batch_whose_answer_is_lost_is_not_sent_again(server, settings, couch, field):
    docs, photos = _day(field)
    log = []

    def plan(request, n):
        log.append(request.url.path)
        return "lose_reply" if request.url.path == "/sync/photos" and log.count("/sync/photos") == 1 else None
    with _client(server, settings, transport=CuttingTransport(plan)) as client:
        result = client.sync(docs, photos, None)
    assert len(result.complete) == 2 and {p["result"] for p in result.photos} == {"uploaded"}
    assert log == ["/sync", "/sync/photos", "/sync/photos/status"]  # the status says all complete
    _assert_stored(couch, docs, photos)


def test_a_photo_damaged_in_a_batch_is_sent_again_from_zero_once_and_the_others_are_kept(server, settings, couch,
                                                                                         field):
    docs, photos = _day(field, inspections=1)

    class FlippingTransport(httpx.HTTPTransport):
        flipped = 0

        def handle_request(self, request):
            if request.url.path == "/sync/photos" and not FlippingTransport.flipped:
                FlippingTransport.flipped += 1
                body = bytearray(request.read())
                body[-100] ^= 0xFF  # inside the last photo of the batch
                request = httpx.Request(request.method, request.url, headers=request.headers, content=bytes(body))
            return super().handle_request(request)

    with _client(server, settings, transport=FlippingTransport()) as client:
        result = client.sync(docs, photos, None)
    assert result.complete == [docs[0]["_id"]] and result.requests == 3
    _assert_stored(couch, docs, photos)
