"""The summary: score, failures with legal basis, problems pointing at items; submit only when none."""

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel
from mobile_app.kora_app.viewmodels.summary import SummaryViewModel


def test_submit_is_refused_with_each_problem_pointing_at_its_item_then_queues_without_network(store):
    draft = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    checklist = ChecklistViewModel(store, draft, clock=lambda: NOW)
    for n in range(1, 60):
        checklist.answer("no" if n == 2 else "yes", item_id=f"item-{n:02d}")
    woken = []
    summary = SummaryViewModel(store, draft, wake_sync=lambda: woken.append(1), clock=lambda: NOW)
    assert summary.score["findings"] == ["item-02"] and summary.score["score"] == round(100 * 58 / 59, 1)
    assert summary.failures[0]["legal_basis"][0]["quote"] == "保留人工服务柜台"
    by_code = {(p["code"], p["item"]) for p in summary.problems}
    assert {("answer_required", "item-60"), ("photo_required", "item-02"), ("signature_required", "")} <= by_code
    assert not summary.can_submit and not summary.submit()
    assert summary.error.code == "submission_refused" and woken == [] and queue.waiting_count(store) == 0

    checklist.answer("na", item_id="item-60")
    checklist.add_photo(camera_jpeg((800, 600), 1), item_id="item-02")
    inspections.set_signer(store, draft, "次仁", None, NOW)
    inspections.add_stroke(store, draft, [[1, 2]], {"width": 600, "height": 200}, NOW)
    summary.refresh()
    assert summary.problems == [] and summary.submit()
    assert woken == [1] and summary.state == "queued" and queue.waiting_count(store) == 1
