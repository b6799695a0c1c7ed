"""A notice is a record: its PDF is stored with it and never changes; a correction is a new version
pointing to the old one, which stays readable and is marked superseded; the verification page
says whether a PDF is genuine and current, showing nothing private."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from services.notices import store
from services.notices.app import create_app
from services.notices.tests.helpers import put_request, world

YEAR = datetime.now(UTC).year


@pytest.fixture
def issued(couch, make_worker):
    inspection = world(couch)["inspection"]
    request = put_request(couch, inspection)
    worker = make_worker(couch)
    worker.run_once()
    notice = store.by_number(couch, store.get(couch, request["_id"])["number"])
    return worker, inspection, notice


def test_a_correction_is_a_new_version_and_the_old_one_stays_readable(couch, issued):
    worker, inspection, old = issued
    old_pdf = store.pdf(couch, old["number"])
    request = put_request(couch, inspection, ["item-01"], corrects=old["_id"])
    worker.run_once()
    done = store.get(couch, request["_id"])
    assert done["status"] == "issued" and done["number"] == f"5401-{YEAR}-0001-v2"
    new = store.by_number(couch, done["number"])
    assert new["version"] == 2 and new["supersedes"] == old["_id"]
    assert [f["item_id"] for f in new["findings"]] == ["item-01"]
    assert new["access_code_hash"] != old["access_code_hash"]
    before = store.by_number(couch, old["number"])
    assert before["status"] == "superseded" and before["superseded_by"] == new["_id"]
    assert before["findings"] == old["findings"] and before["pdf_sha256"] == old["pdf_sha256"]
    assert store.pdf(couch, old["number"]) == old_pdf
    assert hashlib.sha256(old_pdf).hexdigest() == old["pdf_sha256"]
    # A correction takes no new number in the prefecture's sequence.
    assert couch.db("notices").get(f"counter:5401-{YEAR}")["last"] == 1


def test_a_superseded_notice_cannot_be_corrected_again(couch, issued):
    worker, inspection, old = issued
    put_request(couch, inspection, ["item-01"], corrects=old["_id"])
    worker.run_once()
    again = put_request(couch, inspection, ["item-02"], corrects=old["_id"])
    worker.run_once()
    done = store.get(couch, again["_id"])
    assert done["status"] == "refused" and "was corrected already by" in done["reason"]


def test_the_verification_page_says_genuine_and_current_from_the_pdf_hash(couch, settings, issued):
    _, _, notice = issued
    pdf = store.pdf(couch, notice["number"])
    with TestClient(create_app(settings, run_worker=False)) as client:
        page = client.get(f"/v/{notice['number']}")
        assert page.status_code == 200
        assert "真实有效的现行通知书" in page.text and notice["pdf_sha256"] in page.text
        for private in (notice["venue"]["name"]["zh"], notice["findings"][0]["requirement"]["zh"],
                        notice["access_code_hash"], "卓玛", "达瓦", "不收现金"):
            assert private not in page.text
        upload = client.post(f"/v/{notice['number']}", files={"pdf": ("n.pdf", pdf, "application/pdf")})
        assert "此 PDF 与签发的通知书完全一致" in upload.text
        forged = client.post(f"/v/{notice['number']}", files={"pdf": ("n.pdf", pdf + b"%", "application/pdf")})
        assert "此文件不是以该编号签发的通知书" in forged.text
        by_hash = client.get(f"/v/{notice['number']}", params={"sha256": notice["pdf_sha256"].upper()})
        assert "完全一致" in by_hash.text
        unknown = client.get(f"/v/5401-{YEAR}-0999")
        assert unknown.status_code == 404 and "未签发" in unknown.text


def test_the_verification_page_of_a_superseded_notice_names_the_current_one(couch, settings, issued):
    worker, inspection, old = issued
    put_request(couch, inspection, ["item-01"], corrects=old["_id"])
    worker.run_once()
    with TestClient(create_app(settings, run_worker=False)) as client:
        page = client.get(f"/v/{old['number']}")
    assert "已被更正，现行版本为 " + f"5401-{YEAR}-0001-v2" in page.text
    assert "真实有效的现行通知书" not in page.text


def test_the_qr_code_address_is_the_verification_page(couch, issued):
    _, _, notice = issued
    from services.notices.pdf.content import notice_content

    content = notice_content(notice, {}, access_code="x", public_url="http://portal.example")
    assert content.verify_url == f"http://portal.example/v/{notice['number']}"


def test_couchdb_itself_refuses_to_change_an_issued_notice_or_its_pdf(couch, issued):
    _, _, notice = issued
    db = f"/{couch.name('notices')}"
    stored = couch.http.get(f"{db}/{notice['_id']}").json()
    changed = {**stored, "findings": stored["findings"][:1]}
    assert couch.http.put(f"{db}/{notice['_id']}", json=changed).status_code == 403
    replaced = couch.http.put(f"{db}/{notice['_id']}/notice.pdf", params={"rev": stored["_rev"]},
                              content=b"%PDF-1.4 forged", headers={"content-type": "application/pdf"})
    assert replaced.status_code == 403
    assert couch.http.delete(f"{db}/{notice['_id']}", params={"rev": stored["_rev"]}).status_code == 403
    # What may change: the status and what happened since.
    assert couch.http.put(f"{db}/{notice['_id']}", json={**stored, "status": "overdue"}).status_code == 201
    assert store.pdf(couch, notice["number"]) is not None
    assert hashlib.sha256(store.pdf(couch, notice["number"])).hexdigest() == notice["pdf_sha256"]
