"""The real app in a real window: Xvfb started here, KoraApp built and driven frame by frame.

Kivy reads its settings from the environment when it is first imported and makes one window per
process, so the environment is set here, before any test module imports Kivy, and the app is a
session fixture. The window is a 720x1280 phone at density 2 (sp and dp are 2 pixels).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mobile_app.kora_app.screens.tests.display import Xvfb

ROOT = Path(__file__).resolve().parents[4]
TEST_VAR = ROOT / "var" / "test-app"
WINDOW_SIZE = (720, 1280)

(TEST_VAR / "kivy-home").mkdir(parents=True, exist_ok=True)  # Kivy makes only the last folder
os.environ.setdefault("KIVY_NO_ARGS", "1")  # pytest's arguments are not Kivy's
os.environ.setdefault("KIVY_HOME", str(TEST_VAR / "kivy-home"))  # not ~/.kivy
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_METRICS_DENSITY", "2")
os.environ.setdefault("KIVY_WINDOW", "sdl2")


@pytest.fixture(scope="session")
def display():
    """A private Xvfb display, whatever DISPLAY the machine has (CI has none)."""
    xvfb = Xvfb(TEST_VAR / "xvfb.log")
    os.environ["DISPLAY"] = xvfb.start()
    # X11 only: with no X server SDL would quietly open an offscreen window instead.
    os.environ["SDL_VIDEODRIVER"] = "x11"
    yield xvfb
    xvfb.stop()


@pytest.fixture(scope="session")
def kora_app(display):
    """KoraApp started (built, on_start dispatched) in its window; the tests run its frames."""
    from kivy.config import Config

    Config.set("graphics", "width", str(WINDOW_SIZE[0]))
    Config.set("graphics", "height", str(WINDOW_SIZE[1]))
    Config.set("graphics", "resizable", "0")
    from kivy.core.window import Window

    from mobile_app.kora_app.screens.app import KoraApp
    from mobile_app.kora_app.screens.tests.window import frames

    app = KoraApp(font_cache_dir=TEST_VAR / "fonts")
    app._run_prepare()  # what App.run() does before it enters the event loop
    frames(6)
    assert display.process.poll() is None, "Xvfb died"
    yield app
    app.dispatch("on_stop")
    Window.close()


@pytest.fixture
def demo(kora_app):
    """The demonstration screen as it starts: texts as built, note empty, text at normal size."""
    from mobile_app.kora_app.screens import demo as demo_module
    from mobile_app.kora_app.screens.tests.window import frames
    from mobile_app.kora_app.screens.text_size import text_size

    screen = kora_app.root.get_screen("demo")
    kora_app.root.current = "demo"
    text_size.large = False
    screen.ids.stacks.text = demo_module.STACKS
    screen.ids.note.text = ""
    screen.ids.note.focus = False
    screen.ids.saved_note.text = ""
    frames()
    return screen
