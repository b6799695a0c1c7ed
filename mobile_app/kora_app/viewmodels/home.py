"""Home: what to do today (re-inspections due), drafts, returned ones with the supervisor's comment,
conflicts waiting for a choice, how many wait to be sent, and when the last sync was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..outbox import queue
from ..reinspection import notices as reinspection
from ..store import catalog, inspections
from ..store.database import Store
from .checklist import text
from .clock import now_iso
from .observable import Observable
from .reinspection import ReinspectionViewModel


class HomeViewModel(Observable):
    def __init__(self, store: Store, *, clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.clock = store, clock
        self.refresh()

    def _venue_name(self, venue_id: str, language: str) -> str:
        venue = catalog.venue(self.store, venue_id)
        return text(venue.get("name"), language) if venue else venue_id

    def _row(self, head: dict[str, Any], language: str) -> dict[str, Any]:
        review = inspections.review(head)
        return {"inspection_id": head["inspection_id"], "venue": self._venue_name(head["venue_id"], language),
                "state": head["state"], "updated_at": head["updated_at"],
                "comment": review.get("comment") if review else None,
                "reinspection_of": head["reinspection_of"],
                "server_problems": queue.server_problems(self.store, head["inspection_id"])}

    def refresh(self) -> None:
        language = self.store.setting("language", "zh")
        started = {h["reinspection_of"] for h in inspections.listed(self.store, "draft", "queued", "sent", "returned")
                   if h["reinspection_of"]}
        # Today's assignments: the re-inspections due that have not been started (the same rule as
        # the pull's ``assignments``, worked out here so it holds offline as deadlines pass).
        self.assignments = [{"notice_id": n["_id"], "number": n.get("number"), "venue_id": n["venue_id"],
                             "venue": self._venue_name(n["venue_id"], language), "deadline": n.get("deadline"),
                             "status": n.get("status"),
                             "failures": len(reinspection.failures(self.store, n))}
                            for n in reinspection.due(self.store, self.clock()) if n["_id"] not in started]
        self.drafts = [self._row(h, language) for h in inspections.listed(self.store, "draft")]
        self.returned = [self._row(h, language) for h in inspections.listed(self.store, "returned")]
        self.conflicts = [self._row(h, language) for h in inspections.listed(self.store, "conflict")]
        self.waiting = queue.waiting_count(self.store)
        self.last_sync_at = catalog.last_pull_at(self.store)
        self.changed()

    def start_reinspection(self, notice_id: str, inspector: str) -> str | None:
        """A re-inspection draft of an assignment's notice; None, with ``error``, if it cannot start."""
        started: list[str] = []
        self.attempt(lambda: started.append(
            ReinspectionViewModel.start(self.store, notice_id, inspector, clock=self.clock).inspection_id))
        return started[0] if started else None
