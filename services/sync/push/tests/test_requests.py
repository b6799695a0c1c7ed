"""What a push asks of CouchDB, counted on the real local server: fewer requests, same answers."""

import threading

import pytest

from schemas.rules.jurisdiction import Jurisdiction
from services.catalog import service as catalog
from services.common.auth import Principal
from services.common.bootstrap import bootstrap
from services.common.couch import Couch
from services.sync.photos.service import uploads_held
from services.sync.push import references
from services.sync.push import service as push_service
from services.sync.push.template_check import load_templates
from tests.support import couch_requests
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
DOLMA = Principal("dolma", "inspector", Jurisdiction("county", (COUNTY,)))


@pytest.fixture
def field(couch):
    template = make_template("bank-basic", 1)
    seed(couch, "catalog", [template, make_template("bank-basic", 2, status="draft")])
    seed(couch, "venues", [make_venue("v1", COUNTY)])
    return template


def _push(couch, *docs):
    return push_service.push(couch, DOLMA, [{"doc": d} for d in docs], uploads_held=uploads_held)


def test_a_published_version_is_read_from_the_catalog_once_per_process(couch, field, monkeypatch):
    seen = couch_requests.record(monkeypatch)
    first = _push(couch, make_inspection("v1", COUNTY, "dolma", field))
    assert [r for r in seen if r[0] == "catalog"] == [("catalog", "POST", "_all_docs")]

    seen.clear()
    second = _push(couch, make_inspection("v1", COUNTY, "dolma", field), make_inspection("v1", COUNTY, "dolma", field))
    assert [r["result"] for r in first + second] == ["accepted"] * 3
    assert [r for r in seen if r[0] == "catalog"] == []
    assert sorted(seen) == [("inspections", "POST", "_all_docs"), ("inspections", "POST", "_bulk_docs"),
                            ("venues", "POST", "_all_docs")]


def test_a_draft_is_asked_again_and_counts_once_published(couch, field, monkeypatch):
    draft = make_inspection("v1", COUNTY, "dolma", field)
    draft["template"]["version"] = 2
    assert _push(couch, draft)[0]["result"] == "invalid"
    catalog.publish(couch, "bank-basic", 2)

    seen = couch_requests.record(monkeypatch)
    assert _push(couch, draft)[0]["result"] == "accepted"
    assert ("catalog", "POST", "_all_docs") in seen


def test_the_cache_is_per_catalog_database(couch, field, settings):
    # Under the test's own prefix, so the couch fixture removes its databases afterwards.
    other = Couch(settings.model_copy(update={"kora_db_prefix": settings.kora_db_prefix + "x_"}))
    bootstrap(other)
    seed(other, "catalog", [make_template("bank-basic", 1, photo="on_no")])
    assert load_templates(couch, [("bank-basic", 1)])[("bank-basic", 1)]["sections"] == field["sections"]
    theirs = load_templates(other, [("bank-basic", 1)])[("bank-basic", 1)]
    assert theirs["sections"] == make_template("bank-basic", 1, photo="on_no")["sections"] != field["sections"]
    other.close()


def test_venues_and_current_inspections_are_read_at_the_same_time(couch, field, monkeypatch):
    both = threading.Barrier(2, timeout=30)  # a deadlock guard only: one read waits for the other
    real_venues, real_inspections = references.venues_service.get_many, references.inspections.get_many

    def venues(*args, **kwargs):
        both.wait()
        return real_venues(*args, **kwargs)

    def inspections(*args, **kwargs):
        both.wait()
        return real_inspections(*args, **kwargs)

    monkeypatch.setattr(references.venues_service, "get_many", venues)
    monkeypatch.setattr(references.inspections, "get_many", inspections)
    assert _push(couch, make_inspection("v1", COUNTY, "dolma", field))[0]["result"] == "accepted"


def test_a_resend_whose_photos_are_all_attached_asks_nothing_of_the_uploads(client, settings, couch, field,
                                                                            monkeypatch):
    photo = make_photo(seed=3, size=(160, 120))
    sha = sha256_hex(photo)
    doc = make_inspection("v1", COUNTY, "dolma", field, photos=[sha])
    sent = {"json": {"push": [{"doc": doc}], "pull": False}, "headers": bearer(settings, "dolma")}
    assert client.post("/sync", **sent).json()["push"][0]["photos_needed"] == [{"sha256": sha, "received": 0}]
    done = client.put(f"/sync/photos/{doc['_id']}/{sha}", params={"offset": 0, "total": len(photo)}, content=photo,
                      headers={**bearer(settings, "dolma"), "content-type": "application/octet-stream"}).json()
    assert done["complete"] is True

    seen = couch_requests.record(monkeypatch)
    again = client.post("/sync", **sent).json()["push"][0]
    assert again["result"] == "already_had" and again["photos_needed"] == []
    assert [r for r in seen if r[0] == "sync"] == []


def test_the_phones_digest_is_computed_once_per_document(couch, field, monkeypatch):
    doc = make_inspection("v1", COUNTY, "dolma", field)
    assert _push(couch, doc)[0]["result"] == "accepted"
    hashed = []
    real = push_service.content_digest
    monkeypatch.setattr(push_service, "content_digest", lambda d: hashed.append(d.get("_rev")) or real(d))
    assert _push(couch, doc)[0]["result"] == "already_had"
    assert len(hashed) == 2  # the phone's copy once, the server's once
