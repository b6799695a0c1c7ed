"""KoraApp: the inspectors' app, a ScreenManager of the screens built from the Kora widgets.

For now it holds the demonstration screen; the checklist screens come with their view-models.
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.uix.screenmanager import ScreenManager

from mobile_app.kora_app.screens.widgets import load_widgets

SCREEN_KV_FILES = [Path(__file__).with_name("demo.kv")]


class KoraApp(App):
    title = "Kora"

    def __init__(self, font_cache_dir: Path | None = None, **kwargs):
        super().__init__(**kwargs)
        self.font_cache_dir = font_cache_dir

    def build(self) -> ScreenManager:
        load_widgets(self.font_cache_dir or Path(self.user_data_dir) / "fonts")
        for kv_file in SCREEN_KV_FILES:
            if str(kv_file) not in Builder.files:
                Builder.load_file(str(kv_file))
        from mobile_app.kora_app.screens.demo import DemoScreen

        manager = ScreenManager()
        manager.add_widget(DemoScreen(name="demo"))
        return manager


if __name__ == "__main__":
    KoraApp().run()
