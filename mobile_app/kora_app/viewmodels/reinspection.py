"""Re-inspecting a notice: its failures, each marked fixed or still failing, each with a photo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemas.rules.template import items_by_id

from ..location.sources import SettingsLocation
from ..photos import camera
from ..reinspection import notices
from ..store import catalog, inspections
from ..store.database import Store
from .checklist import shown_answer, stored_answer, text
from .clock import now_iso
from .observable import Observable


class ReinspectionViewModel(Observable):
    def __init__(self, store: Store, inspection_id: str, *, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.inspection_id, self.clock = store, inspection_id, clock
        head = inspections.header(store, inspection_id)
        self.notice = catalog.notice(store, head["reinspection_of"]) or {}
        self.template = catalog.template(store, head["template_id"], head["template_version"])
        self.refresh()

    @classmethod
    def start(cls, store: Store, notice_id: str, inspector: str, *, clock: Callable[[], str] = now_iso,
              device: str | None = None, location: Any = None) -> ReinspectionViewModel:
        here = (location or SettingsLocation(store)).current()
        return cls(store, notices.start(store, notice_id, inspector, clock(), device, gps=here.position,
                                        gps_missing=here.missing), clock=clock)

    def refresh(self) -> None:
        language = self.store.setting("language", "zh")
        venue = catalog.venue(self.store, inspections.header(self.store, self.inspection_id)["venue_id"])
        self.venue = text(venue.get("name"), language) if venue else ""
        answers = inspections.answers(self.store, self.inspection_id)
        by_id = items_by_id(self.template)
        self.failures_known = True
        found = notices.failures(self.store, self.notice) if self.notice else []
        if not found:
            self.failures_known = False  # the pull sends no findings yet and the phone lacks the original
        self.failures: list[dict[str, Any]] = []
        for failure in found:
            item = by_id.get(failure["item_id"], {"id": failure["item_id"], "answer": {}})
            answer = answers.get(failure["item_id"])
            self.failures.append({
                "item": failure["item_id"], "requirement": text(failure.get("requirement"), language),
                "severity": failure.get("severity"), "legal_basis": failure.get("legal_basis", []),
                "state": notices.state(item, answer), "photos": (answer or {}).get("photos", []),
                "kind": item.get("answer", {}).get("kind"), "value": shown_answer((answer or {}).get("value")),
                "choices": [{"value": c["value"], "label": text(c.get("label"), language)}
                            for c in item.get("answer", {}).get("choices", [])]})
        self.changed()

    def mark(self, item_id: str, fixed: bool) -> bool:
        done = self.attempt(lambda: notices.mark(self.store, self.inspection_id, item_id, fixed, self.clock()))
        self.refresh()
        return done

    def answer(self, item_id: str, value: Any) -> bool:
        """A count or a choice, given as it is now (a yes/no failure is marked with ``mark``)."""
        stored = stored_answer(items_by_id(self.template)[item_id], value)
        done = self.attempt(lambda: inspections.set_answer(self.store, self.inspection_id, item_id, stored,
                                                           self.clock()))
        self.refresh()
        return done

    def add_photo(self, item_id: str, raw_jpeg: bytes) -> bool:
        done = self.attempt(lambda: camera.take(self.store, self.inspection_id, item_id, raw_jpeg, self.clock()))
        self.refresh()
        return done
