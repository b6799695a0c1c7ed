"""Signing in: online when the server answers, offline with the password kept at the last one.

``sign_in`` never raises: a refusal is kept in ``error`` (its ``message`` is what the screen shows).
"""

from __future__ import annotations

from collections.abc import Callable

from ..signin import session
from ..store.database import Store
from .clock import now_iso
from .observable import Observable


class SignInViewModel(Observable):
    def __init__(self, store: Store, default_server: str = "", *, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.default_server, self.clock = store, default_server, clock
        self.session = session.current(store)
        self.signed_in = False

    @property
    def server(self) -> str:
        return self.store.setting("server", self.default_server)

    @property
    def last_name(self) -> str:
        """The name the phone last signed in with (filled in for the inspector)."""
        return self.session.name if self.session else ""

    def sign_in(self, name: str, password: str) -> bool:
        def go() -> None:
            self.session = session.sign_in_anywhere(self.store, self.server, name.strip(), password, self.clock())
            self.signed_in = True

        return self.attempt(go)
