"""The whole loop: an inspection pushed from the app, approved, a notice requested and issued with
its number and PDF, answered by the business in the portal, a re-inspection pushed from the app,
and the notice closed; the app's pull carries the notice's status all along."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from services.inspections import statuses
from services.inspections import store as inspections
from services.notices import answers, store
from services.notices.app import create_app as notices_app
from services.notices.tests.helpers import (
    COUNTY,
    VENUE,
    code_from_pdf,
    pdf_text,
    put_request,
    world,
)
from services.sync.app import create_app as sync_app
from tests.support.sync_data import bearer, make_inspection, make_photo


def _sync(client, settings, docs=(), checkpoint=None):
    body = {"push": [{"doc": d, "base_rev": None} for d in docs], "checkpoint": checkpoint}
    answer = client.post("/sync", json=body, headers=bearer(settings, "dawa"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _pulled_notice(client, settings, notice_id):
    return next(n for n in _sync(client, settings)["pull"]["notices"] if n["_id"] == notice_id)


def test_inspection_to_closed_notice(couch, settings, make_worker):
    template = world(couch)["template"]
    worker = make_worker(couch)
    with TestClient(sync_app(settings)) as phone, TestClient(notices_app(settings, run_worker=False)) as portal:
        # 1. The inspector pushes an inspection with two failures.
        inspection = make_inspection(VENUE, COUNTY, "dawa", template)
        inspection["answers"]["item-01"] = {"value": "no", "note": "无现金窗口"}
        inspection["answers"]["item-03"] = {"value": "no"}
        assert [r["result"] for r in _sync(phone, settings, [inspection])["push"]] == ["accepted"]

        # 2. A supervisor approves it (the review service's transition).
        stored = inspections.get(couch, inspection["_id"])
        stored["status"] = statuses.next_status("approve", stored["status"])
        assert inspections.write_many(couch, [stored])[0].get("rev")

        # 3. The review pages write a request; the notices worker issues the notice.
        request = put_request(couch, stored, ["item-01", "item-03"])
        worker.run_once()
        done = store.get(couch, request["_id"])
        year = datetime.now(UTC).year
        assert done["status"] == "issued" and done["number"] == f"5401-{year}-0001"
        notice = store.by_number(couch, done["number"])
        pdf = store.pdf(couch, notice["number"])
        assert pdf.startswith(b"%PDF") and notice["number"] in pdf_text(pdf)
        code = code_from_pdf(pdf)
        assert _pulled_notice(phone, settings, notice["_id"])["status"] == "issued"

        # 4. The business opens it with the code on the PDF and answers both failures.
        assert portal.post("/notice", data={"number": notice["number"], "code": code}).status_code == 200
        for n, item_id in enumerate(["item-01", "item-03"]):
            page = portal.post("/notice/answer", data={"number": notice["number"], "code": code,
                                                       "item_id": item_id, "text": f"已整改第{n + 1}项"},
                               files={"photo": ("p.jpg", make_photo(n), "image/jpeg")})
            assert page.status_code == 200, page.text
        assert store.by_number(couch, notice["number"])["status"] == "answered"
        assert [a["answer"]["text"] for a in answers.answers_for(couch, notice["_id"])] == [
            "已整改第1项",
            "已整改第2项",
        ]
        assert _pulled_notice(phone, settings, notice["_id"])["status"] == "answered"

        # 5. The inspector goes back and pushes a re-inspection: both fixed.
        pulled = _pulled_notice(phone, settings, notice["_id"])
        again = make_inspection(VENUE, COUNTY, "dawa", template)
        again["reinspection_of"] = pulled["_id"]
        again["answers"] = {item_id: {"value": "yes"} for item_id in pulled["item_ids"]}
        assert [r["result"] for r in _sync(phone, settings, [again])["push"]] == ["accepted"]
        worker.run_once()

        # 6. The notice is closed, for the business and for the app.
        closed = store.by_number(couch, notice["number"])
        assert closed["status"] == "closed"
        assert {k: v["result"] for k, v in closed["outcomes"].items()} == {"item-01": "fixed", "item-03": "fixed"}
        page = portal.post("/notice", data={"number": notice["number"], "code": code})
        assert "已复查，已结案" in page.text and page.text.count("复查：已整改") == 2
        summary = _pulled_notice(phone, settings, notice["_id"])
        assert summary["status"] == "closed" and "closed_at" in summary
