"""Where an inspection was started and submitted, and what the server refused, as the screens see them."""

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.location import sources
from mobile_app.kora_app.location.sources import Fix, SettingsLocation
from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.outbox.tests.test_queue import _queued
from mobile_app.kora_app.outbox.worker import SyncReport
from mobile_app.kora_app.store import inspections
from mobile_app.kora_app.viewmodels.settings import SettingsViewModel
from mobile_app.kora_app.viewmodels.summary import SummaryViewModel
from mobile_app.kora_app.viewmodels.sync_status import SyncStatusViewModel
from mobile_app.kora_app.viewmodels.venues import VenueListViewModel

HERE = {"lat": 29.652, "lon": 91.1721, "accuracy_m": 9.0, "captured_at": NOW, "source": "device"}


def _ready(store, draft):
    """Every item answered and signed: ready to submit."""
    for n in range(1, 61):
        inspections.set_answer(store, draft, f"item-{n:02d}", "yes", NOW)
    inspections.set_signer(store, draft, "次仁", None, NOW)
    inspections.add_stroke(store, draft, [[1, 2]], {"width": 600, "height": 200}, NOW)


class Fixed:
    """A location source that answers what it is told to."""

    def __init__(self, fix: Fix) -> None:
        self.fix = fix

    def current(self) -> Fix:
        return self.fix


def test_a_draft_records_where_it_was_started_and_where_it_was_submitted(store):
    place = Fixed(Fix(HERE))
    draft = VenueListViewModel(store, place).start("v0", "dolma")
    assert inspections.header(store, draft)["state"] == "draft"
    _ready(store, draft)
    summary = SummaryViewModel(store, draft, clock=lambda: NOW, location=place)
    assert summary.positions == {"started": {"position": HERE, "missing": None},
                                 "finished": {"position": None, "missing": None}}  # not submitted yet
    place.fix = Fix.none(sources.GPS_OFF)
    assert summary.submit()
    assert summary.positions["finished"] == {"position": None, "missing": "gps_off"}
    doc = queue.waiting(store)[0]["doc"]
    assert doc["gps"] == HERE and "gps_finished" not in doc


def test_a_desktop_without_a_position_says_so_and_one_typed_in_settings_is_recorded(store):
    venues = VenueListViewModel(store)  # no source given: the settings' position, as on a desktop
    first = venues.start("v0", "dolma")
    assert SummaryViewModel(store, first).positions["started"] == {"position": None, "missing": "not_configured"}
    settings = SettingsViewModel(store)
    assert not settings.set_desktop_position("29.65") and settings.error.code == "invalid_position"
    assert not settings.set_desktop_position("95, 91.13") and settings.error.code == "invalid_position"
    assert settings.set_desktop_position("29.65， 91.13") and settings.desktop_position == "29.65, 91.13"
    second = venues.start("v0", "dolma")
    started = SummaryViewModel(store, second).positions["started"]["position"]
    assert started == {**started, "lat": 29.65, "lon": 91.13, "source": "settings"} and started["captured_at"]
    assert settings.set_desktop_position("") and settings.desktop_position == ""
    assert SettingsLocation(store).current().missing == "not_configured"


def test_sync_status_lists_what_went_what_waits_and_what_was_refused_with_retry(store):
    went, waits, refused, invalid = (_queued(store, v) for v in ("v0", "v1", "v2", "v3"))
    outbox = queue.waiting(store)
    index = {item["doc"]["_id"]: i for i, item in enumerate(outbox)}
    queue.record(store, [
        {"index": index[went], "id": went, "result": "accepted", "rev": "1-a"},
        {"index": index[refused], "id": refused, "result": "refused", "code": "forbidden",
         "refusal": "venue_outside_reach", "reason": "venue v2 is outside your jurisdiction"},
        {"index": index[invalid], "id": invalid, "result": "invalid", "code": "invalid_document",
         "reason": "/template: only a draft", "errors": [{"path": "/template", "reason": "only a draft"}]},
    ], [went], outbox, NOW)
    woken = []
    model = SyncStatusViewModel(store=store, wake_sync=lambda: woken.append(1), clock=lambda: NOW)
    assert [s["inspection_id"] for s in model.sent] == [went] and model.sent[0]["venue"] == "示例银行城关支行"
    assert [w["inspection_id"] for w in model.waiting] == [waits]
    by_id = {r["inspection_id"]: r for r in model.refused}
    assert by_id[refused] == {**by_id[refused], "reason": "venue_outside_reach", "can_retry": True,
                              "can_edit": False, "message": "venue v2 is outside your jurisdiction"}
    assert by_id[invalid] == {**by_id[invalid], "reason": "template_not_published", "can_retry": False,
                              "can_edit": True, "state": "draft"}
    assert not model.retry(invalid) and model.error.code == "not_refused" and woken == []
    heard = []
    model.bind(lambda m: heard.append(len(m.waiting)))
    assert model.retry(refused) and woken == [1] and heard[-1] == 2
    assert [r["inspection_id"] for r in model.refused] == [invalid]
    model.update(SyncReport(state="idle", waiting=2))
    assert {w["inspection_id"] for w in model.waiting} == {waits, refused}
