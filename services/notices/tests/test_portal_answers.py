"""The business portal on issued notices: the code from the PDF opens the notice, the PDF
downloads, each finding is answered with text and a photo, guesses are rate-limited in CouchDB."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.notices import answers, store
from services.notices.app import create_app
from services.notices.tests.helpers import issue_one, world
from tests.support.sync_data import make_photo


@pytest.fixture
def portal(couch, settings, make_worker):
    inspection = world(couch)["inspection"]
    worker = make_worker(couch)
    notice, code = issue_one(couch, worker, inspection)
    with TestClient(create_app(settings, run_worker=False)) as client:
        yield client, notice, code, worker, inspection


def _open(client, number, code):
    return client.post("/notice", data={"number": number, "code": code})


def _answer(client, notice, code, item_id, text, photo=None, name="after.jpg"):
    return client.post("/notice/answer", data={"number": notice["number"], "code": code, "item_id": item_id,
                                               "text": text},
                       files={"photo": (name, photo if photo is not None else make_photo(1), "image/jpeg")})


def test_the_code_printed_on_the_pdf_opens_the_notice_typed_any_way(portal):
    client, notice, code, _, _ = portal
    assert len(code) == 16
    printed = "-".join(code[i:i + 4] for i in range(0, 16, 4))
    for typed in (printed, code.lower(), code, " ".join(printed.split("-"))):
        page = _open(client, notice["number"], typed)
        assert page.status_code == 200, typed
        assert "已签发，待整改" in page.text and "保留现金服务窗口（第1项）" in page.text


def test_the_pdf_downloads_exactly_as_stored(portal, couch):
    client, notice, code, _, _ = portal
    pdf = client.post("/notice/pdf", data={"number": notice["number"], "code": code})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == store.pdf(couch, notice["number"])
    assert client.post("/notice/pdf", data={"number": notice["number"], "code": "WRONG"}).status_code == 404


def test_answers_are_stored_shown_as_text_and_make_the_notice_answered(portal, couch):
    client, notice, code, _, _ = portal
    page = _answer(client, notice, code, "item-01", "<script>alert(1)</script>已设现金窗口\n第二行")
    assert page.status_code == 200 and "已收到您的答复" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;已设现金窗口" in page.text
    assert store.by_number(couch, notice["number"])["status"] == "issued"
    page = _answer(client, notice, code, "item-02", "已安排人工引导", make_photo(2, kind="PNG"), "a.png")
    assert "已答复，待复查" in page.text
    assert store.by_number(couch, notice["number"])["status"] == "answered"
    seen = answers.answers_for(couch, notice["_id"])
    assert [a["item_id"] for a in seen] == ["item-01", "item-02"]
    assert seen[0]["answer"]["text"] == "<script>alert(1)</script>已设现金窗口\n第二行"
    photo = seen[1]["answer"]["photos"][0]
    assert photo["content_type"] == "image/png"
    assert answers.answer_photo(couch, notice["_id"], "item-02", photo["name"]) == make_photo(2, kind="PNG")
    # Answering again keeps the earlier text in the history.
    _answer(client, notice, code, "item-01", "现金窗口每天开放")
    again = answers.answers_for(couch, notice["_id"])[0]["answer"]
    assert again["text"] == "现金窗口每天开放" and again["history"][0]["text"].startswith("<script>")


@pytest.mark.parametrize("photo, expected", [(b"not a photo at all", "not a readable JPEG"),
                                             (make_photo(3, size=(9000, 10)), "pixels")])
def test_a_photo_failing_the_inspectors_image_checks_is_refused(portal, couch, photo, expected):
    client, notice, code, _, _ = portal
    page = _answer(client, notice, code, "item-01", "已整改", photo)
    assert page.status_code in (413, 422) and expected in page.text
    assert store.answers_of(couch, notice["number"]) == []


def test_an_empty_answer_or_another_finding_is_refused(portal, couch):
    client, notice, code, _, _ = portal
    assert _answer(client, notice, code, "item-01", "   ").status_code == 422
    assert _answer(client, notice, code, "item-09", "已整改").status_code == 422
    assert store.answers_of(couch, notice["number"]) == []


def test_one_code_opens_only_its_own_notice(portal, couch, make_worker):
    client, notice, code, worker, _ = portal
    from services.notices.tests.helpers import approved_inspection
    from tests.support.templates import make_template

    other, other_code = issue_one(couch, worker, approved_inspection(couch, make_template()))
    assert _open(client, other["number"], code).status_code == 404
    assert _open(client, notice["number"], other_code).status_code == 404
    assert _open(client, other["number"], other_code).status_code == 200


def test_guessing_one_number_is_stopped_for_every_replica(portal, settings):
    client, notice, code, _, _ = portal
    for n in range(10):
        assert _open(client, notice["number"], f"WRONG-{n}").status_code == 404
    assert _open(client, notice["number"], code).status_code == 429
    with TestClient(create_app(settings, run_worker=False)) as replica:
        page = _open(replica, notice["number"], code)
    assert page.status_code == 429 and "15 分钟后再试" in page.text


def test_guessing_many_numbers_from_one_address_is_stopped(portal):
    client, notice, code, _, _ = portal
    for n in range(20):
        assert _open(client, f"5401-2026-{n + 100:04d}", "WRONG").status_code == 404
    assert _open(client, notice["number"], code).status_code == 429


def test_a_superseded_notice_stays_readable_but_takes_no_answers(portal, couch):
    client, notice, code, worker, inspection = portal
    new, new_code = issue_one(couch, worker, inspection, ["item-01"], corrects=notice["_id"])
    page = _open(client, notice["number"], code)
    assert page.status_code == 200 and f"已被更正通知书 {new['number']} 取代" in page.text
    assert "answer-form" not in page.text
    assert _answer(client, notice, code, "item-01", "已整改").status_code == 422
    assert _open(client, new["number"], new_code).status_code == 200
