"""The push rules without a database: how one document is judged against the server's version."""

import copy

import pytest

from schemas.rules.inspection import content_digest, referenced_photos, same_content
from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.sync.push.service import Candidate, _screen, decide
from tests.support.sync_data import make_inspection
from tests.support.templates import make_template

DOLMA = Principal("dolma", "inspector", Jurisdiction("county", ("540102",)))
NOW = "2026-05-04T12:00:00Z"


@pytest.fixture
def doc():
    return make_inspection("v1", "540102", "dolma", make_template(), photos=["a" * 64, "b" * 64])


def _stored(doc, rev="1-aaa", **changes):
    return {**copy.deepcopy(doc), "_rev": rev, "received_at": NOW, "content_digest": content_digest(doc), **changes}


def test_new_document_is_accepted_with_server_fields(doc):
    result, write = decide(Candidate(0, doc, None), None, NOW)
    assert result["result"] == "accepted"
    assert write["content_digest"] == content_digest(doc) and write["received_at"] == NOW and "_rev" not in write


def test_same_content_is_already_had_whatever_the_key_order_or_number_spelling(doc):
    server = _stored(doc)
    reordered = dict(reversed(list(copy.deepcopy(doc).items())))
    reordered["gps"]["accuracy_m"] = 12.5
    server["gps"]["lat"] = 29.652
    assert decide(Candidate(0, reordered, None), server, NOW)[0]["result"] == "already_had"
    with_int = copy.deepcopy(doc)
    with_int["gps"]["lon"] = 91.0
    assert same_content(with_int, {**with_int, "gps": {**with_int["gps"], "lon": 91}})


def test_edit_on_top_of_the_seen_revision_keeps_server_fields(doc):
    server = _stored(doc, "3-ccc", status="returned", review={"comment": "c", "by": "s", "at": NOW},
                     _attachments={"a" * 64: {"stub": True, "length": 10}})
    server["content_digest"] = "0" * 64  # a supervisor changed it
    edited = copy.deepcopy(doc)
    edited["client"]["revision"] = 2
    result, write = decide(Candidate(0, edited, "3-ccc"), server, NOW)
    assert result["result"] == "accepted"
    assert write["_rev"] == "3-ccc" and write["review"]["comment"] == "c" and "a" * 64 in write["_attachments"]
    assert write["status"] == "submitted"


@pytest.mark.parametrize("base_rev, revision, phone_wrote_last, expected", [
    (None, 2, True, "accepted"),      # the reply to the first push was lost; a newer local edit goes through
    (None, 1, True, "conflict"),      # not newer than the server's: someone must choose
    (None, 2, False, "conflict"),     # a supervisor changed it and the phone never saw that
    ("1-old", 5, False, "conflict"),  # seen an older revision only
    ("2-bbb", 2, False, "accepted"),  # seen exactly the current revision
])
def test_when_an_edit_wins(doc, base_rev, revision, phone_wrote_last, expected):
    server = _stored(doc, "2-bbb")
    if not phone_wrote_last:
        server["content_digest"] = "0" * 64
    edited = copy.deepcopy(doc)
    edited["answers"]["item-02"]["value"] = "no"
    edited["client"]["revision"] = revision
    result, write = decide(Candidate(0, edited, base_rev), server, NOW)
    assert result["result"] == expected
    if expected == "conflict":
        assert write is None and result["server"] == server and result["yours"] == edited


def test_approved_is_final_and_other_inspectors_are_refused(doc):
    edited = copy.deepcopy(doc)
    edited["client"]["revision"] = 9
    approved = _stored(doc, "4-ddd", status="approved")
    assert decide(Candidate(0, edited, "4-ddd"), approved, NOW)[0]["result"] == "conflict"
    theirs = _stored(doc, inspector="pasang")
    result, write = decide(Candidate(0, edited, None), theirs, NOW)
    assert result["result"] == "refused" and write is None and "server" not in result


def test_screen_strips_server_fields_and_checks_reach(doc):
    sent = {**doc, "_rev": "9-zzz", "review": {"comment": "forged approval", "by": "me", "at": NOW},
            "content_digest": "f" * 64, "_attachments": {"x": {}}}
    candidate = _screen(0, {"doc": sent, "base_rev": None}, DOLMA)
    assert isinstance(candidate, Candidate) and set(candidate.doc) == set(doc)
    assert _screen(0, {"doc": {**doc, "status": "approved"}}, DOLMA)["errors"][0]["path"] == "/status"
    assert _screen(0, {"doc": {**doc, "county_code": "540103"}}, DOLMA)["result"] == "refused"
    assert _screen(0, {"doc": {**doc, "inspector": "pasang"}}, DOLMA)["result"] == "refused"
    assert _screen(0, {"doc": doc, "base_rev": 7}, DOLMA)["errors"][0]["path"] == "/push/0/base_rev"
    assert _screen(3, ["not", "a", "dict"], DOLMA)["errors"][0]["path"] == "/push/3"


def test_referenced_photos_include_the_signature_image(doc):
    doc["signature"] = {"name": "x", "signed_at": NOW, "image": "c" * 64}
    assert referenced_photos(doc) == ["a" * 64, "b" * 64, "c" * 64]
