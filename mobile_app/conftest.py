"""Kivy reads its settings from the environment when it is first imported: set them before any
test of the app imports it, so that pytest's own arguments (-q, -x) are never read as Kivy's."""

import os

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
