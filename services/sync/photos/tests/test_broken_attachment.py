"""An attachment that is not the photo (the local server's empty attachment after a cut PUT) counts as
missing: push asks for it again, status says incomplete, and an upload attaches the real bytes.

The cut is made for real: a raw socket sends an attachment PUT's headers and part of its body to
the CouchDB server, then closes (docs/sync-faults.md). The local CouchDB-protocol server commits an
empty attachment then; Apache CouchDB 3 commits nothing, so there the photo is simply missing, and
the same answers follow (docs/couchdb.md).
"""

import base64
import socket
import time
from urllib.parse import quote, urlsplit

import pytest

from deploy.local_suite.couch_server import is_local_server
from services.inspections import store as inspections
from services.sync.photos import service as photos
from services.sync.photos.attached import intact, md5_digest
from tests.support.sync_data import (
    bearer,
    make_inspection,
    make_photo,
    make_venue,
    seed,
    sha256_hex,
)
from tests.support.templates import make_template

COUNTY = "540102"


def _cut_attachment_put(settings, couch, inspection_id, sha, data, sent):
    """PUT the attachment with its full Content-Length, send ``sent`` bytes of the body, close; the
    attachment stub the server then holds, or None (Apache CouchDB keeps nothing of a cut PUT)."""
    doc = couch.db("inspections").all_docs([inspection_id])[inspection_id]
    url = urlsplit(settings.couchdb_url)
    auth = base64.b64encode(f"{url.username}:{url.password}".encode()).decode()
    path = f"/{couch.name('inspections')}/{quote(inspection_id)}/{sha}?rev={doc['_rev']}"
    head = (f"PUT {path} HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nAuthorization: Basic {auth}\r\n"
            f"Content-Type: image/jpeg\r\nContent-Length: {len(data)}\r\n\r\n").encode()
    with socket.create_connection((url.hostname, url.port)) as raw:
        raw.sendall(head + data[:sent])
    deadline = time.monotonic() + (10 if is_local_server(settings.couchdb_url) else 2)
    while time.monotonic() < deadline:  # the local server commits the empty attachment after the close
        stub = couch.db("inspections").all_docs([inspection_id])[inspection_id].get("_attachments", {}).get(sha)
        if stub is not None:
            return stub
        time.sleep(0.05)
    return None


def _push(client, settings, doc):
    answer = client.post("/sync", json={"push": [{"doc": doc}], "pull": False}, headers=bearer(settings, "dolma"))
    assert answer.status_code == 200, answer.text
    return answer.json()["push"][0]


def _stored_photo(couch, inspection_id, sha):
    response = couch.http.get(f"/{couch.name('inspections')}/{inspection_id}/{sha}")
    return response.status_code, response.content


@pytest.fixture
def pushed(client, settings, couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    photo = make_photo(seed=11, size=(320, 240))
    doc = make_inspection("v1", COUNTY, "dolma", template, photos=[sha256_hex(photo)])
    assert _push(client, settings, doc)["result"] == "accepted"
    return doc, photo, sha256_hex(photo)


def test_an_empty_attachment_left_by_a_cut_put_is_asked_for_again_and_replaced(client, settings, couch, pushed):
    doc, photo, sha = pushed
    stub = _cut_attachment_put(settings, couch, doc["_id"], sha, photo, len(photo) // 3)
    if is_local_server(settings.couchdb_url):
        assert stub["length"] != len(photo)  # the server says "attached" with bytes that are not the photo
    else:
        assert stub is None

    again = _push(client, settings, doc)
    assert again["result"] == "already_had" and again["photos_needed"] == [{"sha256": sha, "received": 0}]
    status = client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()
    assert status["complete"] is False and status["received"] == 0

    done = client.put(f"/sync/photos/{doc['_id']}/{sha}", params={"offset": 0, "total": len(photo)}, content=photo,
                      headers={**bearer(settings, "dolma"), "content-type": "application/octet-stream"}).json()
    assert done["complete"] is True and done["received"] == len(photo)
    assert _stored_photo(couch, doc["_id"], sha) == (200, photo)
    assert _push(client, settings, doc)["photos_needed"] == []


def test_a_whole_upload_whose_attach_was_cut_is_attached_again_from_what_the_server_holds(
        client, settings, couch, pushed, monkeypatch):
    doc, photo, sha = pushed
    real_attach = inspections.attach_photo

    def service_dies_mid_attach(couch_, inspection_id, rev, sha256, data, content_type):
        _cut_attachment_put(settings, couch_, inspection_id, sha256, data, 1000)
        raise RuntimeError("the service was killed while attaching")

    half = len(photo) // 2
    put = {"headers": {**bearer(settings, "dolma"), "content-type": "application/octet-stream"}}
    url = f"/sync/photos/{doc['_id']}/{sha}"
    client.put(url, params={"offset": 0, "total": len(photo)}, content=photo[:half], **put)
    monkeypatch.setattr(inspections, "attach_photo", service_dies_mid_attach)
    assert client.put(url, params={"offset": half, "total": len(photo)}, content=photo[half:], **put).status_code == 500
    monkeypatch.setattr(inspections, "attach_photo", real_attach)

    again = _push(client, settings, doc)  # the whole upload is still held: nothing more to send
    assert again["photos_needed"] == [{"sha256": sha, "received": len(photo)}]
    assert photos.drop_abandoned_uploads(couch) == 0  # not finished: the tidy-up keeps it
    done = client.put(url, params={"offset": len(photo), "total": len(photo)}, content=b"", **put).json()
    assert done["complete"] is True
    assert _stored_photo(couch, doc["_id"], sha) == (200, photo)
    assert couch.db("sync").all_docs([photos.upload_id(doc["_id"], sha)])[photos.upload_id(doc["_id"], sha)] is None


def test_intact():
    data = b"\xff\xd8 a photo"
    stub = {"length": len(data), "digest": md5_digest(data), "content_type": "image/jpeg"}
    assert intact(stub) and intact(stub, len(data)) and intact(stub, data=data)
    assert not intact(stub, len(data) + 1) and not intact(stub, data=data + b"!")
    assert not intact({**stub, "length": 0}) and not intact(None) and not intact({"stub": True})
    assert not intact({**stub, "digest": md5_digest(b"other bytes!")}, data=data)
