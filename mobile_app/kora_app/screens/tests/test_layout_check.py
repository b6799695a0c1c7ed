"""layout_check finds text that spills over or is cut, widgets that stick out or overlap, and a
message scrolled out of sight; and it finds nothing in a layout where everything fits."""

from __future__ import annotations

import pytest

from mobile_app.kora_app.screens.tests.layout_check import fit_problems, in_sight
from mobile_app.kora_app.screens.tests.window import frames

WINDOW = (720, 1280)
SENTENCE = "རྒན་གཡོག་ཁང་གི་ཞབས་ཞུ་སྲོལ་རྒྱུན་ལྟར་རྒྱུན་འཁྱོངས་བྱེད་དགོས། 检查养老服务机构"


@pytest.fixture
def box(kora_app):
    """A vertical BoxLayout the size of the window, laid out by the tests' frames."""
    from kivy.uix.boxlayout import BoxLayout

    return BoxLayout(orientation="vertical", size=WINDOW, size_hint=(None, None))


def settle(*widgets) -> None:
    """Texts measured and layouts laid out, in the order given (these widgets are in no window)."""
    frames(2)
    for widget in widgets:
        if hasattr(widget, "do_layout"):
            widget.do_layout()
        else:
            widget.texture_update()
    frames(2)


def label(**options):
    from mobile_app.kora_app.screens.widgets import KoraLabel

    return KoraLabel(**options)


def test_a_layout_where_all_fits_has_no_problems(box):
    wrapped = label(text=SENTENCE, size_hint_y=None)
    wrapped.bind(width=lambda lb, w: setattr(lb, "text_size", (w, None)),
                 texture_size=lambda lb, s: setattr(lb, "height", s[1]))
    box.add_widget(wrapped)
    settle(box, wrapped, box)
    assert len(wrapped._label._cached_lines) >= 2
    assert fit_problems(box, WINDOW) == []


def test_text_wider_than_its_label_overflows(box):
    box.add_widget(label(text=SENTENCE, size_hint_x=None, width=200))
    settle(box)
    (problem,) = fit_problems(box, WINDOW)
    assert "overflows its widget" in problem


def test_lines_dropped_by_a_fixed_height_are_cut(box):
    short = label(text=SENTENCE, size_hint_y=None, height=150, valign="top")
    short.bind(width=lambda lb, w: setattr(lb, "text_size", (w, 150)))
    box.add_widget(short)
    settle(box, short)
    assert short.texture_size[1] <= short.height  # nothing spills: only what is drawn tells
    assert [p for p in fit_problems(box, WINDOW) if "text cut" in p]


def test_a_syllable_broken_by_a_narrow_label_is_found(box):
    narrow = label(text="བསྒྲུབས་སྤྱི", size_hint=(None, None), size=(60, 900), text_size=(60, None))
    box.add_widget(narrow)
    settle(box, narrow)
    assert [p for p in fit_problems(box, WINDOW) if "no break is allowed" in p]


def test_overlapping_siblings_and_a_widget_out_of_its_layout(kora_app):
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.widget import Widget

    layout = FloatLayout(size=WINDOW, size_hint=(None, None))
    layout.add_widget(Widget(size_hint=(None, None), size=(100, 100), pos=(0, 0)))
    layout.add_widget(Widget(size_hint=(None, None), size=(100, 100), pos=(50, 50)))
    layout.add_widget(Widget(size_hint=(None, None), size=(100, 100), pos=(680, 600)))
    problems = fit_problems(layout, WINDOW)
    assert len([p for p in problems if "overlap" in p]) == 1
    assert len([p for p in problems if "sticks out" in p]) == 1


def test_a_root_bigger_than_the_window_leaves_it(kora_app):
    from kivy.uix.widget import Widget

    assert "leaves the window" in fit_problems(Widget(size=(800, 600)), WINDOW)[0]


def test_a_label_scrolled_away_is_out_of_sight(box):
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.scrollview import ScrollView

    scroll = ScrollView(do_scroll_x=False)
    column = BoxLayout(orientation="vertical", size_hint_y=None, height=3000)
    first, last = label(text="第一行"), label(text="最后一行")
    column.add_widget(first)
    column.add_widget(BoxLayout(size_hint_y=None, height=2600))
    column.add_widget(last)
    scroll.add_widget(column)
    box.add_widget(scroll)
    scroll.scroll_y = 1
    settle(box, column)
    assert in_sight(first, WINDOW) and not in_sight(last, WINDOW)
