"""A re-inspection in the real window: the overdue notice is today's assignment on home; a tap
starts it; each failure is marked fixed or still failing with a photo; the summary's problems lead
back to the re-inspection, not to the whole checklist."""

from __future__ import annotations

import pytest

from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.reinspection.tests.test_notices import _finding, _notice
from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import phone, screen, sign_in  # noqa: F401
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap
from mobile_app.kora_app.store import catalog, inspections

NUMBER = "540102-2026-0001"


@pytest.fixture
def overdue(store):
    catalog.apply_pull(store, {"notices": [_notice("x", "overdue", findings=[_finding("item-03"), _finding("item-07")],
                                                   number=NUMBER)]}, "cp-2", "2026-05-20T10:00:00Z")


def button(row, text):
    return next(b for b in row.answers.children if b.text.endswith(text))


def in_sight(page, item_id):
    """A thumb's swipe: the item's row of buttons scrolled into sight."""
    page.ids.scroll.scroll_to(page.item_rows[item_id], animate=False)
    frames()
    return page.item_rows[item_id]


def test_an_overdue_notice_is_re_inspected_from_home(phone, store, overdue, tmp_path):  # noqa: F811
    sign_in(phone)
    home = screen(phone, "home")
    (assignment,) = [row for row in home.ids.rows.children if NUMBER in row.text]
    assert assignment.text.startswith(f"复查 {NUMBER}，期限 2026-05-11") and "示例银行城关支行" in assignment.text
    tap(assignment)

    page = screen(phone, "reinspection")
    assert page.ids.notice.text.startswith("示例银行城关支行\n复查")
    rows = page.item_rows
    assert list(rows) == ["item-03", "item-07"]
    labels = [w.text for w in page.ids.rows.children[::-1] if not hasattr(w, "item_id")]
    assert labels[0].startswith("× 保留人工服务柜台\n法律依据") and labels[1] == "尚未复查 · 照片：0 张"

    tap(button(in_sight(page, "item-03"), "已整改"))
    tap(button(in_sight(page, "item-07"), "仍未整改"))
    inspection_id = page.model.inspection_id
    answers = inspections.answers(store, inspection_id)
    assert (answers["item-03"]["value"], answers["item-07"]["value"]) == ("yes", "no")
    assert button(page.item_rows["item-03"], "已整改").text == "● 已整改"

    photo = tmp_path / "fixed-counter.jpg"
    photo.write_bytes(camera_jpeg((1600, 1200), 1))
    tap(in_sight(page, "item-03").photo)
    page.chooser.chooser.path, page.chooser.chooser.selection = str(tmp_path), [str(photo)]
    frames()
    tap(page.chooser.use)
    assert len(inspections.answers(store, inspection_id)["item-03"]["photos"]) == 1
    screenshot("screen-reinspection-zh")

    tap(page.ids.summary)
    summary = screen(phone, "summary")
    problem = next(row for row in summary.ids.rows.children if "item-07" in row.text)
    tap(problem)
    assert screen(phone, "reinspection").model.inspection_id == inspection_id

    tap(page.ids.home)
    home = screen(phone, "home")
    assert not [row for row in home.ids.rows.children if NUMBER in row.text and "复查" in row.text[:3]]
    assert any("示例银行城关支行" in row.text for row in home.ids.rows.children)  # now a draft


def test_a_sync_that_brings_an_overdue_notice_puts_it_on_home_at_once(phone, store):  # noqa: F811
    from mobile_app.kora_app.outbox.worker import SyncReport

    sign_in(phone)
    home = screen(phone, "home")
    assert not [row for row in home.ids.rows.children if NUMBER in row.text]
    catalog.apply_pull(store, {"notices": [_notice("x", "overdue", findings=[_finding("item-03")], number=NUMBER)]},
                       "cp-2", "2026-05-20T10:00:00Z")  # what the worker's pull stored, on its own thread
    phone.sync_reported(SyncReport(state="syncing"))
    assert not [row for row in home.ids.rows.children if NUMBER in row.text]  # mid-sync: home is left alone
    phone.sync_reported(SyncReport(state="idle", last_sync_at="2026-05-20T10:00:00Z"))
    frames()
    assert [row for row in home.ids.rows.children if NUMBER in row.text]
    assert home.ids.last_sync.text.startswith("上次同步：2026-05-")


def test_in_tibetan(phone, store, overdue):  # noqa: F811
    store.set_setting("language", "bo")
    phone.language = "bo"
    sign_in(phone)
    (assignment,) = [row for row in screen(phone, "home").ids.rows.children if NUMBER in row.text]
    tap(assignment)
    page = screen(phone, "reinspection")
    assert [b.text for b in page.item_rows["item-03"].answers.children[::-1]] == ["ལེགས་སྒྲིག་ཟིན།",
                                                                                 "ལེགས་སྒྲིག་མ་ཟིན།"]
    assert "མི་སྣེ་ཞབས་ཞུ།" in page.ids.rows.children[-1].text
    screenshot("screen-reinspection-bo")
