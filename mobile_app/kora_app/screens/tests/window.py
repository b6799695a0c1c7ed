"""Driving the real window: frames, touches, typing and screenshots.

Touches are real MotionEvents (kivy.tests.common.UnitTestTouch) posted to the event loop, so they
go through the window's dispatch like a finger does; typing goes through the window's
``on_textinput`` and ``on_key_down`` events, the same path as SDL's keyboard and IME events.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

SCREENSHOT_DIR = Path(__file__).resolve().parents[4] / "var" / "screenshots" / "app"
BACKSPACE = 8


def frames(count: int = 4) -> None:
    """Let the app run ``count`` frames (clock callbacks, layout, texture updates, drawing)."""
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def tap(widget) -> None:
    """A finger down and up on the centre of ``widget``."""
    from kivy.tests.common import UnitTestTouch

    touch = UnitTestTouch(*widget.to_window(*widget.center))
    touch.touch_down()
    frames(2)
    touch.touch_up()
    frames(2)


def type_text(text: str) -> None:
    """Text arriving from the keyboard (or an IME) into the focused widget."""
    from kivy.core.window import Window

    Window.dispatch("on_textinput", text)
    frames(2)


def press_backspace() -> None:
    from kivy.core.window import Window

    Window.dispatch("on_key_down", BACKSPACE, 0, None, [])
    Window.dispatch("on_key_up", BACKSPACE, 0)
    frames(2)


def screenshot(name: str) -> Image.Image:
    """Draw the window, read its pixels back, save them as var/screenshots/app/<name>.png."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels

    frames(2)
    Window.dispatch("on_draw")  # into the back buffer, read before it is swapped
    width, height = Window.size
    data = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
    Window.dispatch("on_flip")
    image = Image.frombytes("RGBA", (width, height), data).transpose(Image.FLIP_TOP_BOTTOM)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOT_DIR / f"{name}.png")
    return image


def crop_widget(image: Image.Image, widget) -> Image.Image:
    """The part of a window screenshot that ``widget`` covers."""
    from kivy.core.window import Window

    x, y = widget.to_window(widget.x, widget.y)
    top = Window.height - (y + widget.height)
    return image.crop((int(x), int(top), int(x + widget.width), int(top + widget.height)))


def drag(widget, points: list[tuple[float, float]]) -> None:
    """A finger put down at the first point, moved through the rest and lifted at the last, the
    points as fractions (0..1) of ``widget``'s width and height from its bottom left."""
    from kivy.tests.common import UnitTestTouch

    def at(fx: float, fy: float) -> tuple[float, float]:
        return widget.to_window(widget.x + fx * widget.width, widget.y + fy * widget.height)

    touch = UnitTestTouch(*at(*points[0]))
    touch.touch_down()
    frames(1)
    for point in points[1:]:
        touch.touch_move(*at(*point))
        frames(1)
    touch.touch_up()
    frames(2)
