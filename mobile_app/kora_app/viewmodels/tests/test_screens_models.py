"""Venue search, settings, home and sync status as the screens see them."""

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.outbox.worker import WHAT_TO_DO, SyncReport
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.viewmodels.home import HomeViewModel
from mobile_app.kora_app.viewmodels.settings import SettingsViewModel
from mobile_app.kora_app.viewmodels.sync_status import SyncStatusViewModel
from mobile_app.kora_app.viewmodels.venues import VenueListViewModel


def test_venue_search_by_pinyin_initials_chinese_and_tibetan(store):
    model = VenueListViewModel(store)
    assert len(model.results) == 5
    for query in ("yh", "银行", "དངུལ"):
        model.search(query)
        assert [v["venue_id"] for v in model.results] == ["v0"] and model.results[0]["county"] == "城关区"
    store.set_setting("language", "bo")
    model.search("yh")
    assert model.results[0]["name"] == "དཔེ་མཚོན་དངུལ་ཁང་།" and model.results[0]["county"] == "ཁྲིན་ཀོན་ཁུལ།"


def test_settings_language_text_size_server_and_sign_out_refused_with_the_count(store):
    model = SettingsViewModel(store, default_server="https://sync.kora.example")
    assert model.language == "zh" and model.server == "https://sync.kora.example"
    assert model.set_language("bo") and model.language == "bo"
    assert not model.set_language("en") and model.error.code == "invalid_setting"
    assert model.error.message == Message("error:invalid_language")
    assert model.set_large_text(True) and model.large_text
    assert not model.set_server("sync.example") and model.error.message == Message("error:invalid_server_address")
    assert model.set_server("https://sync.lhasa.example/")
    assert model.server == "https://sync.lhasa.example"
    inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic", template_version=1,
                      inspector="dolma", now=NOW)
    assert model.unsent == 1 and not model.sign_out()
    assert model.error.code == "unsent_work" and model.error.message == Message("error:unsent_work", count=1)


def test_home_lists_drafts_returned_with_comment_waiting_and_last_sync(store, template):
    draft = inspections.start(store, venue=catalog.venue(store, "v1"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    returned = {"_id": "7d444840-9dc0-11d1-b245-5ffdce74fad2", "_rev": "3-9c1f", "type": "inspection",
                "venue_id": "v0", "county_code": "540102", "inspector": "dolma",
                "template": {"id": "bank-basic", "version": 1}, "started_at": NOW, "finished_at": NOW,
                "answers": {"item-01": {"value": "yes"}}, "status": "returned",
                "signature": {"name": "次仁", "signed_at": NOW, "image": "a" * 64},
                "client": {"revision": 3, "updated_at": NOW},
                "review": {"comment": "请补拍现金柜台照片", "by": "supervisor.lhasa", "at": NOW}}
    catalog.apply_pull(store, {"returned": [returned]}, "cp-2", "2026-05-05T08:00:00Z", inspector="dolma")
    home = HomeViewModel(store, clock=lambda: NOW)
    assert [d["inspection_id"] for d in home.drafts] == [draft]
    assert [(r["venue"], r["comment"]) for r in home.returned] == [("示例银行城关支行", "请补拍现金柜台照片")]
    assert home.waiting == 0 and home.last_sync_at == "2026-05-05T08:00:00Z" and home.assignments == []
    assert inspections.header(store, returned["_id"])["base_rev"] == "3-9c1f"


def test_sync_status_reads_progress_and_what_to_do():
    model = SyncStatusViewModel()
    heard = []
    model.bind(lambda m: heard.append(m.headline))
    model.update(SyncReport(state="syncing", bytes_sent=300 * 1024, bytes_to_send=600 * 1024, waiting=2))
    assert model.fraction == 0.5 and heard == [Message("headline:syncing", sent=300, total=600)]
    model.update(SyncReport(state="needs_sign_in", waiting=2, what_to_do=WHAT_TO_DO["needs_sign_in"]))
    assert model.needs_sign_in and heard[-1] == Message("headline:needs_sign_in", count=2)
    model.update(SyncReport(state="waiting_retry", waiting=1))
    assert heard[-1] == Message("headline:waiting_retry", count=1)
    model.update(SyncReport(state="idle", waiting=3))
    assert heard[-1] == Message("headline:waiting", count=3)
    model.update(SyncReport(state="idle"))
    assert heard[-1] == Message("headline:all_sent")
    model.update(SyncReport(state="idle", last_sync_at="2026-05-04T10:00:00Z"))
    assert heard[-1] == Message("headline:all_sent_at", when="2026-05-04T10:00:00Z")


def test_a_venue_starts_a_draft_of_its_types_checklist(store):
    model = VenueListViewModel(store)
    draft = model.start("v0", "dolma")
    head = inspections.header(store, draft)
    assert head["venue_id"] == "v0" and head["template_id"] == "bank-basic" and head["state"] == "draft"
    assert model.start("nowhere", "dolma") is None and model.error.code == "no_checklist"
    assert model.error.message == Message("error:no_checklist")


def test_sync_status_names_the_advice_that_fits():
    model = SyncStatusViewModel()
    assert model.advice is None
    model.update(SyncReport(state="needs_sign_in", waiting=2))
    assert model.advice == Message("advice:needs_sign_in")
    model.update(SyncReport(state="waiting_retry", last_error="network: connection refused"))
    assert model.advice == Message("advice:network")
    model.update(SyncReport(state="waiting_retry", last_error="conflict_storm: 500"))
    assert model.advice == Message("advice:server")
