"""The phone against the real sync service and CouchDB: sign in, pull, fill, submit, sync, get it
returned, send it again as a new revision, meet a conflict and choose; a cut link and a dead one."""

import random

import pytest

from mobile_app.kora_app.message import Message
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.outbox.worker import SyncWorker
from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.signin import session
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.sync import SyncClient
from mobile_app.kora_app.sync.tests.links import COUNTY, CuttingTransport
from mobile_app.kora_app.viewmodels.conflict import ConflictViewModel
from mobile_app.kora_app.viewmodels.sync_status import SyncStatusViewModel
from services.users import service as users
from tests.support.sync_data import make_venue, seed
from tests.support.templates import make_template

PASSWORD = "Lhasa-2026-pw"
NOW = "2026-05-04T10:00:00Z"


@pytest.fixture
def field(couch):
    template = make_template(items=12, photo="on_no")
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue(f"v{i}", COUNTY) for i in range(3)] + [make_venue("far", "540103")])
    users.create_user(couch, {"name": "dolma", "password": PASSWORD, "role": "inspector",
                              "jurisdiction": {"level": "county", "codes": [COUNTY]}})
    return template


@pytest.fixture
def phone(tmp_path, server, field):
    with Store(tmp_path / "kora.sqlite3") as store:
        session.sign_in_online(store, server, "dolma", PASSWORD, NOW)
        yield store


def _worker(phone, server, status=None, transport=None):
    factory = lambda url, token: SyncClient(url, token, transport=transport, sleep=lambda s: None)
    return SyncWorker(phone, lambda: server, client_factory=factory,
                      on_status=status.update if status else (lambda r: None), rng=random.Random(1))


