"""The venue search in the real window: a venue the registry lacks added on the spot by touches and
typing, then inspected; and a county's hundreds of venues scrolled in the RecycleView."""

from __future__ import annotations

import time

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (  # noqa: F401
    phone,
    screen,
    sign_in,
)
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap, type_text
from mobile_app.kora_app.store import catalog, inspections, new_venues
from schemas.rules.venues import FIELD_ID
from tests.support.sync_data import make_venue

TEAHOUSE = "示例茶馆"
TEAHOUSE_BO = "དཔེ་མཚོན་ཇ་ཁང་།"


def type_into(widget, text):
    tap(widget)
    type_text(text)


def on_form(adding, widget):
    """What a thumb's swipe does: the form scrolls until ``widget`` is in sight."""
    adding.ids.scroll.scroll_to(widget, animate=False)
    frames()
    return widget


def test_a_venue_missing_from_the_registry_is_added_and_inspected(phone, store):  # noqa: F811
    sign_in(phone)
    tap(screen(phone, "home").ids.find_venue)
    venues = screen(phone, "venues")
    type_into(venues.ids.query, TEAHOUSE)
    assert venues.ids.count.text == "没有找到场所。如果名录里没有，请添加。" and venues.shown_rows() == []
    tap(venues.ids.add_venue)

    adding = screen(phone, "new_venue")
    assert adding.ids.name_zh.text == TEAHOUSE  # what the search was looking for
    assert [b.text for b in adding.ids.types.children] == ["银行 ✓"]  # the one type with a checklist here
    assert [b.text for b in adding.ids.counties.children] == ["城关区 ✓"]  # dolma's one county
    type_into(adding.ids.name_bo, TEAHOUSE_BO)
    tap(on_form(adding, adding.ids.save))  # no address yet
    assert screen(phone, "new_venue").ids.problems.text == "请检查：地址"
    assert adding.ids.error.text == "场所信息不完整或有误，请检查标出的内容。"
    assert len(catalog.search_venues(store)) == 5

    type_into(on_form(adding, adding.ids.address), "城关区示例巷3号")
    type_into(on_form(adding, adding.ids.lat), "29.65")
    type_into(on_form(adding, adding.ids.lon), "91.13")
    screenshot("screen-new-venue-zh")
    tap(on_form(adding, adding.ids.save))

    venues = screen(phone, "venues")
    assert venues.ids.query.text == TEAHOUSE and venues.ids.count.text == "1 个场所"
    (row,) = venues.shown_rows()
    assert row.text.startswith(f"{TEAHOUSE} · 现场添加，待核实\n城关区 · 城关区示例巷3号")
    stored = catalog.venue(store, row.venue_id)
    assert FIELD_ID.fullmatch(row.venue_id) and stored["name"] == {"zh": TEAHOUSE, "bo": TEAHOUSE_BO}
    assert stored["gps"] == {"lat": 29.65, "lon": 91.13} and new_venues.state(store, row.venue_id)["sent_at"] is None
    screenshot("screen-venues-new-venue-zh")
    tap(row)

    checklist = screen(phone, "checklist")
    assert checklist.ids.progress.text == "进度：0 / 60"
    (draft,) = inspections.listed(store, "draft")
    assert inspections.header(store, draft["inspection_id"])["venue_id"] == row.venue_id


def flip_timer(monkeypatch):
    """Seconds spent in the window's flip (drawing on this machine's software GL), kept apart from
    the app's own work of a frame."""
    from kivy.core.window import Window

    spent = [0.0]
    real = Window.flip

    def timed_flip():
        started = time.perf_counter()
        real()
        spent[0] += time.perf_counter() - started

    monkeypatch.setattr(Window, "flip", timed_flip)
    return spent


def test_a_countys_hundreds_of_venues_all_scroll_with_few_row_widgets(phone, store, monkeypatch):  # noqa: F811
    many = [make_venue(f"many-{n:04d}", "540102") for n in range(600)]
    for n, venue in enumerate(many):
        venue["name"] = {"zh": f"示例商店{n:04d}号"}
    catalog.apply_pull(store, {"venues": many}, "cp-2", NOW)
    sign_in(phone)
    started = time.perf_counter()
    tap(screen(phone, "home").ids.find_venue)
    venues = screen(phone, "venues")
    shown_in = time.perf_counter() - started
    assert len(venues.ids.rows.data) == 605 and venues.ids.count.text == "605 个场所"
    assert len(venues.ids.layout.children) < 25  # rows in sight only, reused while scrolling
    last = venues.ids.rows.data[-1]["text"]
    rows = venues.ids.rows
    flipping = flip_timer(monkeypatch)
    started = time.perf_counter()
    for _ in range(60):  # a swipe: 40 px a frame, about 2,400 px a second at 60 frames a second
        rows.scroll_y = max(0.0, rows.scroll_y - rows.convert_distance_to_scroll(0, 40)[1])
        frames(1)
    swipe = time.perf_counter() - started
    app_work, drawing = (swipe - flipping[0]) / 60, flipping[0] / 60
    steps = 0
    while rows.scroll_y > 0:  # on to the end, a screenful at a time
        rows.scroll_y = max(0.0, rows.scroll_y - rows.convert_distance_to_scroll(0, rows.height)[1])
        frames(1)
        steps += 1
    frames()
    assert venues.shown_rows()[-1].text == last and len(venues.ids.layout.children) < 25
    print(f"\nvenue list of 605: shown in {shown_in * 1000:.0f} ms (tap included); a swipe frame: "
          f"{app_work * 1000:.1f} ms of the app's work + {drawing * 1000:.1f} ms in the window's flip; the end "
          f"reached in {steps} screenfuls; {len(venues.ids.layout.children)} row widgets")
