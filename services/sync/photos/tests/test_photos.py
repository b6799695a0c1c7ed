"""Photo upload through the FastAPI app against the real local CouchDB: chunks, cuts, resumes, refusals."""

import asyncio
import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from services.sync.app import create_app
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


@pytest.fixture
def photo():
    return make_photo(seed=7, size=(320, 240))


def _inspection_with(client, settings, couch, photos, inspector="dolma"):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    doc = make_inspection("v1", COUNTY, inspector, template, photos=[sha256_hex(p) for p in photos])
    result = client.post(
        "/sync", json={"push": [{"doc": doc}], "pull": False}, headers=bearer(settings, inspector)
    ).json()
    assert result["push"][0]["result"] == "accepted"
    return doc, result["push"][0]


def _put(client, settings, inspection_id, data, offset, total, sha, name="dolma"):
    return client.put(f"/sync/photos/{inspection_id}/{sha}", params={"offset": offset, "total": total},
                      content=data, headers={**bearer(settings, name), "content-type": "application/octet-stream"})


def _attachment(couch, inspection_id, sha):
    response = couch.http.get(f"/{couch.name('inspections')}/{inspection_id}/{sha}")
    return response.status_code, response.content, response.headers.get("content-type")


def test_push_reply_lists_the_photos_needed(client, settings, couch, photo):
    _, result = _inspection_with(client, settings, couch, [photo])
    assert result["photos_needed"] == [{"sha256": sha256_hex(photo), "received": 0}]


@pytest.mark.parametrize("cuts", [[1], [7, 4000], [len(make_photo(seed=7, size=(320, 240))) - 1]])
def test_upload_cut_anywhere_resumes_to_a_byte_identical_attachment(client, settings, couch, photo, cuts):
    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha, total = sha256_hex(photo), len(photo)
    for cut in cuts:
        # The link drops after `cut` bytes of a chunk sent from where the server stood.
        held = client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()["received"]
        status = _put(client, settings, doc["_id"], photo[held:cut], held, total, sha).json()
        assert status["received"] == cut and status["complete"] is False
    held = client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()["received"]
    assert held == cuts[-1]
    done = _put(client, settings, doc["_id"], photo[held:], held, total, sha).json()
    assert done["complete"] is True and done["received"] == total
    assert _attachment(couch, doc["_id"], sha) == (200, photo, "image/jpeg")
    # the partial upload is gone; asking again says complete; re-sending is a no-op
    assert couch.db("sync").all_docs([f"upload:{doc['_id']}:{sha}"])[f"upload:{doc['_id']}:{sha}"] is None
    assert _put(client, settings, doc["_id"], photo, 0, total, sha).json()["complete"] is True


def test_chunk_resent_after_lost_reply_is_trimmed_not_duplicated(client, settings, couch, photo):
    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha, total = sha256_hex(photo), len(photo)
    _put(client, settings, doc["_id"], photo[:1000], 0, total, sha)
    assert (
        _put(client, settings, doc["_id"], photo[:1000], 0, total, sha).json()["received"] == 1000
    )  # same chunk again
    assert (
        _put(client, settings, doc["_id"], photo[500:3000], 500, total, sha).json()["received"] == 3000
    )  # overlapping
    ahead = _put(client, settings, doc["_id"], photo[5000:6000], 5000, total, sha)
    assert (
        ahead.status_code == 409
        and ahead.json()["code"] == "upload_offset_mismatch"
        and ahead.json()["received"] == 3000
    )
    assert _put(client, settings, doc["_id"], photo[3000:], 3000, total, sha).json()["complete"] is True
    assert _attachment(couch, doc["_id"], sha)[1] == photo


