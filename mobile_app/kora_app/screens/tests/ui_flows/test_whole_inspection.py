"""The whole inspection in the real app and window against the real sync service and CouchDB:
the first sign-in online pulls the venues and the 60-item checklist; a venue found by its pinyin
initials; every item answered by touch, a photo, a note typed in Tibetan; the app torn down and
opened again on the same phone store; signed, submitted, synced; the server holds it all."""

from __future__ import annotations

import pytest

from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (
    NOTE,
    choose_photo,
    screen,
    scroll_to,
)
from mobile_app.kora_app.screens.tests.ui_flows.test_settings_and_sync import until
from mobile_app.kora_app.screens.tests.window import drag, frames, screenshot, tap, type_text
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.sync.tests.links import COUNTY
from services.users import service as users
from tests.support.sync_data import make_venue, seed
from tests.support.templates import make_template

PASSWORD = "Lhasa-2026-pw"
ITEMS = 60


@pytest.fixture
def field(couch):
    venues = [make_venue(f"v{i}", COUNTY) for i in range(4)]
    venues[0].update(name={"zh": "示例银行城关支行", "bo": "དཔེ་མཚོན་དངུལ་ཁང་།"}, venue_type="bank")
    seed(couch, "catalog", [make_template(items=ITEMS, photo="on_no")])
    seed(couch, "venues", venues)
    users.create_user(couch, {"name": "dolma", "password": PASSWORD, "role": "inspector",
                              "jurisdiction": {"level": "county", "codes": [COUNTY]}})


def open_app(app, path, server):
    store = Store(path)
    app.open_store(store, server)
    frames()
    return store


def sign_in_as_dolma(app):
    signin = screen(app, "signin")
    signin.ids.name.text = ""
    tap(signin.ids.name)
    type_text("dolma")
    tap(signin.ids.password)
    type_text(PASSWORD)
    tap(signin.ids.sign_in)
    until(lambda: app.sync_status.report.state == "idle" and app.sync_status.report.last_sync_at)
    frames()


def test_a_whole_inspection_from_sign_in_to_the_server(kora_app, server, field, couch, tmp_path):
    app, path = kora_app, tmp_path / "phone.sqlite3"
    store = open_app(app, path, server)
    try:
        sign_in_as_dolma(app)
        assert len(catalog.search_venues(store)) == 4  # the first sync pulled the catalog
        tap(screen(app, "home").ids.find_venue)
        venues = screen(app, "venues")
        tap(venues.ids.query)
        type_text("yh")
        (row,) = venues.shown_rows()
        tap(row)

        checklist = screen(app, "checklist")
        photo = tmp_path / "window-closed.jpg"
        photo.write_bytes(camera_jpeg((1600, 1200), 1))
        for number in range(1, ITEMS + 1):
            assert checklist.model.current["id"] == f"item-{number:02d}"
            yes, no, _na = reversed(checklist.ids.answers.children)
            tap(no if number == 1 else yes)
            if number == 1:
                choose_photo(checklist, photo)
                scroll_to(checklist, checklist.ids.save_note)
                tap(checklist.ids.note)
                type_text(NOTE)
                tap(checklist.ids.save_note)
            tap(checklist.ids.next)
        assert checklist.ids.progress.text == f"进度：{ITEMS} / {ITEMS}"
        (draft,) = [h["inspection_id"] for h in inspections.listed(store, "draft")]
    finally:
        app.stop_sync()
        store.close()

    # The app is gone; a new one opens the same phone store.
    store = open_app(app, path, server)
    try:
        sign_in_as_dolma(app)
        home = screen(app, "home")
        (row,) = [r for r in home.ids.rows.children if "示例银行城关支行" in r.text]
        tap(row)
        checklist = screen(app, "checklist")
        assert checklist.ids.progress.text == f"进度：{ITEMS} / {ITEMS}"
        tap(checklist.ids.summary)
        summary = screen(app, "summary")
        assert summary.ids.submit.disabled and summary.ids.findings.text == "不合格项：1"
        tap(list(reversed(summary.ids.rows.children))[1])  # the signature is missing
        signature = screen(app, "signature")
        tap(signature.ids.name)
        type_text("次仁卓玛")
        tap(signature.ids.save_name)
        drag(signature.ids.pad, [(0.1, 0.4), (0.4, 0.8), (0.6, 0.2), (0.9, 0.6)])
        tap(signature.ids.back)
        summary = screen(app, "summary")
        tap(summary.ids.submit)
        until(lambda: inspections.header(store, draft)["state"] == "sent")
        tap(summary.ids.home)
        tap(screen(app, "home").ids.sync)
        until(lambda: app.sync_status.report.state == "idle" and app.sync_status.report.waiting == 0)
        frames()
        sync = screen(app, "sync")
        assert sync.ids.state.text == "全部已发送" and sync.ids.bar.value == 100
        screenshot("screen-sync-sent-zh")
    finally:
        app.stop_sync()
        store.close()

    stored = couch.db("inspections").all_docs([draft])[draft]
    assert len(stored["answers"]) == ITEMS and stored["venue_id"] == "v0" and stored["inspector"] == "dolma"
    first = stored["answers"]["item-01"]
    assert first["value"] == "no" and first["note"] == NOTE and first["photos"][0] in stored["_attachments"]
    assert all(stored["answers"][f"item-{n:02d}"]["value"] == "yes" for n in range(2, ITEMS + 1))
    assert stored["signature"]["name"] == "次仁卓玛" and len(stored["signature"]["strokes"]) == 1
