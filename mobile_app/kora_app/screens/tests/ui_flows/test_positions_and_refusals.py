"""Positions and refusals in the real window: a desktop's position typed in the settings is recorded
when a venue's checklist is started and when it is submitted, and the summary says where each came
from (or that there is none); the sync screen lists what the server refused, why, and what to do."""

from __future__ import annotations

from mobile_app.kora_app.outbox import queue
from mobile_app.kora_app.outbox.tests.test_queue import _queued
from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (  # noqa: F401
    phone,
    screen,
    sign_in,
)
from mobile_app.kora_app.screens.tests.ui_flows.test_settings_and_sync import until
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap, type_text
from mobile_app.kora_app.store import inspections

NOW = "2026-05-04T10:00:00Z"


def _start_at_the_bank(phone):  # noqa: F811
    tap(screen(phone, "home").ids.find_venue)
    venues = screen(phone, "venues")
    tap(venues.ids.query)
    type_text("yh")
    tap(venues.ids.rows.children[0])
    (draft,) = inspections.listed(phone.store, "draft")
    return draft["inspection_id"]


def test_without_a_position_the_summary_says_so(phone, store):  # noqa: F811
    sign_in(phone)
    draft = _start_at_the_bank(phone)
    assert inspections.header(store, draft)["gps"] is None
    tap(screen(phone, "checklist").ids.summary)
    summary = screen(phone, "summary")
    assert summary.ids.positions.text == "开始检查时的位置：没有位置：这台电脑不能定位，请在设置中填写本机位置。"


def test_the_settings_position_is_recorded_when_started_and_submitted(phone, store):  # noqa: F811
    sign_in(phone)
    tap(screen(phone, "home").ids.settings)
    settings = screen(phone, "settings")
    settings.ids.scroll.scroll_to(settings.ids.save_position, animate=False)
    frames()
    tap(settings.ids.desktop_position)
    type_text("29.6521, 91.1322")
    tap(settings.ids.save_position)
    assert settings.ids.error.text == "" and settings.model.desktop_position == "29.6521, 91.1322"
    settings.ids.scroll.scroll_to(settings.ids.back, animate=False)
    frames()
    tap(settings.ids.back)

    draft = _start_at_the_bank(phone)
    started = inspections.document(store, draft)["gps"]
    assert started == {**started, "lat": 29.6521, "lon": 91.1322, "source": "settings"}
    for n in range(1, 61):
        inspections.set_answer(store, draft, f"item-{n:02d}", "yes", NOW)
    inspections.set_signer(store, draft, "次仁卓玛", None, NOW)
    inspections.add_stroke(store, draft, [[1, 2], [30, 40]], {"width": 600, "height": 200}, NOW)
    tap(screen(phone, "checklist").ids.summary)
    summary = screen(phone, "summary")
    assert summary.ids.positions.text == ("开始检查时的位置：29.65210, 91.13220 · 设置中填写的固定位置 · "
                                          + started["captured_at"])
    tap(summary.ids.submit)
    assert summary.ids.state.text == "已提交，等待发送"
    finished = queue.waiting(store)[0]["doc"]["gps_finished"]
    assert finished == {**finished, "lat": 29.6521, "lon": 91.1322, "source": "settings"}
    assert summary.ids.positions.text.splitlines()[1] == ("提交时的位置：29.65210, 91.13220 · 设置中填写的固定位置 · "
                                                        + finished["captured_at"])
    screenshot("screen-summary-positions-zh")


def test_the_sync_screen_lists_what_was_refused_why_and_what_to_do(phone, store):  # noqa: F811
    county, photo = _queued(store, "v1"), _queued(store, "v0")
    outbox = queue.waiting(store)
    index = {item["doc"]["_id"]: i for i, item in enumerate(outbox)}
    queue.record(store, [  # what the server answered to the last push
        {"index": index[county], "id": county, "result": "refused", "code": "forbidden",
         "refusal": "county_outside_reach", "reason": "county 540102 is outside your jurisdiction"},
        {"index": index[photo], "id": photo, "result": "invalid", "code": "invalid_document",
         "reason": "/answers/item-02/photos: take one",
         "errors": [{"path": "/answers/item-02/photos", "code": "photo_required", "item": "item-02",
                     "reason": "take one"}]}], [], outbox, NOW)
    sign_in(phone)
    tap(screen(phone, "home").ids.sync)
    sync = screen(phone, "sync")
    until(lambda: phone.sync_status.report.state == "needs_sign_in")
    frames()
    texts = [w.text for w in reversed(sync.ids.refused_rows.children)]
    assert texts[0] == "服务器拒收：2 份"
    county_row = next(t for t in texts if t.startswith("示例拉萨") and "这个县不在你的管辖范围内" in t)
    assert county_row.endswith("服务器原话：county 540102 is outside your jurisdiction")
    photo_row = next(t for t in texts if t.startswith("示例银行城关支行"))
    assert "有检查项缺少照片（item-02）：打开草稿补拍照片后重新提交。" in photo_row
    assert texts.count("重新发送") == 1 and texts.count("打开草稿修改") == 1
    sync.ids.scroll.scroll_to(sync.ids.refused_rows.children[0], animate=False)
    frames()
    screenshot("screen-sync-refused-zh")

    phone.language = "bo"
    store.set_setting("language", "bo")
    phone.sync_status.refresh()
    frames()
    texts = [w.text for w in reversed(sync.ids.refused_rows.children)]
    assert texts[0] == "ཞབས་ཞུ་འཕྲུལ་ཆས་ཀྱིས་ཕྱིར་བསྐྱུར་བ། 2" and "ཡང་བསྐྱར་བསྐུར་བ།" in texts
    sync.ids.scroll.scroll_to(sync.ids.refused_rows.children[0], animate=False)
    frames()
    screenshot("screen-sync-refused-bo")
    phone.language = "zh"
    store.set_setting("language", "zh")
    phone.sync_status.refresh()
    frames()

    send_again = next(w for w in sync.ids.refused_rows.children if w.text == "重新发送")
    sync.ids.scroll.scroll_to(send_again, animate=False)
    frames()
    tap(send_again)
    assert inspections.header(store, county)["state"] == "queued"
    assert [item["doc"]["_id"] for item in queue.waiting(store)] == [county]
    texts = [w.text for w in reversed(sync.ids.refused_rows.children)]
    assert texts[0] == "服务器拒收：1 份" and "重新发送" not in texts
    assert sync.ids.waiting_rows.children[-1].text == "等待发送"  # the list's title, then the one sent again

    open_draft = next(w for w in sync.ids.refused_rows.children if w.text == "打开草稿修改")
    sync.ids.scroll.scroll_to(open_draft, animate=False)
    frames()
    tap(open_draft)
    summary = screen(phone, "summary")
    assert summary.model.inspection_id == photo and summary.ids.state.text == "草稿"
    assert summary.ids.rows.children[-1].text == "有检查项缺少照片（item-02）：打开草稿补拍照片后重新提交。"
