"""The representative's signature: their name and the strokes drawn on the pad, each kept at once."""

from __future__ import annotations

from collections.abc import Callable

from ..store import inspections
from ..store.database import Store
from .clock import now_iso
from .observable import Observable


class SignatureViewModel(Observable):
    def __init__(self, store: Store, inspection_id: str, *, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.inspection_id, self.clock = store, inspection_id, clock
        self._reload()

    def _reload(self) -> None:
        kept = inspections.signature(self.store, self.inspection_id) or {}
        self.name: str = kept.get("name", "")
        self.strokes: list[list[list[float]]] = kept.get("strokes", [])

    @property
    def signed(self) -> bool:
        return bool(self.name and self.strokes)

    def set_name(self, name: str) -> bool:
        return self.attempt(lambda: (inspections.set_signer(self.store, self.inspection_id, name.strip(),
                                                            "representative", self.clock()), self._reload()))

    def add_stroke(self, points: list[list[float]], width: int, height: int) -> bool:
        """One finished stroke, its points in pad pixels from the top left."""
        return self.attempt(lambda: (inspections.add_stroke(self.store, self.inspection_id, points,
                                                            {"width": width, "height": height}, self.clock()),
                                     self._reload()))

    def clear(self) -> bool:
        return self.attempt(lambda: (inspections.clear_signature(self.store, self.inspection_id, self.clock()),
                                     self._reload()))
