"""Choosing a photo from a file (on a desktop; a phone's camera hands over the same bytes): a
popup with Kivy's file chooser; the chosen file's bytes go to ``on_chosen``."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.factory import Factory
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.filechooser import FileChooserListView
from kivy.uix.popup import Popup

PHOTO_FILES = ["*.jpg", "*.jpeg", "*.JPG", "*.JPEG"]


class PhotoChooser(Popup):
    def __init__(self, on_chosen, start_dir: str | None = None, **kwargs):
        tr = App.get_running_app().tr
        super().__init__(title="", size_hint=(0.95, 0.9), **kwargs)
        self.on_chosen = on_chosen
        box = BoxLayout(orientation="vertical", spacing=8)
        self.chooser = FileChooserListView(path=start_dir or str(Path.home()), filters=PHOTO_FILES)
        self.use = Factory.BigButton(text=tr("Use this photo"))  # as high as its text (common.kv)
        self.cancel = Factory.BigButton(text=tr("Cancel"))
        self.use.bind(on_release=lambda _b: self.choose())
        self.cancel.bind(on_release=lambda _b: self.dismiss(animation=False))
        for widget in (self.chooser, self.use, self.cancel):
            box.add_widget(widget)
        self.content = box

    def choose(self) -> None:
        if self.chooser.selection:
            self.dismiss(animation=False)
            self.on_chosen(Path(self.chooser.selection[0]).read_bytes())
