"""Settings: language (zh / bo), large text, server address, signing out (refused while unsent)."""

from __future__ import annotations

from ..message import Message
from ..outbox import queue
from ..signin import session
from ..store.database import Store
from ..store.errors import StoreError
from .observable import Observable

LANGUAGES = ("zh", "bo")


class InvalidSetting(StoreError):
    code = "invalid_setting"


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

    def sign_out(self) -> bool:
        """Refused (``error`` = UnsentWork with the count) while anything is not on the server."""
        return self.attempt(lambda: session.sign_out(self.store))