def test_link_dropping_mid_request_keeps_the_bytes_that_arrived(settings, couch, client, photo):
    """Drive the ASGI app directly: the body stops after 3000 bytes and the client disconnects."""
    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha, total = sha256_hex(photo), len(photo)
    app = client.app
    token = bearer(settings, "dolma")["authorization"].encode()
    messages = [{"type": "http.request", "body": photo[:2000], "more_body": True},
                {"type": "http.request", "body": photo[2000:3000], "more_body": True},
                {"type": "http.disconnect"}]

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        pass

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT", "scheme": "http",
             "path": f"/sync/photos/{doc['_id']}/{sha}", "raw_path": b"", "root_path": "",
             "query_string": f"offset=0&total={total}".encode(), "server": ("testserver", 80), "client": ("1.2.3.4", 1),
             "headers": [(b"authorization", token), (b"content-length", str(total).encode()),
                         (b"content-type", b"application/octet-stream")]}
    asyncio.run(app(scope, receive, send))
    status = client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()
    assert status["received"] == 3000
    assert _put(client, settings, doc["_id"], photo[3000:], 3000, total, sha).json()["complete"] is True
    assert _attachment(couch, doc["_id"], sha)[1] == photo


def _png(size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _bomb():
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, "PNG")  # a few kB that would decode to 400 million pixels
    return out.getvalue()


@pytest.mark.parametrize("data, code", [
    (b"hello, this is a text file named photo.jpg" * 10, "not_an_image"),
    (b"GIF89a" + b"\x00" * 200, "not_an_image"),
    (None, "not_an_image"),  # a JPEG cut short (filled in below)
    (_bomb(), "photo_too_large"),
])
def test_non_images_are_refused_and_forgotten(client, settings, couch, data, code):
    data = data if data is not None else make_photo(seed=3)[:-2000]
    doc, _ = _inspection_with(client, settings, couch, [data])
    sha = sha256_hex(data)
    response = _put(client, settings, doc["_id"], data, 0, len(data), sha)
    assert (response.status_code, response.json()["code"]) == (
        {"not_an_image": 422, "photo_too_large": 413}[code],
        code,
    )
    assert _attachment(couch, doc["_id"], sha)[0] == 404
    assert client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()["received"] == 0


def test_png_is_accepted_whatever_the_phone_called_it(client, settings, couch):
    png = _png()
    doc, _ = _inspection_with(client, settings, couch, [png])
    assert _put(client, settings, doc["_id"], png, 0, len(png), sha256_hex(png)).json()["complete"] is True
    assert _attachment(couch, doc["_id"], sha256_hex(png))[2] == "image/png"


def test_bytes_that_do_not_match_the_name_are_refused(client, settings, couch, photo):
    doc, _ = _inspection_with(client, settings, couch, [photo])
    forged = bytearray(photo)
    forged[100] ^= 0xFF
    response = _put(client, settings, doc["_id"], bytes(forged), 0, len(photo), sha256_hex(photo))
    assert response.json()["code"] == "photo_hash_mismatch"
    assert _attachment(couch, doc["_id"], sha256_hex(photo))[0] == 404


def test_reach_and_references(client, settings, couch, photo):
    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha = sha256_hex(photo)
    other = _put(client, settings, doc["_id"], photo, 0, len(photo), sha, name="pasang")
    assert other.json()["code"] == "forbidden"
    stray = _put(client, settings, doc["_id"], b"x", 0, 1, "b" * 64)
    assert stray.json()["code"] == "photo_not_referenced"
    missing = _put(client, settings, "0f8fad5b-d9cb-469f-a165-70867728950e", photo, 0, len(photo), sha)
    assert missing.json()["code"] == "not_found"
    hostile = client.put(f"/sync/photos/{doc['_id']}/..%2F..%2Fetc%2Fpasswd", params={"offset": 0, "total": 1},
                         content=b"x", headers=bearer(settings, "dolma"))
    assert hostile.status_code in (404, 422) and hostile.json()["code"] in ("not_found", "invalid_request")
    assert client.put(f"/sync/photos/{doc['_id']}/{sha}", params={"offset": -1, "total": 5},
                      content=b"x", headers=bearer(settings, "dolma")).json()["code"] == "invalid_request"
    too_big = _put(client, settings, doc["_id"], b"x" * (1024 * 1024 + 1), 0, 2 * 1024 * 1024, sha)
    assert too_big.json()["code"] == "body_too_large"
    assert client.get(f"/sync/photos/{doc['_id']}/{sha}").json()["code"] == "not_authenticated"


