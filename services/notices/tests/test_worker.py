"""Requests become notices through the notices db's _changes feed: once each, across restarts,
crashes and several replicas; bad requests are refused with the reason."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from services.common.couch import Couch
from services.common.schemas import schema_errors
from services.notices import numbering, store
from services.notices.app import create_app
from services.notices.tests.helpers import approved_inspection, put_request, world

YEAR = datetime.now(UTC).year


def _notices(couch):
    return couch.db("notices").find_all({"type": "notice"})


def test_a_request_made_while_the_service_was_down_is_issued_when_the_worker_runs(couch, make_worker):
    inspection = world(couch)["inspection"]
    request = put_request(couch, inspection)
    make_worker(couch).run_once()
    done = store.get(couch, request["_id"])
    assert done["status"] == "issued" and done["number"] == f"5401-{YEAR}-0001"
    notice = store.by_number(couch, done["number"])
    assert schema_errors("notice", notice) == []
    assert [f["item_id"] for f in notice["findings"]] == ["item-01", "item-02"]
    assert notice["request_id"] == request["_id"] and notice["status"] == "issued"
    pdf = store.pdf(couch, notice["number"])
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == notice["pdf_sha256"]


def test_a_restarted_worker_resumes_from_its_checkpoint_and_issues_nothing_twice(couch, make_worker):
    template = world(couch)["template"]
    first = put_request(couch, approved_inspection(couch, template))
    make_worker(couch).run_once()
    assert store.checkpoint(couch, "requests")["seq"] != "0"
    second = put_request(couch, approved_inspection(couch, template))
    make_worker(couch).run_once()  # a new process: new replica id, same checkpoint
    assert store.get(couch, first["_id"])["number"] == f"5401-{YEAR}-0001"
    assert store.get(couch, second["_id"])["number"] == f"5401-{YEAR}-0002"
    assert len(_notices(couch)) == 2


def test_replicas_at_once_issue_each_request_once_with_numbers_without_gaps(couch, settings, make_worker):
    template = world(couch)["template"]
    requests = [put_request(couch, approved_inspection(couch, template)) for _ in range(6)]
    replicas = [make_worker(Couch(settings)) for _ in range(3)]
    start = threading.Barrier(len(replicas))

    def run(worker):
        start.wait()
        worker.run_once()
        worker.sweep()

    threads = [threading.Thread(target=run, args=(w,)) for w in replicas]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = sorted(store.get(couch, r["_id"])["number"] for r in requests)
    assert numbers == [f"5401-{YEAR}-{n:04d}" for n in range(1, 7)]
    assert sorted(n["number"] for n in _notices(couch)) == numbers


def test_a_crash_after_taking_the_number_reuses_it(couch, make_worker):
    template = world(couch)["template"]
    request = put_request(couch, approved_inspection(couch, template))
    # The replica that crashed had claimed the request and taken its number, and stored nothing else.
    taken = numbering.assign(couch, "5401", YEAR, request["_id"])
    stale = (datetime.now(UTC) - timedelta(minutes=10)).isoformat(timespec="seconds")
    store.put(
        couch, {**store.get(couch, request["_id"]), "status": "claimed", "claimed_by": "dead", "claimed_at": stale}
    )
    worker = make_worker(couch)
    worker.run_once()  # the sweep of its first round finds the expired claim
    assert store.get(couch, request["_id"])["number"] == taken == f"5401-{YEAR}-0001"
    assert couch.db("notices").get(numbering.counter_id("5401", YEAR))["last"] == 1


def test_a_live_claim_of_another_replica_is_left_alone(couch, make_worker):
    template = world(couch)["template"]
    request = put_request(couch, approved_inspection(couch, template))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    store.put(
        couch, {**store.get(couch, request["_id"]), "status": "claimed", "claimed_by": "other", "claimed_at": now}
    )
    make_worker(couch).run_once()
    assert store.get(couch, request["_id"])["status"] == "claimed"
    assert _notices(couch) == []


def _refusal(couch, make_worker, request):
    make_worker(couch).run_once()
    done = store.get(couch, request["_id"])
    assert done["status"] == "refused", done
    return done["reason"]


def test_an_inspection_not_approved_is_refused(couch, make_worker):
    inspection = world(couch, status="submitted")["inspection"]
    assert "submitted, not approved" in _refusal(couch, make_worker, put_request(couch, inspection))


def test_items_that_are_not_failures_are_refused(couch, make_worker):
    inspection = world(couch)["inspection"]
    reason = _refusal(couch, make_worker, put_request(couch, inspection, ["item-01", "item-03", "no-such-item"]))
    assert reason.endswith("item-03, no-such-item")


def test_a_requester_outside_the_jurisdiction_is_refused(couch, make_worker):
    inspection = world(couch)["inspection"]
    reason = _refusal(couch, make_worker, put_request(couch, inspection, requested_by="nyima"))
    assert "540102 is outside the jurisdiction of nyima" in reason
    reason = _refusal(couch, make_worker, put_request(couch, inspection, requested_by="dawa"))
    assert "may not issue notices" in reason


def test_a_request_without_items_or_time_is_refused(couch, make_worker):
    inspection = world(couch)["inspection"]
    assert "names no failed items" in _refusal(couch, make_worker, put_request(couch, inspection, item_ids=[]))
    reason = _refusal(couch, make_worker, put_request(couch, inspection, requested_at="yesterday"))
    assert "requested_at" in reason


def test_a_second_notice_for_one_inspection_is_refused(couch, make_worker):
    inspection = world(couch)["inspection"]
    put_request(couch, inspection)
    make_worker(couch).run_once()
    reason = _refusal(couch, make_worker, put_request(couch, inspection, ["item-02"]))
    assert "ask for a correction" in reason
    assert numbering.assign(couch, "5401", YEAR, "notice_request:next") == f"5401-{YEAR}-0002"


def test_the_service_process_runs_the_worker(couch, settings):
    inspection = world(couch)["inspection"]
    request = put_request(couch, inspection)
    with TestClient(create_app(settings)) as client:
        assert client.app.state.worker._thread.is_alive()
        deadline = time.monotonic() + 60
        while store.get(couch, request["_id"])["status"] != "issued" and time.monotonic() < deadline:
            time.sleep(0.2)
        worker = client.app.state.worker
    assert store.get(couch, request["_id"])["status"] == "issued"
    assert not worker._thread.is_alive()


def test_the_api_answers_a_refused_request_with_its_reason(couch, settings, make_worker):
    from tests.support.sync_data import bearer

    inspection = world(couch, status="submitted")["inspection"]
    request = put_request(couch, inspection)
    make_worker(couch).run_once()
    uuid_part = request["_id"].removeprefix("notice_request:")
    with TestClient(create_app(settings, run_worker=False)) as client:
        headers = bearer(settings, "zhuoma", role="supervisor", level="prefecture", codes=("540100",))
        refused = client.get(f"/api/notice-requests/{uuid_part}", headers=headers)
        assert refused.status_code == 422
        assert refused.json()["code"] == "notice_request_refused"
        assert "submitted, not approved" in refused.json()["detail"]
        elsewhere = bearer(settings, "nyima", role="supervisor", level="prefecture", codes=("540200",))
        assert client.get(f"/api/notice-requests/{uuid_part}", headers=elsewhere).status_code == 403
        inspector = bearer(settings, "dawa")
        assert client.get(f"/api/notice-requests/{uuid_part}", headers=inspector).status_code == 403
