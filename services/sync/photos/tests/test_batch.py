"""Several photos in one POST /sync/photos, against the real local CouchDB: per-part results, parts
split across requests, cuts made with a raw socket on a real uvicorn service, and refusals."""

import json
import socket
import time
from urllib.parse import urlsplit

import pytest

from services.sync.app import create_app
from services.sync.photos.batch import MAX_PART_BYTES
from tests.support.sync_data import (
    bearer,
    make_inspection,
    make_photo,
    make_venue,
    running_service,
    seed,
    sha256_hex,
    token_for,
)
from tests.support.templates import make_template

COUNTY = "540102"
TEXT = b"not a photo at all, just text\n" * 20


@pytest.fixture
def photos():
    return [make_photo(seed=s, size=(320, 240)) for s in (11, 12, 13)]


def _push(client, settings, couch, names, inspector="dolma"):
    template = make_template()
    if not couch.db("catalog").all_docs([template["_id"]])[template["_id"]]:
        seed(couch, "catalog", [template])
        seed(couch, "venues", [make_venue("v1", COUNTY)])
    doc = make_inspection("v1", COUNTY, inspector, template, photos=names)
    answer = client.post("/sync", json={"push": [{"doc": doc}], "pull": False}, headers=bearer(settings, inspector))
    assert answer.json()["push"][0]["result"] == "accepted", answer.text
    return doc["_id"]


def _part(inspection_id, data, offset=0, length=None, name=None):
    length = len(data) - offset if length is None else length
    return ({"inspection_id": inspection_id, "sha256": name or sha256_hex(data), "offset": offset,
             "length": length, "total": len(data)}, data[offset:offset + length])


def _body(parts):
    return json.dumps({"parts": [p for p, _ in parts]}).encode() + b"\n" + b"".join(b for _, b in parts)


def _post(client, settings, body, name="dolma", **headers):
    return client.post("/sync/photos", content=body,
                       headers={**bearer(settings, name), "content-type": "application/octet-stream", **headers})


def _attachment(couch, inspection_id, sha):
    return couch.db("inspections").get_attachment(inspection_id, sha)


