"""Settings: language (zh / bo), large text, server address, a desktop's fixed position, signing out
(refused while unsent)."""

from __future__ import annotations

import unicodedata

from ..location import sources as location
from ..message import Message
from ..outbox import queue
from ..signin import session
from ..store.database import Store
from ..store.errors import StoreError
from .observable import Observable

LANGUAGES = ("zh", "bo")


class InvalidSetting(StoreError):
    code = "invalid_setting"


class InvalidPosition(StoreError):
    code = "invalid_position"


class SettingsViewModel(Observable):
    def __init__(self, store: Store, default_server: str = "") -> None:
        super().__init__()
        self.store = store
        self.default_server = default_server

    @property
    def language(self) -> str:
        return self.store.setting("language", "zh")

    @property
    def large_text(self) -> bool:
        return bool(self.store.setting("large_text", False))

    @property
    def server(self) -> str:
        return self.store.setting("server", self.default_server)

    @property
    def desktop_position(self) -> str:
        """The fixed position a desktop records, as typed ("29.65, 91.13"); "" when there is none."""
        kept = self.store.setting(location.SETTING)
        return f"{kept['lat']}, {kept['lon']}" if kept else ""

    @property
    def unsent(self) -> int:
        return queue.unsent_count(self.store)

    def set_language(self, language: str) -> bool:
        def go() -> None:
            if language not in LANGUAGES:
                raise InvalidSetting(Message("error:invalid_language"), f"unknown language {language!r}")
            self.store.set_setting("language", language)
        return self.attempt(go)

    def set_large_text(self, on: bool) -> bool:
        return self.attempt(lambda: self.store.set_setting("large_text", bool(on)))

    def set_server(self, address: str) -> bool:
        def go() -> None:
            address_ = address.strip().rstrip("/")
            if not address_.startswith(("https://", "http://")):
                raise InvalidSetting(Message("error:invalid_server_address"), f"not an http(s) address: {address!r}")
            self.store.set_setting("server", address_)
        return self.attempt(go)

    def set_desktop_position(self, typed: str) -> bool:
        """"lat, lon" in decimal degrees (a comma, a space or both between); empty forgets it."""
        def go() -> None:
            # NFKC: the full-width commas and digits a Chinese keyboard types read as ASCII ones
            parts = unicodedata.normalize("NFKC", typed).replace(",", " ").split()
            if not parts:
                self.store.set_setting(location.SETTING, None)
                return
            try:
                lat, lon = (float(p) for p in parts)
            except ValueError:
                raise InvalidPosition(Message("error:invalid_position"), f"not two numbers: {typed!r}") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise InvalidPosition(Message("error:invalid_position"), f"outside the globe: {typed!r}")
            self.store.set_setting(location.SETTING, {"lat": lat, "lon": lon})
        return self.attempt(go)

    def sign_out(self) -> bool:
        """Refused (``error`` = UnsentWork with the count) while anything is not on the server."""
        return self.attempt(lambda: session.sign_out(self.store))
