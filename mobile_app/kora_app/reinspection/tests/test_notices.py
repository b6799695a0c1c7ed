"""Re-inspecting a notice's failures: from the notice's findings, or (as the pull is today) from the
phone's own original inspection; each marked fixed or still failing with a photo; sent as an
inspection with ``reinspection_of``."""

import pytest

from mobile_app.kora_app.conftest import COUNTY, NOW
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.outbox.tests.test_worker import PASSWORD, _filled, _worker
from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.reinspection import notices
from mobile_app.kora_app.signin import session
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.viewmodels.home import HomeViewModel
from mobile_app.kora_app.viewmodels.reinspection import ReinspectionViewModel
from services.users import service as users
from tests.support.sync_data import make_venue, seed
from tests.support.templates import make_template

LATER = "2026-06-01T10:00:00Z"


def _notice(inspection_id, status="answered", findings=None, number="540102-2026-0001"):
    doc = {"_id": f"notice:{number}", "type": "notice", "number": number, "venue_id": "v0",
           "county_code": COUNTY, "inspection_id": inspection_id, "template": {"id": "bank-basic", "version": 1},
           "status": status, "issued_at": NOW, "deadline": "2026-05-11T23:59:59+08:00",
           "access_code_hash": "$argon2id$v=19$m=65536,t=3,p=4$abcdefgh"}
    if findings is not None:
        doc["findings"] = findings
    return doc


def _finding(item_id):
    return {
        "item_id": item_id,
        "requirement": {"zh": "保留人工服务柜台", "bo": "མི་སྣེ་ཞབས་ཞུ།"},
        "severity": "major",
        "legal_basis": [{"document": "safeguard-2021", "section": "二（四）", "item": 9, "quote": "保留人工服务柜台"}],
    }


def test_due_notices_are_answered_overdue_or_past_their_deadline(store):
    catalog.apply_pull(store, {"notices": [
        _notice("a", "answered", number="n1"), _notice("b", "overdue", number="n2"),
        _notice("c", "issued", number="n3"), _notice("d", "closed", number="n4")]}, "cp-2", NOW)
    assert [n["number"] for n in notices.due(store, NOW)] == ["n1", "n2"]
    assert [n["number"] for n in notices.due(store, LATER)] == ["n1", "n2", "n3"]


def test_failures_from_the_notice_each_need_fixed_or_failing_and_a_photo(store):
    catalog.apply_pull(store, {"notices": [_notice("x", findings=[_finding("item-03"), _finding("item-07")])]},
                       "cp-2", NOW)
    model = ReinspectionViewModel.start(store, "notice:540102-2026-0001", "dolma", clock=lambda: LATER)
    assert [(f["item"], f["state"]) for f in model.failures] == [("item-03", "unchecked"), ("item-07", "unchecked")]
    assert model.failures[0]["legal_basis"][0]["quote"] == "保留人工服务柜台"
    model.mark("item-03", fixed=True)
    model.mark("item-07", fixed=False)
    assert [f["state"] for f in model.failures] == ["fixed", "still_failing"]
    problems = queue.problems(store, model.inspection_id)
    assert {p["item"] for p in problems if p["code"] == "photo_required"} == {"item-03", "item-07"}
    assert not [p for p in problems if p["code"] == "answer_required"]  # only the notice's items are asked
    assert model.add_photo("item-03", camera_jpeg((800, 600), 1)) and model.add_photo(
        "item-07", camera_jpeg((810, 600), 1)
    )
    inspections.set_signer(store, model.inspection_id, "次仁", None, LATER)
    inspections.add_stroke(store, model.inspection_id, [[1, 2]], {"width": 600, "height": 200}, LATER)
    doc = queue.submit(store, model.inspection_id, LATER)
    assert doc["reinspection_of"] == "notice:540102-2026-0001"
    assert sorted(doc["answers"]) == ["item-03", "item-07"] and doc["answers"]["item-03"]["value"] == "yes"


