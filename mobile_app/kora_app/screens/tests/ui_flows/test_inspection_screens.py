"""Sign in, home, venue search and the checklist in the real window, driven by touches and typing.

The store is the phone's own (a first pull of five venues and the 60-item checklist); the
account is what an earlier online sign-in kept, so signing in here is the offline path.
"""

from __future__ import annotations

import time

import pytest

from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap, type_text
from mobile_app.kora_app.signin import offline_tries
from mobile_app.kora_app.store import inspections
from mobile_app.kora_app.viewmodels.tests.test_signin import NO_SERVER, keep_account

PASSWORD = "Lhasa-2026-pw"
NOTE = "སྒོ་ལྕགས་བརྒྱབ་འདུག"  # "the door was locked"


@pytest.fixture
def phone(kora_app, store):
    from mobile_app.kora_app.screens.text_size import text_size

    text_size.large = False
    keep_account(store, "dolma", PASSWORD)
    kora_app.open_store(store, NO_SERVER)
    frames()
    yield kora_app
    kora_app.root.current = "demo"
    kora_app.close_store()
    kora_app.language = "zh"
    text_size.large = False
    frames()


def screen(app, name):
    assert app.root.current == name
    return app.root.get_screen(name)


def scroll_to(checklist, widget):
    """What a thumb's swipe does: the item's scroll area moves until ``widget`` is in sight."""
    checklist.ids.scroll.scroll_to(widget, animate=False)
    frames()


def sign_in(app, password=PASSWORD):
    signin = screen(app, "signin")
    tap(signin.ids.password)
    type_text(password)
    tap(signin.ids.sign_in)
    frames()


def test_a_wrong_password_shows_why_and_the_right_one_opens_home(phone):
    signin = screen(phone, "signin")
    assert signin.ids.name.text == "dolma"  # the last inspector's name is filled in
    sign_in(phone, "not-it")
    assert screen(phone, "signin").ids.error.text == "用户名或密码不对。"
    signin.ids.password.text = ""
    sign_in(phone)
    home = screen(phone, "home")
    assert home.ids.waiting.text == "等待发送：0 份" and home.ids.last_sync.text.startswith("上次同步：2026-05-04")
    screenshot("screen-home-zh")


def test_wrong_passwords_in_a_row_say_how_long_to_wait_in_either_language(phone, store):
    for _ in range(4):  # four wrong tries earlier (the count is kept in the store)
        offline_tries.failed(store, time.time())
    signin = screen(phone, "signin")
    sign_in(phone, "not-it")
    assert signin.ids.error.text == "用户名或密码错了太多次：请等 30 秒后再试。"
    phone.language = "bo"
    signin.show(signin.model)
    frames()
    assert signin.ids.error.text == "མིང་ངམ་གསང་ཨང་ཐེངས་མང་པོ་ནོར་སོང་། སྐར་ཆ་ 30 སྒུག་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།"
    screenshot("screen-signin-wait-bo")


def choose_photo(checklist, path):
    """The add-photo button, then the file in the chooser (as a tap on its row selects it)."""
    scroll_to(checklist, checklist.ids.add_photo)
    tap(checklist.ids.add_photo)
    chooser = checklist.chooser
    assert chooser.parent is not None  # the popup is open
    chooser.chooser.path = str(path.parent)
    chooser.chooser.selection = [str(path)]
    frames()
    tap(chooser.use)
    assert chooser.parent is None


def test_find_a_venue_by_pinyin_initials_and_answer_its_checklist(phone, store, tmp_path):
    sign_in(phone)
    tap(screen(phone, "home").ids.find_venue)
    venues = screen(phone, "venues")
    assert len(venues.ids.rows.children) == 5
    tap(venues.ids.query)
    type_text("yh")
    assert venues.ids.count.text == "1 个场所" and len(venues.ids.rows.children) == 1
    screenshot("screen-venues-zh")
    tap(venues.ids.rows.children[0])

    checklist = screen(phone, "checklist")
    assert checklist.ids.progress.text == "进度：0 / 60"
    assert checklist.ids.requirement.text.startswith("是否保留现金服务窗口（第1项）")
    yes, _no, _na = reversed(checklist.ids.answers.children)
    assert min(b.height for b in checklist.ids.answers.children) >= 48 * 2  # 48 dp at density 2
    tap(yes)
    assert checklist.ids.progress.text == "进度：1 / 60"
    tap(checklist.ids.next)
    tap(list(reversed(checklist.ids.answers.children))[1])  # no: a finding, it needs a photo
    assert checklist.ids.photos.text == "需要照片"
    photo = tmp_path / "counter.jpg"
    photo.write_bytes(camera_jpeg((1600, 1200), 1))
    choose_photo(checklist, photo)
    assert checklist.ids.photos.text == "照片：1 张"
    scroll_to(checklist, checklist.ids.save_note)
    tap(checklist.ids.note)
    type_text(NOTE)
    tap(checklist.ids.save_note)
    assert checklist.ids.guidance.opacity == 0
    scroll_to(checklist, checklist.ids.reference)
    tap(checklist.ids.reference)
    assert checklist.ids.guidance.opacity == 1 and checklist.ids.guidance.text == "检查方法：查看营业厅现场"
    assert "safeguard-2021" in checklist.ids.legal_basis.text
    screenshot("screen-checklist-zh")

    (draft,) = inspections.listed(store, "draft")
    saved = inspections.answers(store, draft["inspection_id"])
    assert len(saved["item-02"]["photos"]) == 1
    assert saved["item-01"]["value"] == "yes" and saved["item-02"] == {**saved["item-02"], "value": "no",
                                                                        "note": NOTE}
    tap(checklist.ids.home)
    home = screen(phone, "home")
    assert home.ids.waiting.text == "等待发送：0 份"  # a draft is not sent until it is submitted
    assert any("示例银行城关支行" in row.text for row in home.ids.rows.children)


def test_in_tibetan_every_word_on_the_screens_is_tibetan(phone, store):
    store.set_setting("language", "bo")
    phone.open_store(store, NO_SERVER)
    frames()
    assert screen(phone, "signin").ids.sign_in.text == "ནང་འཛུལ།"
    screenshot("screen-signin-bo")
    sign_in(phone)
    home = screen(phone, "home")
    assert home.ids.find_venue.text == "ས་ཚིགས་འཚོལ་བ།"
    screenshot("screen-home-bo")
    tap(home.ids.find_venue)
    venues = screen(phone, "venues")
    tap(venues.ids.query)
    type_text("དངུལ")
    assert venues.ids.rows.children[0].text.startswith("དཔེ་མཚོན་དངུལ་ཁང་།\nཁྲིན་ཀོན་ཁུལ།")
    screenshot("screen-venues-bo")
    tap(venues.ids.rows.children[0])
    checklist = screen(phone, "checklist")
    assert checklist.ids.requirement.text.startswith("རྒན་པ་") and checklist.ids.next.text == "རྗེས་མ།"
    screenshot("screen-checklist-bo")
