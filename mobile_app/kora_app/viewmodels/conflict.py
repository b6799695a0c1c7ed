"""A conflict: the server's version and the phone's, side by side, until the inspector chooses.

Never resolved silently: the inspection stays in state ``conflict`` (not editable, not sent)
until ``keep_phone`` or ``keep_server``; either becomes an editable inspection to submit again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..outbox import queue
from ..store.database import Store
from ..store.returned import conflict
from .clock import now_iso
from .observable import Observable


class ConflictViewModel(Observable):
    def __init__(self, store: Store, inspection_id: str, *, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.inspection_id, self.clock = store, inspection_id, clock
        both = conflict(store, inspection_id) or {"server": {}, "phone": {}, "server_rev": None}
        self.server, self.phone = both["server"], both["phone"]
        self.final = self.server.get("status") in ("approved", "corrected")
        self.comment = (self.server.get("review") or {}).get("comment")

    @property
    def differences(self) -> list[dict[str, Any]]:
        """Each item whose answer differs: {item, server, phone} (None where one has no answer)."""
        server, phone = self.server.get("answers", {}), self.phone.get("answers", {})
        out = []
        for item_id in sorted(set(server) | set(phone)):
            a, b = server.get(item_id), phone.get(item_id)
            strip = (lambda x: {k: v for k, v in x.items() if k != "answered_at"} if x else None)
            if strip(a) != strip(b):
                out.append({"item": item_id, "server": strip(a), "phone": strip(b)})
        return out

    def keep_phone(self) -> bool:
        return self.attempt(lambda: queue.resolve(self.store, self.inspection_id, "phone", self.clock()))

    def keep_server(self) -> bool:
        return self.attempt(lambda: queue.resolve(self.store, self.inspection_id, "server", self.clock()))
