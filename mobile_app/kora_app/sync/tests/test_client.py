"""The sync client against the real sync service (uvicorn on a free port) and the real local CouchDB.

Cut links are injected by a transport that forwards a request and then loses the reply, or sends
only the first bytes of a photo chunk and then drops.
"""

import httpx
import pytest

from deploy.local_suite.ports import HOST, free_port
from mobile_app.kora_app.sync import SyncClient, SyncError, photo_id, shrink_jpeg
from mobile_app.kora_app.sync.tests.links import COUNTY, CuttingTransport
from tests.support.sync_data import make_inspection, make_photo, make_venue, seed, token_for
from tests.support.templates import make_template


@pytest.fixture
def field(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue(f"v{i}", COUNTY) for i in range(20)] + [make_venue("far", "540103")])
    return template


def _client(server, settings, transport=None, **kwargs):
    return SyncClient(server, token_for(settings, "dolma"), transport=transport, sleep=lambda s: None, **kwargs)


def test_first_sync_pushes_uploads_and_pulls_then_a_resync_is_one_request(server, settings, couch, field):
    shots = [shrink_jpeg(make_photo(seed=s, size=(900, 700)), max_dimension=400) for s in (1, 2)]
    doc = make_inspection("v3", COUNTY, "dolma", field, photos=[photo_id(p) for p in shots])
    with _client(server, settings, chunk_size=8 * 1024, batch=False) as client:
        result = client.sync([doc], {photo_id(p): p for p in shots}, None)
    assert [r["result"] for r in result.pushed] == ["accepted"]
    assert {p["result"] for p in result.photos} == {"uploaded"} and result.complete == [doc["_id"]]
    assert len(result.pulled["venues"]) == 20 and [t["template_id"] for t in result.pulled["templates"]] == [
        "bank-basic"
    ]
    chunks = sum(-(-len(p) // (8 * 1024)) for p in shots)
    assert result.requests == 1 + chunks
    stored = couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]
    assert set(stored["_attachments"]) == {photo_id(p) for p in shots}

    with _client(server, settings) as client:
        again = client.sync([doc], {photo_id(p): p for p in shots}, result.checkpoint)
    assert [r["result"] for r in again.pushed] == ["already_had"] and again.complete == [doc["_id"]]
    assert again.requests == 1 and again.photos == [] and again.pulled["venues"] == []


def test_lost_replies_are_retried_without_duplicates(server, settings, couch, field):
    docs = [make_inspection(f"v{i}", COUNTY, "dolma", field) for i in range(5)]
    transport = CuttingTransport(lambda request, n: "lose_reply" if n in (1, 2) else None)
    with _client(server, settings, transport=transport) as client:
        result = client.sync(docs, {}, None)
    assert transport.cuts == 2 and result.requests == 3
    assert [r["result"] for r in result.pushed] == ["already_had"] * 5  # the lost first try stored them
    rows = couch.http.get(f"/{couch.name('inspections')}/_all_docs").json()["rows"]
    assert sorted(r["id"] for r in rows if not r["id"].startswith("_design")) == sorted(d["_id"] for d in docs)


@pytest.mark.parametrize("cut_at", [1, 5000, 11000])
def test_photo_cut_mid_chunk_resumes_from_the_bytes_that_arrived(server, settings, couch, field, cut_at):
    photo = shrink_jpeg(make_photo(seed=9, size=(640, 480)), max_dimension=320)
    doc = make_inspection("v1", COUNTY, "dolma", field, photos=[photo_id(photo)])
    chunk = 4096

    def plan(request, n):
        # cut the chunk that holds byte `cut_at`, once, leaving the bytes before it on the server
        if request.method == "PUT" and not plan.done:
            offset = int(request.url.params["offset"])
            if offset <= cut_at < offset + chunk:
                plan.done = True
                return ("truncate", cut_at - offset)
        return None
    plan.done = False

    transport = CuttingTransport(plan)
    with _client(server, settings, transport=transport, chunk_size=chunk, batch=False) as client:
        result = client.sync([doc], {photo_id(photo): photo}, None)
    assert transport.cuts == 1 and result.complete == [doc["_id"]]
    attached = couch.http.get(f"/{couch.name('inspections')}/{doc['_id']}/{photo_id(photo)}")
    assert attached.content == photo
    # no restart from zero: only the chunk that was cut is sent twice, at most
    assert result.photos[0]["result"] == "uploaded"
    assert result.bytes_sent < len(photo) + chunk + 4000  # the gzipped POST /sync included


@pytest.mark.parametrize("cut_at", [1, 5000, 11000])
def test_a_chunk_cut_is_retried_from_the_byte_the_server_holds_not_from_its_start(server, settings, couch,
                                                                                   field, cut_at):
    photo = shrink_jpeg(make_photo(seed=9, size=(640, 480)), max_dimension=320)
    doc = make_inspection("v1", COUNTY, "dolma", field, photos=[photo_id(photo)])
    chunk = 4096
    puts: list[tuple[int, int]] = []  # (offset, bytes) of every chunk the phone sent

    def plan(request, n):
        if request.method != "PUT":
            return None
        offset = int(request.url.params["offset"])
        puts.append((offset, len(request.content)))
        if not plan.done and offset <= cut_at < offset + chunk:
            plan.done = True
            return ("truncate", cut_at - offset)  # the chunk holding byte `cut_at` is cut there
        return None
    plan.done = False

    with _client(server, settings, transport=CuttingTransport(plan), chunk_size=chunk, batch=False) as client:
        result = client.sync([doc], {photo_id(photo): photo}, None)
    assert result.complete == [doc["_id"]]
    cut = next(i for i, (offset, _) in enumerate(puts) if offset <= cut_at < offset + chunk)
    # The retry of the cut chunk asks where the server stands and sends from there: no byte twice.
    assert puts[cut + 1][0] == cut_at
    assert sum(size for _, size in puts) == len(photo) + puts[cut][1] - (cut_at - puts[cut][0])


@pytest.mark.parametrize("cut_at", [1, 7000, -1])
def test_by_default_a_photo_is_one_request_and_a_cut_one_resumes_from_the_byte_it_stopped(
        server, settings, couch, field, cut_at):
    shots = [shrink_jpeg(make_photo(seed=s, size=(900, 700)), max_dimension=500) for s in (3, 4)]
    doc = make_inspection("v1", COUNTY, "dolma", field, photos=[photo_id(p) for p in shots])
    cut_at %= len(shots[0])
    puts: list[tuple[int, int]] = []

    def plan(request, n):
        if request.method != "PUT":
            return None
        puts.append((int(request.url.params["offset"]), len(request.content)))
        if len(puts) == 1:
            return ("truncate", cut_at)  # the first photo's only request is cut at byte `cut_at`
        return None

    with _client(server, settings, transport=CuttingTransport(plan), batch=False) as client:
        result = client.sync([doc], {photo_id(p): p for p in shots}, None)
    assert result.complete == [doc["_id"]]
    # one whole-photo PUT each, plus for the cut one a status GET and one PUT of the rest
    assert puts == [(0, len(shots[0])), (cut_at, len(shots[0]) - cut_at), (0, len(shots[1]))]
    assert result.requests == 1 + 2 + 1 + 1
    for shot in shots:
        attached = couch.http.get(f"/{couch.name('inspections')}/{doc['_id']}/{photo_id(shot)}")
        assert attached.content == shot
    leftovers = couch.db("sync").all_docs([f"upload:{doc['_id']}:{photo_id(p)}" for p in shots])
    assert list(leftovers.values()) == [None, None]


def test_a_photo_request_is_given_time_for_its_bytes_on_a_slow_uplink():
    seen = []

    def answer(request):
        seen.append(request.extensions["timeout"]["read"])
        return httpx.Response(200, json={"received": 300_000, "total": 300_000, "complete": True})

    with SyncClient("http://phone.test", "t", timeout=30, transport=httpx.MockTransport(answer)) as client:
        client.upload_photo("0f8fad5b-d9cb-469f-a165-70867728950e", "a" * 64, b"x" * 300_000)
    assert seen == [30 + 300]  # 300 kB at the slowest uplink allowed for (1 kB/s), on top of the usual wait


def test_refusals_are_reported_per_document_and_per_photo(server, settings, field):
    text_file = b"not a photo at all, just text " * 50
    good = make_inspection("v1", COUNTY, "dolma", field, photos=[photo_id(text_file)])
    far = make_inspection("far", "540103", "dolma", field)
    with _client(server, settings) as client:
        result = client.sync([good, far], {photo_id(text_file): text_file}, None)
    assert [r["result"] for r in result.pushed] == ["accepted", "refused"]
    assert result.photos[0]["result"] == "refused" and result.photos[0]["error"] == "not_an_image"
    assert result.complete == []


def test_an_inspection_lacking_a_required_photo_names_the_items_to_the_phone(server, settings, couch):
    template = make_template("photo-rules", photo="on_no")
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    lacking = make_inspection("v1", COUNTY, "dolma", template)
    lacking["answers"]["item-04"] = {"value": "no", "note": "无人工窗口"}
    complete = make_inspection("v1", COUNTY, "dolma", template)
    with _client(server, settings) as client:
        result = client.sync([lacking, complete], {}, None)
    assert [r["result"] for r in result.pushed] == ["invalid", "accepted"]
    assert result.photos_required() == {lacking["_id"]: ["item-04"]}
    assert result.complete == [complete["_id"]]


def test_a_server_that_stays_away_raises_with_what_was_done(settings):
    client = SyncClient(f"http://{HOST}:{free_port()}", "token", retries=2, sleep=lambda s: None)
    with client, pytest.raises(SyncError) as caught:
        client.sync([], {}, None)
    assert caught.value.code == "network" and caught.value.partial.requests == 3


def test_bad_token_is_not_retried(server):
    client = SyncClient(server, "forged", sleep=lambda s: None)
    with client, pytest.raises(SyncError) as caught:
        client.sync([], {}, None)
    assert (caught.value.code, caught.value.status, client.stats.requests) == ("token_invalid", 401, 1)


def test_a_big_outbox_goes_in_batches_and_pulls_once(server, settings, couch, field):
    docs = [make_inspection(f"v{i % 20}", COUNTY, "dolma", field) for i in range(130)]
    events = []
    with _client(server, settings) as client:
        result = client.sync(docs, {}, None, progress=events.append)
    assert result.requests == 2 and len(result.pushed) == 130
    assert {r["result"] for r in result.pushed} == {"accepted"} and len(result.complete) == 130
    assert [e for e in events if e["stage"] == "push"] == [{"stage": "push", "sent": 100, "of": 130},
                                                           {"stage": "push", "sent": 130, "of": 130}]
    assert len(result.pulled["venues"]) == 20


def test_an_oversized_inspection_is_reported_and_does_not_block_the_rest(server, settings, couch, field, monkeypatch):
    from services.sync.exchange import router as exchange_router

    monkeypatch.setattr(exchange_router, "MAX_INFLATED_BYTES", 60_000)
    docs = [make_inspection(f"v{i}", COUNTY, "dolma", field) for i in range(12)]
    huge = docs[5]
    huge["signature"]["strokes"] = [[[i % 600, i % 200] for i in range(1500)] for _ in range(6)]  # valid, just big
    with _client(server, settings) as client:
        result = client.sync(docs, {}, None)
    assert [r["index"] for r in result.pushed] == list(range(12))
    assert [r["id"] for r in result.pushed] == [d["_id"] for d in docs]
    assert result.pushed[5]["result"] == "invalid" and result.pushed[5]["code"] == "body_too_large"
    assert {r["result"] for i, r in enumerate(result.pushed) if i != 5} == {"accepted"}
    assert len(result.pulled["venues"]) == 20 and result.checkpoint


def test_a_checkpoint_the_server_refuses_starts_a_full_pull(server, settings, field):
    with _client(server, settings) as client:
        result = client.sync([], {}, "bm90IGEgY2hlY2twb2ludA")
        assert result.pulled["full"] is True and len(result.pulled["venues"]) == 20
        assert result.requests == 2 and result.checkpoint
        later = client.sync([], {}, result.checkpoint)
    assert later.pulled["full"] is False and later.pulled["venues"] == []


def test_bytes_damaged_in_transit_are_sent_again_from_zero_once(server, settings, couch, field):
    photo = shrink_jpeg(make_photo(seed=4, size=(400, 300)), max_dimension=300)
    doc = make_inspection("v1", COUNTY, "dolma", field, photos=[photo_id(photo)])

    class FlippingTransport(httpx.HTTPTransport):
        flipped = 0

        def handle_request(self, request):
            if request.method == "PUT" and not FlippingTransport.flipped:
                FlippingTransport.flipped += 1
                body = bytearray(request.read())
                body[10] ^= 0xFF
                request = httpx.Request(request.method, request.url, headers=request.headers, content=bytes(body))
            return super().handle_request(request)

    with _client(server, settings, transport=FlippingTransport(), batch=False) as client:
        result = client.sync([doc], {photo_id(photo): photo}, None)
    assert FlippingTransport.flipped == 1 and result.complete == [doc["_id"]]
    attached = couch.http.get(f"/{couch.name('inspections')}/{doc['_id']}/{photo_id(photo)}")
    assert attached.content == photo