def test_a_batch_attaches_each_photo_and_refuses_bad_ones_on_their_own(client, settings, couch, photos):
    a, b, c = photos
    mine = _push(client, settings, couch, [sha256_hex(a), sha256_hex(TEXT), sha256_hex(b)])
    other = _push(client, settings, couch, [sha256_hex(c)], inspector="norbu")
    liar = bytearray(b)
    liar[-10] ^= 1
    parts = [_part(mine, a), _part(mine, TEXT), _part(other, c),
             _part(mine, bytes(liar), name=sha256_hex(b)), _part(mine, b, offset=0)]
    # the same photo twice is refused by the manifest check; send the good b in a second batch
    answer = _post(client, settings, _body(parts[:4]))
    assert answer.status_code == 200, answer.text
    results = answer.json()["parts"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert results[0]["complete"] is True and results[0]["received"] == len(a) and results[0]["inspection_rev"]
    assert [r.get("code") for r in results[1:]] == ["not_an_image", "forbidden", "photo_hash_mismatch"]
    assert _attachment(couch, mine, sha256_hex(a)) == a
    second = _post(client, settings, _body([parts[4], _part(mine, a)])).json()["parts"]
    assert [r["complete"] for r in second] == [True, True]
    assert _attachment(couch, mine, sha256_hex(b)) == b
    doc = couch.db("inspections").all_docs([mine])[mine]
    assert set(doc["_attachments"]) == {sha256_hex(a), sha256_hex(b)}  # each once; the text never
    assert "_attachments" not in couch.db("inspections").all_docs([other])[other]


def test_a_photo_split_across_two_batches_is_joined_and_the_upload_tidied(client, settings, couch, photos):
    a, b, _ = photos
    mine = _push(client, settings, couch, [sha256_hex(a), sha256_hex(b)])
    half = len(b) // 2
    first = _post(client, settings, _body([_part(mine, a), _part(mine, b, 0, half)])).json()["parts"]
    assert first[0]["complete"] is True
    assert (first[1]["received"], first[1]["complete"]) == (half, False)
    status = client.post("/sync/photos/status", headers=bearer(settings, "dolma"),
                         json={"photos": [{"inspection_id": mine, "sha256": sha256_hex(b)}]}).json()["photos"]
    assert status[0]["received"] == half
    # a resent overlap is trimmed
    second = _post(client, settings, _body([_part(mine, b, half - 100)])).json()["parts"]
    assert second[0]["complete"] is True and second[0]["received"] == len(b)
    assert _attachment(couch, mine, sha256_hex(b)) == b
    assert couch.db("sync").find_all({"type": "photo_upload"}, fields=["_id"]) == []


def _cut_post(url, token, body, sent):
    """POST the batch with its full Content-Length, send ``sent`` bytes of the body, close.

    The close waits a moment: uvicorn drops body bytes the app has not read yet when the connection
    closes, so this models a link that dies after the bytes trickled in, as a radio link does."""
    where = urlsplit(url)
    head = (f"POST /sync/photos HTTP/1.1\r\nHost: {where.hostname}:{where.port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((where.hostname, where.port)) as raw:
        raw.sendall(head + body[:sent])
        time.sleep(0.5)


def _statuses(client, settings, pairs):
    return client.post("/sync/photos/status", headers=bearer(settings, "dolma"),
                       json={"photos": [{"inspection_id": i, "sha256": s} for i, s in pairs]}).json()["photos"]


@pytest.mark.parametrize("into_b", [1, 5000, -1])
def test_a_batch_cut_keeps_the_photos_that_arrived_and_the_bytes_in_flight(settings, couch, client, photos, into_b):
    a, b, c = photos
    mine = _push(client, settings, couch, [sha256_hex(p) for p in photos])
    body = _body([_part(mine, a), _part(mine, b), _part(mine, c)])
    manifest = body.index(b"\n") + 1
    cut_at = manifest + len(a) + (into_b % len(b))  # -1: all of b but its last byte
    pairs = [(mine, sha256_hex(p)) for p in photos]
    with running_service(create_app(settings)) as url:
        _cut_post(url, token_for(settings, "dolma"), body, cut_at)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the service stores what arrived after the close
            held = _statuses(client, settings, pairs)
            if held[0]["complete"] and held[1]["received"] == into_b % len(b):
                break
            time.sleep(0.05)
    assert [h["received"] for h in held] == [len(a), into_b % len(b), 0]
    assert held[0]["complete"] and not held[1]["complete"]
    resumed = _body([_part(mine, b, held[1]["received"]), _part(mine, c)])
    results = _post(client, settings, resumed).json()["parts"]
    assert all(r["complete"] for r in results)
    assert [_attachment(couch, mine, sha256_hex(p)) for p in photos] == photos
    assert couch.db("sync").find_all({"type": "photo_upload"}, fields=["_id"]) == []


def test_bad_batches_are_refused_with_a_problem_never_500(client, settings, couch, photos):
    a = photos[0]
    mine = _push(client, settings, couch, [sha256_hex(a)])
    good, data = _part(mine, a)

    def manifest(*parts):
        return json.dumps({"parts": list(parts)}).encode() + b"\n"

    cases = [
        (b"not json\n" + a, 400, "malformed_json"),
        (a[:2000], 400, "malformed_json"),  # no manifest line
        (b"", 400, "malformed_json"),
        (b"[1,2]\n", 422, "invalid_request"),
        (manifest(), 422, "invalid_request"),
        (manifest({**good, "offset": "0"}) + data, 422, "invalid_request"),
        (manifest({**good, "length": True}) + data, 422, "invalid_request"),
        (manifest({**good, "sha256": "../../etc/passwd"}) + data, 422, "invalid_request"),
        (manifest({**good, "inspection_id": "x"}) + data, 422, "invalid_request"),
        (manifest({**good, "sha256": good["sha256"] + "\n"}) + data, 422, "invalid_request"),
        (manifest({**good, "offset": 10}) + data[10:], 422, "invalid_request"),  # runs past total
        (manifest({**good, "total": 10**12}) + data, 422, "invalid_request"),
        (manifest(good, good) + data + data, 422, "invalid_request"),
        (manifest(*[{**good, "inspection_id": f"00000000-0000-4000-8000-{i:012d}", "length": 300_000,
                     "total": 300_000} for i in range(4)]), 413, "body_too_large"),
        (manifest(good) + data + b"extra", 422, "invalid_request"),
        (manifest(good) + data[:-1], 422, "invalid_request"),
        (b"{" + b" " * (70 * 1024), 413, "body_too_large"),
    ]
    for body, status, code in cases:
        answer = _post(client, settings, body)
        assert (answer.status_code, answer.json().get("code")) == (status, code), (body[:80], answer.text)
    huge = _post(client, settings, b"x", **{"content-length": str(MAX_PART_BYTES * 2)})
    assert huge.status_code == 413
    assert _post(client, settings, manifest(good) + data, **{"content-encoding": "gzip"}).status_code == 415
    assert client.post("/sync/photos", content=manifest(good) + data).status_code == 401
    assert _post(client, settings, manifest(good) + data, name="norbu").json()["parts"][0]["code"] == "forbidden"
    for body in ({}, {"photos": "x"}, {"photos": [{"inspection_id": mine}]}, {"photos": [1]}):
        assert client.post("/sync/photos/status", json=body, headers=bearer(settings, "dolma")).status_code == 422
    assert client.post("/sync/photos/status", content=b"\xff", headers=bearer(settings, "dolma")).status_code == 400
    unknown = _statuses(
        client, settings, [("00000000-0000-4000-8000-000000000001", sha256_hex(a)), (mine, sha256_hex(a))]
    )
    assert [u.get("code") for u in unknown] == ["not_found", None]
    # A part that arrived whole before a framing error (bytes after the last part) is stored, as on a cut;
    # nothing else was.
    attached = couch.db("inspections").all_docs([mine])[mine].get("_attachments", {})
    assert set(attached) <= {sha256_hex(a)}
    assert not attached or _attachment(couch, mine, sha256_hex(a)) == a


def test_a_late_part_of_a_cut_batch_and_the_retry_that_attaches_the_photo_leave_no_upload(client, settings, couch,
                                                                                        photos, monkeypatch):
    """The phone's retry may attach a photo whole while the cut request's part of it is still being
    stored (an upload opened after the retry looked): whichever comes second deletes the upload."""
    from schemas.rules.jurisdiction import Jurisdiction
    from services.common.auth import Principal
    from services.sync.photos import service

    a, b, _ = photos
    mine = _push(client, settings, couch, [sha256_hex(a), sha256_hex(b)])
    dolma = Principal("dolma", "inspector", Jurisdiction("county", (COUNTY,)))
    read_before = service._inspection

    # 1. the late part is stored after the photo was attached (it read the inspection before)
    doc = couch.db("inspections").all_docs([mine])[mine]
    assert _post(client, settings, _body([_part(mine, a)])).json()["parts"][0]["complete"]
    monkeypatch.setattr(service, "_inspection", lambda *args: doc)
    late = service.put_chunk(couch, dolma, mine, sha256_hex(a), 0, len(a), a[:1000])
    monkeypatch.setattr(service, "_inspection", read_before)
    assert late["complete"] is True
    # 2. the photo is attached whole after the late part opened an upload
    service.put_chunk(couch, dolma, mine, sha256_hex(b), 0, len(b), b[:1000])
    assert service._attach(couch, mine, sha256_hex(b), b)["complete"] is True
    assert couch.db("sync").find_all({"type": "photo_upload"}, fields=["_id"]) == []
    assert [_attachment(couch, mine, sha256_hex(p)) for p in (a, b)] == [a, b]
