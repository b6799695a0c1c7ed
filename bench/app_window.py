"""One app process of the app benchmarks (bench/app.py starts it): KoraApp in a real window, driven
by touches, timing the frames a person would see.

    python -m bench.app_window cold STORE FONTS PASSWORD
    python -m bench.app_window warm STORE FONTS PASSWORD OPENS TAPS

The loop is Kivy's own main loop turned by hand (``EventLoop.idle`` then the window's event poll,
as ``EventLoop.mainloop`` does), at Kivy's frame cap (60 frames a second). A moment "shown" is
``time.monotonic()`` right after the first buffer swap (``on_flip``) after which the screen holds
what was asked for; CLOCK_MONOTONIC is the machine's, so the parent compares it with the moment it
started this process. Touches are kivy.tests.common.UnitTestTouch, as in the UI tests: the finger
goes down, two frames pass, it lifts; "the tap" is the lift, when a button fires.

cold  signs in (offline, the password typed into the field) and goes home: prints the moments the
      sign-in screen was shown, the Sign in button was tapped and home was shown, then checks that
      home takes a touch (a draft opens).
warm  signs in, then OPENS times taps a draft on home and times it until the checklist is drawn
      (going back home untimed), then TAPS times taps an answer and times it until the answer is
      committed (read back through a second connection to the file) and drawn.

The result is one JSON line on stdout, after RESULT_MARK.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from mobile_app.kora_app.store import inspections
from mobile_app.kora_app.store.database import Store

RESULT_MARK = "APP-BENCH-RESULT "
WINDOW_SIZE = (720, 1280)
NO_SERVER = "http://127.0.0.1:9"  # nothing listens: the sign-in goes offline at once, as with no signal
FRAME_LIMIT = 600  # ten seconds of frames for anything to show, or the run fails


class Moment(NamedTuple):
    """When something happened: the machine's monotonic clock, and this process's CPU time (all its
    threads, Mesa's too) since it started, both in seconds."""

    wall: float
    cpu: float

    @classmethod
    def now(cls) -> Moment:
        return cls(time.monotonic(), time.process_time())

    def ms_until(self, later: Moment) -> dict[str, float]:
        return {"wall_ms": (later.wall - self.wall) * 1000, "cpu_ms": (later.cpu - self.cpu) * 1000}


class WindowDriver:
    """The event loop turned frame by frame, counting the frames actually drawn."""

    def __init__(self) -> None:
        from kivy.base import EventLoop

        self.loop = EventLoop
        self.drawn = 0
        EventLoop.window.bind(on_flip=self._flipped)

    def _flipped(self, *_args) -> None:
        self.drawn += 1

    def frames(self, count: int = 4) -> None:
        for _ in range(count):
            self.loop.idle()
            self.loop.window.mainloop()

    def until_drawn(self, shown: Callable[[], bool]) -> Moment:
        """Turn the loop until a frame is drawn after which ``shown()`` holds; that frame's moment."""
        for _ in range(FRAME_LIMIT):
            before = self.drawn
            self.loop.idle()
            moment = Moment.now()
            self.loop.window.mainloop()
            if self.drawn > before and shown():
                return moment
        raise RuntimeError("the screen never showed what was asked for")

    def wait_for(self, shown: Callable[[], bool]) -> None:
        """Untimed: turn the loop until ``shown()`` holds and a frame has shown it."""
        if not shown():
            self.until_drawn(shown)
        self.frames(2)

    def press(self, widget):
        """A finger down on ``widget``'s centre, held two frames; returns the touch, not yet lifted."""
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        self.frames(2)
        return touch

    def scroll_to(self, widget) -> None:
        """What a thumb's swipe does: the scroll view holding ``widget`` moves until it is in sight."""
        from kivy.uix.scrollview import ScrollView

        scroll_view = widget.parent
        while not isinstance(scroll_view, ScrollView):
            scroll_view = scroll_view.parent
        scroll_view.scroll_to(widget, animate=False)
        self.frames()

    def tap(self, widget) -> None:
        self.press(widget).touch_up()
        self.frames(2)

    def timed_tap(self, widget, shown: Callable[[], bool]) -> dict:
        """From the finger lifting off ``widget`` to the first frame showing ``shown``, in ms; and of
        that, the part spent in the app's handlers of the tap, before the loop goes on to the frame."""
        touch = self.press(widget)
        lifted = Moment.now()
        touch.touch_up()  # dispatched at once: the button's on_release runs here
        handled = Moment.now()
        return {**lifted.ms_until(self.until_drawn(shown)), "handler": lifted.ms_until(handled)}


def _start_app(store: Store, fonts: Path):
    from kivy.config import Config

    Config.set("graphics", "width", str(WINDOW_SIZE[0]))
    Config.set("graphics", "height", str(WINDOW_SIZE[1]))
    Config.set("graphics", "resizable", "0")
    from mobile_app.kora_app.screens.app import KoraApp

    app = KoraApp(font_cache_dir=fonts, store=store, server=NO_SERVER)
    app._run_prepare()  # what App.run() does before it enters the event loop
    return app, WindowDriver()


def _signin_shown(app) -> Callable[[], bool]:
    signin = app.root.get_screen("signin")
    return lambda: app.root.current == "signin" and signin.model is not None and signin.ids.name.text != ""


def _home_shown(app) -> Callable[[], bool]:
    home = app.root.get_screen("home")
    return lambda: app.root.current == "home" and home.model is not None and len(home.ids.rows.children) > 0


def _type_password(app, driver: WindowDriver, password: str) -> None:
    from kivy.core.window import Window

    driver.tap(app.root.get_screen("signin").ids.password)
    Window.dispatch("on_textinput", password)
    driver.frames(2)


def _draft_buttons(home) -> list:
    """Home's rows for the drafts, in the order of ``home.model.drafts``."""
    from kivy.uix.button import Button

    buttons = [w for w in reversed(home.ids.rows.children) if isinstance(w, Button)]
    drafts = buttons[len(home.model.assignments): len(home.model.assignments) + len(home.model.drafts)]
    if len(drafts) != len(home.model.drafts):
        raise RuntimeError("home does not list every draft")
    return drafts


def _checklist_shown(app, inspection_id: str) -> Callable[[], bool]:
    checklist = app.root.get_screen("checklist")
    return lambda: (app.root.current == "checklist" and checklist.model is not None
                    and checklist.model.inspection_id == inspection_id)


def _gl() -> dict[str, str]:
    from kivy.graphics.opengl import GL_RENDERER, GL_VERSION, glGetString

    return {"renderer": glGetString(GL_RENDERER).decode(), "version": glGetString(GL_VERSION).decode()}


def cold(store_path: Path, fonts: Path, password: str) -> dict:
    from kivy.config import Config

    with Store(store_path) as store:
        app, driver = _start_app(store, fonts)
        signin_shown = driver.until_drawn(_signin_shown(app))
        _type_password(app, driver, password)
        to_home = driver.timed_tap(app.root.get_screen("signin").ids.sign_in, _home_shown(app))
        home = app.root.get_screen("home")
        driver.tap(home.ids.find_venue)  # home takes a touch
        driver.wait_for(lambda: app.root.current == "venues")
        result = {"sign_in_shown": signin_shown._asdict(), "sign_in_to_home": to_home,
                  "drafts_on_home": len(home.model.drafts), "assignments_on_home": len(home.model.assignments),
                  "gl": _gl(), "max_fps": Config.getint("graphics", "maxfps")}
        _stop(app)
    return result


def warm(store_path: Path, fonts: Path, password: str, opens: int, taps: int) -> dict:
    with Store(store_path) as store, Store(store_path) as second_connection:
        app, driver = _start_app(store, fonts)
        driver.wait_for(_signin_shown(app))
        _type_password(app, driver, password)
        driver.tap(app.root.get_screen("signin").ids.sign_in)
        driver.wait_for(_home_shown(app))
        home, checklist = app.root.get_screen("home"), app.root.get_screen("checklist")
        opened = []
        for n in range(opens):
            which = n % len(home.model.drafts)
            wanted = home.model.drafts[which]["inspection_id"]
            button = _draft_buttons(home)[which]
            driver.scroll_to(button)
            opened.append(driver.timed_tap(button, _checklist_shown(app, wanted)))
            driver.tap(checklist.ids.home)
            driver.wait_for(_home_shown(app))
        draft = home.model.drafts[0]["inspection_id"]
        driver.scroll_to(_draft_buttons(home)[0])
        driver.tap(_draft_buttons(home)[0])
        driver.wait_for(_checklist_shown(app, draft))
        answered = []
        for n in range(taps):
            value_index = n % 3
            item = checklist.model.current["id"]
            button = list(reversed(checklist.ids.answers.children))[value_index]
            value = ("yes", "no", "na")[value_index]

            def saved_and_drawn(item=item, value=value, value_index=value_index) -> bool:
                chosen = list(reversed(checklist.ids.answers.children))[value_index]
                committed = inspections.answers(second_connection, draft).get(item, {}).get("value")
                return chosen.text.startswith("● ") and chosen.texture is not None and committed == value

            answered.append(driver.timed_tap(button, saved_and_drawn))
            driver.tap(checklist.ids.next)
        _stop(app)
    return {"open_checklist": opened, "answer_tap": answered, "items": len(checklist.model.order)}


def _stop(app) -> None:
    from kivy.core.window import Window

    app.dispatch("on_stop")  # the sync worker stops
    Window.close()


def main(argv: list[str]) -> None:
    mode, store_path, fonts, password = argv[0], Path(argv[1]), Path(argv[2]), argv[3]
    if mode == "cold":
        result = cold(store_path, fonts, password)
    elif mode == "warm":
        result = warm(store_path, fonts, password, int(argv[4]), int(argv[5]))
    else:
        raise SystemExit(f"unknown mode {mode}: cold or warm")
    print(RESULT_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
