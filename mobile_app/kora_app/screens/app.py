"""KoraApp: the inspectors' app, a ScreenManager of the screens built from the Kora widgets.

``open_store`` puts the inspection screens over a phone store (sign in, home, venue search,
checklist); each screen binds to its view-model and only shows what the view-model says.
Without a store the app holds the demonstration screen alone.
"""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from mobile_app.kora_app.screens import i18n
from mobile_app.kora_app.screens.widgets import load_widgets

HERE = Path(__file__).parent
SCREEN_KV_FILES = [HERE / name for name in ("demo.kv", "common.kv", "signin_screen.kv", "home_screen.kv",
                                            "venues_screen.kv", "new_venue_screen.kv", "checklist_screen.kv",
                                            "summary_screen.kv", "signature_screen.kv", "settings_screen.kv",
                                            "sync_screen.kv", "reinspection_screen.kv")]
INSPECTION_SCREENS = ("signin", "home", "venues", "new_venue", "checklist", "summary", "signature", "settings", "sync",
                      "reinspection")


class KoraApp(App):
    title = "Kora"
    language = StringProperty("zh")

    def __init__(self, font_cache_dir: Path | None = None, store=None, server: str = "", **kwargs):
        super().__init__(**kwargs)
        self.font_cache_dir = font_cache_dir
        self.store, self.server = store, server

    def build(self) -> ScreenManager:
        load_widgets(self.font_cache_dir or Path(self.user_data_dir) / "fonts")
        for kv_file in SCREEN_KV_FILES:
            if str(kv_file) not in Builder.files:
                Builder.load_file(str(kv_file))
        from mobile_app.kora_app.screens.demo import DemoScreen

        manager = ScreenManager(transition=NoTransition())
        manager.add_widget(DemoScreen(name="demo"))
        if self.store is not None:
            self.root = manager
            self.open_store(self.store, self.server)
        return manager

    # --- words -----------------------------------------------------------------------------------

    def tr(self, msgid: str, language: str | None = None, **values: object) -> str:
        """In .kv: ``app.tr("Sign in", app.language)`` (naming app.language redraws on a switch)."""
        return i18n.tr(msgid, language or self.language, **values)

    def error_text(self, error: object) -> str:
        return i18n.error_text(error, self.language)

    def say(self, message) -> str:
        """A view-model's Message (kora_app/message.py) in the current language; "" for None."""
        return i18n.say(message, self.language)

    # --- the inspection screens ------------------------------------------------------------------

    def open_store(self, store, server: str = "") -> None:
        """The screens over ``store``, starting at sign-in (any earlier store's screens go)."""
        from kivy.utils import platform

        from mobile_app.kora_app.location.sources import for_platform as location_for
        from mobile_app.kora_app.screens.checklist_screen import ChecklistScreen
        from mobile_app.kora_app.screens.home_screen import HomeScreen
        from mobile_app.kora_app.screens.new_venue_screen import NewVenueScreen
        from mobile_app.kora_app.screens.reinspection_screen import ReinspectionScreen
        from mobile_app.kora_app.screens.settings_screen import SettingsScreen
        from mobile_app.kora_app.screens.signature_screen import SignatureScreen
        from mobile_app.kora_app.screens.signin_screen import SignInScreen
        from mobile_app.kora_app.screens.summary_screen import SummaryScreen
        from mobile_app.kora_app.screens.sync_screen import SyncScreen
        from mobile_app.kora_app.screens.text_size import text_size
        from mobile_app.kora_app.screens.venues_screen import VenuesScreen
        from mobile_app.kora_app.viewmodels.signin import SignInViewModel
        from mobile_app.kora_app.viewmodels.sync_status import SyncStatusViewModel

        self.close_store()
        self.store, self.server = store, server
        self.language = store.setting("language", "zh")
        text_size.large = bool(store.setting("large_text", False))
        self.location = location_for(platform, store)  # on Android the GPS starts once it is allowed
        self.sync_status = SyncStatusViewModel(store=store, wake_sync=self.wake_sync)
        manager = self.root
        for screen in (SignInScreen(name="signin"), HomeScreen(name="home"), VenuesScreen(name="venues"),
                       NewVenueScreen(name="new_venue"), ChecklistScreen(name="checklist"),
                       SummaryScreen(name="summary"), SignatureScreen(name="signature"),
                       SettingsScreen(name="settings"), SyncScreen(name="sync"),
                       ReinspectionScreen(name="reinspection")):
            manager.add_widget(screen)
        manager.get_screen("signin").model = SignInViewModel(store, server)  # once its ids exist
        manager.get_screen("sync").model = self.sync_status
        manager.current = "signin"

    def close_store(self) -> None:
        """The sync worker stopped and the inspection screens gone (the store is the caller's)."""
        self.stop_sync()
        if self.location is not None:
            self.location.stop()
            self.location = None
        manager = self.root
        for name in INSPECTION_SCREENS:
            if manager.has_screen(name):
                gone = manager.get_screen(name)
                gone.model = None  # its .kv rules stay bound to the app: they must not read a closed store
                for widget in gone.walk():
                    if getattr(widget, "focus", False):
                        widget.focus = False  # a field of a screen that is gone keeps no keyboard
                manager.remove_widget(gone)
        self.store = None

    location = None  # where the phone is (location/sources.py): set with the store

    @property
    def inspector(self) -> str:
        return self.root.get_screen("signin").model.session.name

    def show_home(self) -> None:
        from mobile_app.kora_app.viewmodels.home import HomeViewModel

        self.root.get_screen("home").model = HomeViewModel(self.store)
        self.root.current = "home"

    @property
    def reach(self):
        return self.root.get_screen("signin").model.session.jurisdiction

    def show_venues(self, query: str = "") -> None:
        from mobile_app.kora_app.viewmodels.venues import VenueListViewModel

        self.root.get_screen("venues").model = VenueListViewModel(self.store, self.location, query)
        self.root.current = "venues"

    def show_new_venue(self, name_hint: str = "") -> None:
        from mobile_app.kora_app.viewmodels.new_venue import NewVenueViewModel

        screen = self.root.get_screen("new_venue")
        screen.clear()
        screen.model = NewVenueViewModel(self.store, self.inspector, self.reach, name_hint=name_hint)
        self.root.current = "new_venue"

    def show_checklist(self, inspection_id: str, item_id: str | None = None) -> None:
        """The inspection's items; a re-inspection's are its notice's failures, on their own screen."""
        from mobile_app.kora_app.store import inspections
        from mobile_app.kora_app.viewmodels.checklist import ChecklistViewModel

        if inspections.header(self.store, inspection_id)["reinspection_of"]:
            self.show_reinspection(inspection_id)
            return
        model = ChecklistViewModel(self.store, inspection_id)
        if item_id:
            model.go_to(item_id)
        self.root.get_screen("checklist").model = model
        self.root.current = "checklist"

    def show_reinspection(self, inspection_id: str) -> None:
        from mobile_app.kora_app.viewmodels.reinspection import ReinspectionViewModel

        self.root.get_screen("reinspection").model = ReinspectionViewModel(self.store, inspection_id)
        self.root.current = "reinspection"

    def start_reinspection(self, notice_id: str) -> None:
        """An assignment tapped on the home screen: its re-inspection starts (an error stays on home)."""
        inspection_id = self.root.get_screen("home").model.start_reinspection(notice_id, self.inspector)
        if inspection_id:
            self.show_reinspection(inspection_id)

    def show_summary(self, inspection_id: str) -> None:
        from mobile_app.kora_app.viewmodels.summary import SummaryViewModel

        self.root.get_screen("summary").model = SummaryViewModel(self.store, inspection_id,
                                                                 wake_sync=self.wake_sync, location=self.location)
        self.root.current = "summary"

    def show_signature(self, inspection_id: str) -> None:
        from mobile_app.kora_app.viewmodels.signature import SignatureViewModel

        self.root.get_screen("signature").model = SignatureViewModel(self.store, inspection_id)
        self.root.current = "signature"

    def show_settings(self) -> None:
        from mobile_app.kora_app.viewmodels.settings import SettingsViewModel

        self.root.get_screen("settings").model = SettingsViewModel(self.store, self.server)
        self.root.current = "settings"

    def show_sync(self) -> None:
        self.sync_status.refresh()
        self.root.current = "sync"

    # --- signing in and out, and the sync worker -------------------------------------------------

    sync_worker = None
    link_watch = None

    def signed_in(self) -> None:
        """After a sign-in: the sync worker starts (it syncs once at once), then home."""
        from kivy.clock import Clock

        from mobile_app.kora_app.outbox.link_watch import watch_link
        from mobile_app.kora_app.outbox.worker import SyncWorker
        from mobile_app.kora_app.viewmodels.settings import SettingsViewModel

        if self.sync_worker is None:
            settings = SettingsViewModel(self.store, self.server)
            self.sync_worker = SyncWorker(self.store, lambda: settings.server,
                                          on_status=lambda report: Clock.schedule_once(
                                              lambda _dt: self.sync_reported(report)))
            self.sync_worker.start()
            self.link_watch = watch_link(self.sync_worker.link_back)
        self.show_home()

    def sync_reported(self, report) -> None:
        """On the interface thread: the sync screen shows the report; once a sync is over, home
        shows what it brought (returned inspections, re-inspections due, the last sync)."""
        self.sync_status.update(report)
        home = self.root.get_screen("home") if self.root.has_screen("home") else None
        if report.state != "syncing" and home is not None and home.model is not None and self.store is not None:
            home.model.refresh()

    def signed_out(self) -> None:
        self.open_store(self.store, self.server)

    def wake_sync(self) -> None:
        """A submission wakes the sync worker."""
        if self.sync_worker is not None:
            self.sync_worker.wake()

    sync_now = wake_sync

    def stop_sync(self) -> None:
        if self.link_watch is not None:
            self.link_watch.stop()
            self.link_watch = None
        if self.sync_worker is not None:
            self.sync_worker.stop()
            self.sync_worker = None

    def on_stop(self) -> None:
        self.stop_sync()


if __name__ == "__main__":
    KoraApp().run()
