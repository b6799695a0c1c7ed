"""POST /sync through the FastAPI app against the real local CouchDB."""

import copy
import gzip
import json
import uuid

import pytest

from tests.support.sync_data import bearer, make_inspection, make_venue, seed
from tests.support.templates import make_template

COUNTY = "540102"
OTHER_COUNTY = "540103"


@pytest.fixture
def field(couch):
    template = make_template()
    seed(couch, "catalog", [template, make_template(version=2, status="draft")])
    seed(couch, "venues", [make_venue("v1", COUNTY), make_venue("v2", COUNTY), make_venue("far", OTHER_COUNTY)])
    return {"template": template}


def _sync(client, settings, push=(), checkpoint=None, name="dolma", **kwargs):
    body = {"push": [{"doc": d, "base_rev": b} for d, b in push], "checkpoint": checkpoint}
    return client.post("/sync", json=body, headers=bearer(settings, name, **kwargs))


def test_push_then_resend_is_a_no_op(client, settings, couch, field):
    docs = [make_inspection("v1", COUNTY, "dolma", field["template"]) for _ in range(20)]
    first = _sync(client, settings, [(d, None) for d in docs])
    assert first.status_code == 200, first.text
    assert [r["result"] for r in first.json()["push"]] == ["accepted"] * 20
    again = _sync(client, settings, [(d, None) for d in docs]).json()
    assert [r["result"] for r in again["push"]] == ["already_had"] * 20
    assert [r["rev"] for r in again["push"]] == [r["rev"] for r in first.json()["push"]]
    stored = couch.db("inspections").all_docs([d["_id"] for d in docs])
    assert all(doc["_rev"].startswith("1-") for doc in stored.values())


def test_where_it_was_started_and_submitted_is_kept_with_its_source(client, settings, couch, field):
    doc = make_inspection("v1", COUNTY, "dolma", field["template"])
    doc["gps"] = {"lat": 29.652, "lon": 91.1721, "accuracy_m": 12.5, "captured_at": "2026-05-04T02:15:05Z",
                  "source": "device"}
    doc["gps_finished"] = {"lat": 29.65, "lon": 91.13, "captured_at": "2026-05-04T02:52:30Z", "source": "settings"}
    guessed = copy.deepcopy(doc)
    guessed["_id"], guessed["gps_finished"]["source"] = str(uuid.uuid4()), "guessed"
    results = _sync(client, settings, [(doc, None), (guessed, None)]).json()["push"]
    assert [r["result"] for r in results] == ["accepted", "invalid"]
    assert results[1]["errors"][0]["path"] == "/gps_finished/source"
    stored = couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]
    assert stored["gps"] == doc["gps"] and stored["gps_finished"] == doc["gps_finished"]


def test_one_invalid_document_does_not_sink_the_batch(client, settings, couch, field):
    good = make_inspection("v1", COUNTY, "dolma", field["template"])
    bad = make_inspection("v2", COUNTY, "dolma", field["template"])
    bad["answers"]["item-01"]["value"] = "maybe"
    unknown_item = make_inspection("v2", COUNTY, "dolma", field["template"])
    unknown_item["answers"]["item-99"] = {"value": "yes"}
    results = _sync(client, settings, [(good, None), (bad, None), (unknown_item, None), ("junk", None)]).json()["push"]
    assert [r["result"] for r in results] == ["accepted", "invalid", "invalid", "invalid"]
    assert "/answers/item-01/value" in [e["path"] for e in results[1]["errors"]]
    assert results[2]["errors"][0]["path"] == "/answers/item-99"
    stored = couch.db("inspections").all_docs([good["_id"], bad["_id"], unknown_item["_id"]])
    assert stored[good["_id"]] is not None and stored[bad["_id"]] is None and stored[unknown_item["_id"]] is None


def test_out_of_reach_is_refused_per_document(client, settings, couch, field):
    mine = make_inspection("v1", COUNTY, "dolma", field["template"])
    far = make_inspection("far", OTHER_COUNTY, "dolma", field["template"])
    someone_else = make_inspection("v1", COUNTY, "pasang", field["template"])
    lying = make_inspection("far", COUNTY, "dolma", field["template"])  # a far venue, claimed to be here
    muddled = make_inspection("v1", "540104", "dolma", field["template"])  # wrong county for the venue
    pushed = [(mine, None), (far, None), (someone_else, None), (lying, None), (muddled, None)]
    results = _sync(client, settings, pushed, level="prefecture", codes=("540100",)).json()["push"]
    assert [r["result"] for r in results] == ["accepted", "accepted", "refused", "invalid", "invalid"]
    results = _sync(client, settings, pushed).json()["push"]  # a county-level inspector of 540102
    assert [r["result"] for r in results] == ["already_had", "refused", "refused", "refused", "refused"]
    assert "540103" in results[1]["reason"] and "pasang" in results[2]["reason"]
    assert "venue far is outside" in results[3]["reason"] and "540104" in results[4]["reason"]
    assert [r["refusal"] for r in results[1:]] == ["county_outside_reach", "not_your_name", "venue_outside_reach",
                                                   "county_outside_reach"]