def test_an_upload_survives_a_restart_and_moves_between_replicas(settings, couch, photo):
    """Half the photo goes to one service instance, the rest to a fresh one: the bytes are in CouchDB."""
    sha, total = sha256_hex(photo), len(photo)
    with TestClient(create_app(settings)) as first:
        doc, _ = _inspection_with(first, settings, couch, [photo])
        assert _put(first, settings, doc["_id"], photo[:4321], 0, total, sha).json()["received"] == 4321
    with TestClient(create_app(settings)) as second:
        held = second.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()
        assert (held["received"], held["total"], held["complete"]) == (4321, total, False)
        assert _put(second, settings, doc["_id"], photo[4321:], 4321, total, sha).json()["complete"] is True
    assert _attachment(couch, doc["_id"], sha)[1] == photo


def test_a_re_push_tells_how_much_of_each_photo_is_held(client, settings, couch, photo):
    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha = sha256_hex(photo)
    _put(client, settings, doc["_id"], photo[:999], 0, len(photo), sha)
    again = client.post("/sync", json={"push": [{"doc": doc}], "pull": False}, headers=bearer(settings, "dolma")).json()
    assert again["push"][0]["result"] == "already_had"
    assert again["push"][0]["photos_needed"] == [{"sha256": sha, "received": 999}]
    _put(client, settings, doc["_id"], photo[999:], 999, len(photo), sha)
    done = client.post("/sync", json={"push": [{"doc": doc}], "pull": False}, headers=bearer(settings, "dolma")).json()
    assert done["push"][0]["photos_needed"] == []


def test_abandoned_uploads_are_dropped_after_a_month(client, settings, couch, photo):
    from datetime import UTC, datetime, timedelta

    from services.sync.photos.service import drop_abandoned_uploads

    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha = sha256_hex(photo)
    _put(client, settings, doc["_id"], photo[:100], 0, len(photo), sha)
    assert drop_abandoned_uploads(couch) == 0
    assert drop_abandoned_uploads(couch, now=datetime.now(UTC) + timedelta(days=31)) == 1
    assert client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()["received"] == 0


def test_an_upload_left_behind_by_a_stop_after_attaching_is_tidied(client, settings, couch, photo):
    """A service stopped between attaching the photo and deleting its partial upload leaves the
    upload behind; asking the status, or the daily tidy-up, deletes it (tests/faults shows the stop)."""
    from services.sync.photos.service import drop_abandoned_uploads, upload_id

    doc, _ = _inspection_with(client, settings, couch, [photo])
    sha, sid = sha256_hex(photo), upload_id(doc["_id"], sha256_hex(photo))
    _put(client, settings, doc["_id"], photo[:5000], 0, len(photo), sha)
    leftover = couch.db("sync").all_docs([sid])[sid]  # the upload as it was just before the last chunk
    assert _put(client, settings, doc["_id"], photo[5000:], 5000, len(photo), sha).json()["complete"] is True
    leftover.pop("_rev")
    seed(couch, "sync", [{k: v for k, v in leftover.items() if k != "_attachments"}])  # as if never deleted
    assert drop_abandoned_uploads(couch) == 1
    assert couch.db("sync").all_docs([sid])[sid] is None

    seed(couch, "sync", [{k: v for k, v in leftover.items() if k != "_attachments"}])
    held = client.get(f"/sync/photos/{doc['_id']}/{sha}", headers=bearer(settings, "dolma")).json()
    assert held["complete"] is True
    assert couch.db("sync").all_docs([sid])[sid] is None