def _filled(phone, photo_size=(1600, 1200)):
    draft = inspections.start(phone, venue=catalog.venue(phone, "v0"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    for n in range(1, 13):
        inspections.set_answer(phone, draft, f"item-{n:02d}", "no" if n == 1 else "yes", NOW)
    from mobile_app.kora_app.photos import camera

    sha256 = camera.take(phone, draft, "item-01", camera_jpeg(photo_size, 1), NOW)
    inspections.set_signer(phone, draft, "次仁", "网点主任", NOW)
    inspections.add_stroke(phone, draft, [[10, 20], [12, 24]], {"width": 600, "height": 200}, NOW)
    return draft, sha256


def _return(couch, inspection_id, comment):
    doc = couch.db("inspections").all_docs([inspection_id])[inspection_id]
    doc.update(status="returned", review={"comment": comment, "by": "supervisor.lhasa", "at": NOW})
    couch.db("inspections").put(doc)
    return doc


def test_submit_sync_return_resubmit_as_a_new_revision(phone, server, couch):
    status = SyncStatusViewModel()
    worker = _worker(phone, server, status)
    assert worker.run_once() and catalog.checkpoint(phone) is not None
    assert sorted(v["venue_id"] for v in catalog.search_venues(phone)) == ["v0", "v1", "v2"]

    draft, sha256 = _filled(phone)
    queue.submit(phone, draft, NOW)
    assert status.report.waiting == 0 and queue.waiting_count(phone) == 1
    assert worker.run_once()
    stored = couch.db("inspections").all_docs([draft])[draft]
    assert stored["answers"]["item-01"]["photos"] == [sha256] and sha256 in stored["_attachments"]
    assert inspections.header(phone, draft)["state"] == "sent" and queue.waiting_count(phone) == 0
    assert status.report.inspections_sent == 1 and status.report.bytes_sent > 0 and status.fraction == 1.0
    assert status.headline == Message("headline:all_sent_at", when=status.report.last_sync_at)

    _return(couch, draft, "请补拍现金柜台照片")
    assert worker.run_once()
    head = inspections.header(phone, draft)
    assert head["state"] == "returned" and inspections.review(head)["comment"] == "请补拍现金柜台照片"
    inspections.set_answer(phone, draft, "item-02", "na", "2026-05-05T09:00:00Z")
    sent = queue.submit(phone, draft, "2026-05-05T09:01:00Z")
    assert sent["client"]["revision"] == 2
    assert worker.run_once()
    stored = couch.db("inspections").all_docs([draft])[draft]
    assert stored["status"] == "submitted" and stored["client"]["revision"] == 2
    assert stored["answers"]["item-02"]["value"] == "na" and sha256 in stored["_attachments"]
    assert inspections.header(phone, draft)["state"] == "sent"


def test_a_conflict_keeps_both_versions_until_the_inspector_chooses(phone, server, couch):
    worker = _worker(phone, server)
    worker.run_once()
    draft, _ = _filled(phone)
    queue.submit(phone, draft, NOW)
    worker.run_once()
    _return(couch, draft, "第2项请再看")
    worker.run_once()
    inspections.set_answer(phone, draft, "item-02", "na", "2026-05-05T09:00:00Z", note="再看了，不适用")
    queue.submit(phone, draft, "2026-05-05T09:01:00Z")
    doc = couch.db("inspections").all_docs([draft])[draft]  # the supervisor edits it meanwhile
    doc["review"]["comment"] = "第2项和第3项请再看"
    couch.db("inspections").put(doc)

    assert worker.run_once()
    assert inspections.header(phone, draft)["state"] == "conflict" and queue.waiting_count(phone) == 0
    conflict = ConflictViewModel(phone, draft)
    assert conflict.comment == "第2项和第3项请再看"
    assert [d["item"] for d in conflict.differences] == ["item-02"]
    assert conflict.differences[0]["phone"] == {"value": "na", "note": "再看了，不适用"}
    assert couch.db("inspections").all_docs([draft])[draft]["answers"]["item-02"]["value"] == "yes"

    assert conflict.keep_phone()
    queue.submit(phone, draft, "2026-05-05T09:05:00Z")
    assert worker.run_once()
    stored = couch.db("inspections").all_docs([draft])[draft]
    assert stored["answers"]["item-02"] == {
        "value": "na",
        "note": "再看了，不适用",
        "answered_at": "2026-05-05T09:00:00Z",
    }
    assert stored["status"] == "submitted"


def test_a_photo_cut_half_way_resumes_and_the_answers_went_first(phone, server, couch):
    _worker(phone, server).run_once()
    draft, sha256 = _filled(phone, photo_size=(4000, 3000))
    queue.submit(phone, draft, NOW)
    order = []

    def plan(request, number):
        order.append(request.url.path)
        if request.url.path == "/sync/photos" and order.count("/sync/photos") == 1:
            return ("truncate", 60_000)
        return None

    assert _worker(phone, server, transport=CuttingTransport(plan)).run_once()
    assert order[0] == "/sync" and order.index("/sync/photos/status") > order.index("/sync/photos")
    assert sha256 in couch.db("inspections").all_docs([draft])[draft]["_attachments"]
    assert inspections.header(phone, draft)["state"] == "sent"


def test_no_link_keeps_everything_and_backs_off_with_jitter(phone, server, field):
    draft, _ = _filled_after_pull(phone, server)
    dead = SyncWorker(phone, lambda: "http://127.0.0.1:9", rng=random.Random(7),
                      client_factory=lambda url, token: SyncClient(url, token, retries=0))
    status = SyncStatusViewModel()
    dead.on_status = status.update
    assert not dead.run_once() and not dead.run_once()
    assert status.report.state == "waiting_retry" and status.report.what_to_do == Message("advice:network")
    assert queue.waiting_count(phone) == 1 and inspections.header(phone, draft)["state"] == "queued"
    delays = []
    for failures in range(1, 9):
        dead.failures = failures
        delays.append(dead.delay())
    assert all(15 <= delays[0] <= 45 for _ in [0]) and delays[-1] <= 1800 * 1.5
    assert delays[4] > delays[0] * 4  # it grows
    dead.link_back()
    assert dead.failures == 0 and dead.delay() == dead.interval


def _filled_after_pull(phone, server):
    _worker(phone, server).run_once()
    draft, sha256 = _filled(phone)
    queue.submit(phone, draft, NOW)
    return draft, sha256


def test_an_expired_sign_in_keeps_the_work_and_says_an_online_sign_in_is_needed(phone, server, couch):
    draft, _ = _filled_after_pull(phone, server)
    status = SyncStatusViewModel()
    worker = _worker(phone, server, status)
    worker.clock = lambda: 4e9  # past the token's offline validity
    assert not worker.run_once()
    assert status.needs_sign_in and status.report.what_to_do == Message("advice:needs_sign_in")
    assert status.report.waiting == 1
    assert couch.db("inspections").all_docs([draft]).get(draft) is None
    session.sign_in_online(phone, server, "dolma", PASSWORD, NOW)
    worker.clock = lambda: 1e9
    assert worker.run_once() and inspections.header(phone, draft)["state"] == "sent"


def test_the_thread_syncs_when_woken_by_a_submit(phone, server, couch):
    import threading

    done = threading.Event()
    worker = _worker(phone, server)
    worker.interval = 3600
    worker.on_status = lambda report: done.set() if report.state == "idle" and report.inspections_sent else None
    _worker(phone, server).run_once()
    draft, _ = _filled(phone)
    worker.start()
    try:
        queue.submit(phone, draft, NOW)
        worker.submitted()
        assert done.wait(30)
    finally:
        worker.stop()
    assert couch.db("inspections").all_docs([draft])[draft]["status"] == "submitted"  # None if absent
