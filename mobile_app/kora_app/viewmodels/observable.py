"""What a screen binds to: plain objects that call back when they change (no Kivy here)."""

from __future__ import annotations

from collections.abc import Callable

from ..store.errors import StoreError


class Observable:
    """``bind(callback)``: the callback gets the view-model after every change; returns an unbind."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[Observable], None]] = []
        self.error: StoreError | None = None  # the last failure; its ``message`` is a Message to say

    def bind(self, callback: Callable[[Observable], None]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def changed(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a change; a StoreError is kept in ``error`` for the screen (nothing half-saved)."""
        try:
            action()
        except StoreError as exc:
            self.error = exc
            self.changed()
            return False
        self.error = None
        self.changed()
        return True
