"""Which request carries a venue added on the spot, seen on the wire (httpx.MockTransport)."""

import gzip
import json

import httpx

from mobile_app.kora_app.sync import SyncClient


def _recording_server(bodies):
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(gzip.decompress(request.content))
        bodies.append(body)
        push = [{"index": i, "id": item["doc"]["_id"], "result": "accepted", "rev": "1-a", "photos_needed": []}
                for i, item in enumerate(body["push"])]
        venues = [{"index": i, "venue_id": v["venue_id"], "result": "created"}
                  for i, v in enumerate(body.get("new_venues", []))]
        return httpx.Response(200, json={"push": push, "new_venues": venues, "pull": {}, "checkpoint": "cp",
                                         "more": False})
    return answer


def _doc(number, venue_id):
    return {"doc": {"_id": f"i{number}", "venue_id": venue_id}, "base_rev": None}


def test_each_venue_goes_with_the_first_batch_naming_it_and_a_request_without_any_leaves_the_key_out():
    bodies = []
    outbox = [_doc(n, "v0") for n in range(150)] + [_doc(150, "field-b")]
    venues = [{"venue_id": "field-a"}, {"venue_id": "field-b"}]
    with SyncClient("http://phone.test", "t", transport=httpx.MockTransport(_recording_server(bodies))) as client:
        result = client.sync(outbox, {}, None, new_venues=venues)
    assert [len(b["push"]) for b in bodies] == [100, 51]
    assert bodies[0]["new_venues"] == [{"venue_id": "field-a"}]  # named by no inspection: the first batch
    assert bodies[1]["new_venues"] == [{"venue_id": "field-b"}]
    assert [(v["venue_id"], v["result"]) for v in result.venues] == [("field-a", "created"), ("field-b", "created")]
    bodies.clear()
    with SyncClient("http://phone.test", "t", transport=httpx.MockTransport(_recording_server(bodies))) as client:
        client.sync([_doc(1, "v0")], {}, "cp")
    assert "new_venues" not in bodies[0]  # a server from before new venues refuses unknown keys