def test_failures_from_the_pulls_summary_come_from_its_template_version(store):
    summary = {k: v for k, v in _notice("not-on-this-phone").items() if k != "access_code_hash"}
    catalog.apply_pull(store, {"notices": [{**summary, "item_ids": ["item-07", "item-03"]}]}, "cp-2", NOW)
    model = ReinspectionViewModel.start(store, "notice:540102-2026-0001", "dolma", clock=lambda: LATER)
    assert [f["item"] for f in model.failures] == ["item-03", "item-07"]  # in checklist order
    assert model.failures[0]["legal_basis"][0]["document"] == "safeguard-2021"


@pytest.fixture
def field(couch):
    seed(couch, "catalog", [make_template(items=12, photo="on_no")])
    seed(couch, "venues", [make_venue(f"v{i}", COUNTY) for i in range(3)])
    users.create_user(couch, {"name": "dolma", "password": PASSWORD, "role": "inspector",
                              "jurisdiction": {"level": "county", "codes": [COUNTY]}})


def test_a_pulled_notice_of_the_inspectors_own_inspection_is_reinspected_and_synced(tmp_path, server, couch, field):
    with Store(tmp_path / "kora.sqlite3") as phone:
        session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
        worker = _worker(phone, server)
        worker.run_once()
        original, _ = _filled(phone)  # item-01 failed ("no", with a photo)
        queue.submit(phone, original, NOW)
        worker.run_once()
        seed(couch, "notices", [_notice(original, findings=[_finding("item-01")])])
        worker.run_once()  # the pull brings the notice's summary, without its findings

        home = HomeViewModel(phone, clock=lambda: LATER)
        assert [(a["notice_id"], a["failures"]) for a in home.assignments] == [("notice:540102-2026-0001", 1)]
        model = ReinspectionViewModel.start(phone, "notice:540102-2026-0001", "dolma", clock=lambda: LATER)
        assert model.failures_known and [f["item"] for f in model.failures] == ["item-01"]
        model.mark("item-01", fixed=True)
        model.add_photo("item-01", camera_jpeg((1200, 900), 1))
        inspections.set_signer(phone, model.inspection_id, "次仁", None, LATER)
        inspections.add_stroke(phone, model.inspection_id, [[1, 2]], {"width": 600, "height": 200}, LATER)
        queue.submit(phone, model.inspection_id, LATER)
        assert worker.run_once()
        stored = couch.db("inspections").all_docs([model.inspection_id])[model.inspection_id]
        assert stored["reinspection_of"] == "notice:540102-2026-0001"
        assert stored["answers"]["item-01"]["value"] == "yes" and stored["_attachments"]
        assert HomeViewModel(phone, clock=lambda: LATER).assignments == []  # started: no longer to do


def test_a_count_or_a_choice_is_given_again_and_judged_by_the_shared_rule(store):
    from tests.support.templates import template as kinds_template

    kinds = kinds_template(template_id="bank-kinds", status="published")
    kinds["sections"][0]["items"][1]["answer"]["pass_at_least"] = 2  # two staffed windows
    kinds["sections"][1]["items"][0]["answer"]["fails_on"] = ["absent"]  # no reading glasses
    notice = {**_notice("x", "overdue", findings=[_finding("bank.cash.windows"), _finding("bank.help.glasses")]),
              "template": {"id": "bank-kinds", "version": 1}}
    catalog.apply_pull(store, {"templates": [kinds], "notices": [notice]}, "cp-2", NOW)
    model = ReinspectionViewModel.start(store, notice["_id"], "dolma", clock=lambda: LATER)
    assert [(f["item"], f["kind"]) for f in model.failures] == [("bank.cash.windows", "count"),
                                                                 ("bank.help.glasses", "choice")]
    assert [c["label"] for c in model.failures[1]["choices"]] == ["有", "无"]
    assert model.answer("bank.cash.windows", 1) and model.answer("bank.help.glasses", "present")
    assert [f["state"] for f in model.failures] == ["still_failing", "fixed"]
    assert inspections.answers(store, model.inspection_id)["bank.help.glasses"]["value"] == {"choice": "present"}
    assert model.failures[1]["value"] == "present"  # the option the screen marks as chosen
    assert model.answer("bank.cash.windows", 2) and model.answer("bank.help.glasses", "absent")
    assert [f["state"] for f in model.failures] == ["fixed", "still_failing"]