def test_someone_elses_inspection_id_is_refused(client, settings, couch, field):
    theirs = make_inspection("v1", COUNTY, "pasang", field["template"])
    assert _sync(client, settings, [(theirs, None)], name="pasang").json()["push"][0]["result"] == "accepted"
    hijack = copy.deepcopy(theirs)
    hijack["inspector"] = "dolma"
    hijack["client"]["revision"] = 9
    result = _sync(client, settings, [(hijack, None)]).json()["push"][0]
    assert result["result"] == "refused" and "server" not in result and result["refusal"] == "another_inspectors_id"
    assert couch.db("inspections").all_docs([theirs["_id"]])[theirs["_id"]]["inspector"] == "pasang"


def test_edit_after_supervisor_change_is_a_conflict_with_both_versions(client, settings, couch, field):
    doc = make_inspection("v1", COUNTY, "dolma", field["template"])
    rev = _sync(client, settings, [(doc, None)]).json()["push"][0]["rev"]
    server = couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]
    server.update(status="returned", review={"comment": "补拍照片", "by": "sup", "at": "2026-05-05T09:00:00Z"})
    returned_rev = couch.db("inspections").bulk([server])[0]["rev"]
    edited = copy.deepcopy(doc)
    edited["answers"]["item-02"]["value"] = "no"
    edited["client"]["revision"] = 2
    result = _sync(client, settings, [(edited, rev)]).json()["push"][0]
    assert result["result"] == "conflict"
    assert result["server"]["status"] == "returned" and result["server"]["_rev"] == returned_rev
    assert result["yours"]["answers"]["item-02"]["value"] == "no"
    assert couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]["_rev"] == returned_rev
    # Having seen the returned version, the phone may resubmit on top of it; the comment stays.
    resubmitted = _sync(client, settings, [(edited, returned_rev)]).json()["push"][0]
    assert resubmitted["result"] == "accepted"
    stored = couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]]
    assert stored["status"] == "submitted" and stored["review"]["comment"] == "补拍照片"


def test_lost_reply_then_local_edit_fast_forwards(client, settings, field):
    doc = make_inspection("v1", COUNTY, "dolma", field["template"])
    _sync(client, settings, [(doc, None)])  # the reply never reached the phone
    edited = copy.deepcopy(doc)
    edited["answers"]["item-03"]["note"] = "补充说明"
    edited["client"]["revision"] = 2
    assert _sync(client, settings, [(edited, None)]).json()["push"][0]["result"] == "accepted"
    older = copy.deepcopy(doc)
    older["answers"]["item-04"]["value"] = "na"
    assert _sync(client, settings, [(older, None)]).json()["push"][0]["result"] == "conflict"


def test_gzip_request_and_response(client, settings, field):
    doc = make_inspection("v1", COUNTY, "dolma", field["template"])
    body = gzip.compress(json.dumps({"push": [{"doc": doc}]}).encode())
    headers = {**bearer(settings, "dolma"), "content-encoding": "gzip", "content-type": "application/json",
               "accept-encoding": "gzip"}
    response = client.post("/sync", content=body, headers=headers)
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert response.json()["push"][0]["result"] == "accepted"


@pytest.mark.parametrize("body, headers, status, code", [
    (b"{not json", {}, 400, "malformed_json"),
    (b"[1, 2]", {}, 422, "invalid_request"),
    (json.dumps({"push": "x"}).encode(), {}, 422, "invalid_request"),
    (json.dumps({"checkpoint": 5}).encode(), {}, 422, "invalid_request"),
    (json.dumps({"checkpoint": "bm90IGpzb24"}).encode(), {}, 422, "bad_checkpoint"),
    (json.dumps({"push": [{"doc": {}}] * 101}).encode(), {}, 422, "invalid_request"),
    (gzip.compress(b"{" + b" " * (20 * 1024 * 1024) + b"}"), {"content-encoding": "gzip"}, 413, "body_too_large"),
    (b"x" * (3 * 1024 * 1024), {}, 413, "body_too_large"),
    (b"\x1f\x8b not really gzip", {"content-encoding": "gzip"}, 400, "malformed_json"),
    (b"{}", {"content-encoding": "br"}, 415, "unsupported_media_type"),
])
def test_bad_input_gets_a_clear_4xx(client, settings, couch, body, headers, status, code):
    response = client.post("/sync", content=body, headers={**bearer(settings, "dolma"), **headers})
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_only_inspectors_with_valid_tokens(client, settings, couch):
    assert client.post("/sync", json={}).json()["code"] == "not_authenticated"
    assert (
        client.post("/sync", json={}, headers=bearer(settings, "sup", role="supervisor")).json()["code"] == "forbidden"
    )
    expired = bearer(settings, "dolma", lifetime_seconds=-5)
    assert client.post("/sync", json={}, headers=expired).json()["code"] == "token_expired"


def test_a_push_cut_mid_body_stores_nothing(client, settings, couch, field):
    import asyncio

    doc = make_inspection("v1", COUNTY, "dolma", field["template"])
    body = json.dumps({"push": [{"doc": doc}]}).encode()
    messages = [
        {"type": "http.request", "body": body[: len(body) // 2], "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/sync", "raw_path": b"/sync", "root_path": "", "query_string": b"",
             "server": ("testserver", 80), "client": ("1.2.3.4", 1),
             "headers": [(b"authorization", bearer(settings, "dolma")["authorization"].encode()),
                         (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    asyncio.run(client.app(scope, receive, send))
    assert sent[0]["status"] == 400
    assert couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]] is None


def test_openapi_describes_the_sync_bodies(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "application/json" in paths["/sync"]["post"]["requestBody"]["content"]
    assert "application/octet-stream" in paths["/sync/photos/{inspection_id}/{sha256}"]["put"]["requestBody"]["content"]
