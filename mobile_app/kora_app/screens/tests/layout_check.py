"""Whether a screen's text fits: a geometric check of every visible widget in the real window.

``fit_problems(root)`` walks the widgets under ``root`` (skipping those made invisible by
opacity 0) and names each place where:

- a label's or button's texture (what is drawn, centred on the widget) is wider or taller than
  the widget, so it spills over its neighbours;
- a label's laid-out text is bigger than the widget, or is not all drawn: lines dropped by a
  fixed height, shortened with an ellipsis, or broken where line_breaks allows no break (inside
  a Tibetan syllable, between a letter and its vowel sign);
- a text field's hint is wider than the field, or its line is taller than the field;
- a widget sticks out of its layout (out of the window, for the top one), or a scrolled
  column is wider than its scroll view (which only scrolls up and down);
- two children of one layout overlap.

All rectangles are compared in window coordinates, within a pixel.
"""

from __future__ import annotations

from mobile_app.kora_app.screens.line_breaks import break_positions

TOLERANCE = 1.0  # pixels: Kivy rounds texture positions to whole pixels


def window_rect(widget) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of ``widget`` in window coordinates."""
    left, bottom = widget.to_window(widget.x, widget.y)
    return left, bottom, left + widget.width, bottom + widget.height


def _names(root) -> dict[int, str]:
    """The .kv id of every widget under ``root`` that has one (ids live on the rule's root)."""
    names: dict[int, str] = {}
    for widget in root.walk(restrict=True):
        for name, named in getattr(widget, "ids", {}).items():
            names.setdefault(id(named), name)
    return names


def _describe(widget, names: dict[int, str]) -> str:
    text = getattr(widget, "text", "") or getattr(widget, "hint_text", "")
    label = names.get(id(widget), type(widget).__name__)
    return f"{label} {text[:24]!r}" if text else label


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def _overlap(a, b) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE
            and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE)


def _has_area(widget) -> bool:
    return widget.width > 0 and widget.height > 0


def shown_lines(label) -> list[str]:
    """The lines a label's core label laid out (what it draws), without their padding spaces."""
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines if line.words]


def _breaks_outside_allowed(text: str, lines: list[str]) -> list[str]:
    """Lines that end where the text allows no break (Kivy cut a piece too wide for the line)."""
    allowed = set(break_positions(text))
    wrong, end = [], 0
    for line in lines[:-1]:
        piece = line.strip(" ")
        if not piece:
            continue
        start = text.find(piece, end)
        if start < 0:
            return lines  # not the text's own words: reported as not shown whole
        end = start + len(piece)
        if end < len(text) and end not in allowed and not text[end].isspace():
            wrong.append(piece)
    return wrong


def label_problems(label, name: str) -> list[str]:
    """Why ``label`` (a Kivy Label or Button) does not show its whole text inside itself."""
    core = label._label
    if not label.text or core is None:
        return []
    problems = []
    width, height = label.size
    laid_out = getattr(core, "_internal_size", label.texture_size)
    if label.texture_size[0] > width + TOLERANCE or label.texture_size[1] > height + TOLERANCE:
        problems.append(f"{name}: text {tuple(label.texture_size)} overflows its widget {(width, height)}")
    elif laid_out[0] > width + TOLERANCE or laid_out[1] > height + TOLERANCE:
        problems.append(f"{name}: text laid out {tuple(laid_out)} is bigger than its widget {(width, height)}")
    if getattr(core, "is_shortened", False):
        problems.append(f"{name}: text shortened")
    if label.markup:
        return problems
    lines = shown_lines(label)
    if "".join("".join(lines).split()) != "".join(label.text.split()):
        problems.append(f"{name}: text cut, {len(lines)} line(s) shown: {lines!r}")
    elif wrong := _breaks_outside_allowed(label.text, lines):
        problems.append(f"{name}: a line broken where no break is allowed, after {wrong!r}")
    return problems


def text_input_problems(field, name: str) -> list[str]:
    """Why ``field`` (a TextInput) does not show its hint whole or its line at full height."""
    problems = []
    left, top, right, bottom = field.padding
    inner_width = field.width - left - right
    if not field.text and field.hint_text:
        widest = max((texture.width for texture in field._hint_text_labels), default=0)
        if widest > inner_width + TOLERANCE:
            problems.append(f"{name}: hint {widest} px wide in a field {inner_width:.0f} px wide")
    if not field.multiline and field.line_height + top + bottom > field.height + TOLERANCE:
        problems.append(f"{name}: a line {field.line_height} px high in a field {field.height:.0f} px high")
    return problems


def in_sight(widget, window_size: tuple[int, int]) -> bool:
    """Whether all of ``widget`` is on screen: inside the window and every scroll view around it."""
    from kivy.uix.scrollview import ScrollView

    rect, outer = window_rect(widget), widget.parent
    if not _inside(rect, (0, 0, *window_size)):
        return False
    while outer is not None and outer is not outer.parent:
        if isinstance(outer, ScrollView) and not _inside(rect, window_rect(outer)):
            return False
        outer = outer.parent
    return True


def fit_problems(root, window_size: tuple[int, int]) -> list[str]:
    """Every place under ``root`` where text or a widget does not fit (empty when all fits)."""
    from kivy.uix.label import Label
    from kivy.uix.layout import Layout
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.textinput import TextInput

    names = _names(root)
    problems: list[str] = []
    window = (0, 0, *window_size)
    if not _inside(window_rect(root), window):
        problems.append(f"{_describe(root, names)}: {window_rect(root)} leaves the window {window_size}")

    def visit(widget) -> None:
        name = _describe(widget, names)
        if widget.width < 0 or widget.height < 0:
            problems.append(f"{name}: negative size {tuple(widget.size)}")
        if isinstance(widget, Label):
            problems.extend(label_problems(widget, name))
        elif isinstance(widget, TextInput):
            problems.extend(text_input_problems(widget, name))
        children = [c for c in reversed(widget.children) if c.opacity > 0]
        outer = window_rect(widget)
        for child in children:
            inner = window_rect(child)
            if isinstance(widget, ScrollView):
                if not widget.do_scroll_x and child.width > widget.width + TOLERANCE:
                    problems.append(f"{_describe(child, names)}: {child.width:.0f} px wide in a scroll view "
                                    f"{widget.width:.0f} px wide")
            elif isinstance(widget, Layout) and _has_area(child) and not _inside(inner, outer):
                problems.append(f"{_describe(child, names)}: {inner} sticks out of {name} {outer}")
        if isinstance(widget, Layout):
            shown = [c for c in children if _has_area(c)]
            for i, a in enumerate(shown):
                for b in shown[i + 1:]:
                    if _overlap(window_rect(a), window_rect(b)):
                        problems.append(f"{_describe(a, names)} and {_describe(b, names)} overlap")
        for child in children:
            visit(child)

    visit(root)
    return problems
