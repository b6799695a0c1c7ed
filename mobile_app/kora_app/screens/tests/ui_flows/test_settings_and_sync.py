"""Settings and sync in the real window: the language and large text switch everything at once,
a bad server address is refused, signing out is refused while work is unsent, and the sync
screen says what waits and what to do."""

from __future__ import annotations

from mobile_app.kora_app.screens.tests.ui_flows.test_inspection_screens import (  # noqa: F401
    phone,
    screen,
    sign_in,
)
from mobile_app.kora_app.screens.tests.ui_flows.test_summary_and_signature import nearly_done
from mobile_app.kora_app.screens.tests.window import frames, screenshot, tap, type_text
from mobile_app.kora_app.screens.text_size import text_size
from mobile_app.kora_app.signin import session


def until(condition, limit: int = 500) -> None:
    """Run frames until ``condition()`` holds (the worker reports from its own thread)."""
    for _ in range(limit):
        if condition():
            return
        frames(1)
    raise AssertionError("the condition never held")


def test_language_large_text_server_and_sign_out_refused_with_the_count(phone, store):  # noqa: F811
    nearly_done(store)
    sign_in(phone)
    tap(screen(phone, "home").ids.settings)
    settings = screen(phone, "settings")
    assert settings.ids.unsent.text == "等待发送：1 份"
    screenshot("screen-settings-zh")
    tap(settings.ids.tibetan)
    assert phone.language == "bo" and store.setting("language") == "bo"
    assert settings.ids.sign_out.text == "ཕྱིར་ཐོན།" and settings.ids.unsent.text == "བསྐུར་རྒྱུ་སྒུག་བཞིན་པ། 1"
    screenshot("screen-settings-bo")
    small = settings.ids.sign_out.font_size
    tap(settings.ids.large_text)
    assert text_size.large and store.setting("large_text") is True
    assert settings.ids.sign_out.font_size > small
    screenshot("screen-settings-bo-large-switched")  # test_text_fits takes screen-settings-bo-large
    tap(settings.ids.large_text)
    tap(settings.ids.chinese)
    assert phone.language == "zh"

    settings.ids.server.text = ""
    tap(settings.ids.server)
    type_text("sync.lhasa.example")
    tap(settings.ids.save_server)
    assert settings.ids.error.text == "服务器地址要以 https:// 开头。"
    settings.ids.server.text = ""
    tap(settings.ids.server)
    type_text("https://sync.lhasa.example/")
    tap(settings.ids.save_server)
    assert settings.ids.error.text == "" and store.setting("server") == "https://sync.lhasa.example"

    settings.ids.scroll.scroll_to(settings.ids.sign_out, animate=False)
    frames()
    tap(settings.ids.sign_out)
    assert settings.ids.error.text == "还有 1 份检查没有发送：请先同步。" and session.current(store) is not None
    assert phone.root.current == "settings"


def test_sign_out_with_nothing_unsent_goes_back_to_sign_in(phone, store):  # noqa: F811
    sign_in(phone)
    tap(screen(phone, "home").ids.settings)
    settings = screen(phone, "settings")
    settings.ids.scroll.scroll_to(settings.ids.sign_out, animate=False)
    frames()
    tap(settings.ids.sign_out)
    assert screen(phone, "signin") and session.current(store) is None


def test_the_sync_screen_says_what_waits_and_what_to_do(phone, store):  # noqa: F811
    nearly_done(store)
    sign_in(phone)  # the kept token has expired: the worker cannot send
    tap(screen(phone, "home").ids.sync)
    sync = screen(phone, "sync")
    until(lambda: phone.sync_status.report.state == "needs_sign_in")
    frames()
    assert sync.ids.state.text == "需要联网登录后才能发送"
    assert sync.ids.advice.text.startswith("登录已过期：内容都在手机上")
    screenshot("screen-sync-zh")
    tap(sync.ids.sync_now)
    until(lambda: phone.sync_status.report.state == "needs_sign_in")
    store.set_setting("language", "bo")
    phone.language = "bo"
    sync.show(phone.sync_status)
    frames()
    assert sync.ids.state.text == "དྲ་ཐོག་ནས་ནང་འཛུལ་བྱས་རྗེས་བསྐུར་ཐུབ།"
    screenshot("screen-sync-bo")
