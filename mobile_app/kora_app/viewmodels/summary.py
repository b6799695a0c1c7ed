"""Before submitting: the score, the failures with their legal basis, and what still stops it.

The score and the problems come from schemas.rules (the same figures the supervisor sees); each
problem names the item to go back to. ``submit`` queues the inspection and wakes the sync worker;
it never waits on the network.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemas.rules.score import score
from schemas.rules.template import items_by_id

from ..location.sources import SettingsLocation
from ..outbox import queue, refusals
from ..reinspection import notices as reinspection
from ..store import catalog, inspections, positions
from ..store.database import Store
from .checklist import text
from .clock import now_iso
from .observable import Observable


class SummaryViewModel(Observable):
    def __init__(self, store: Store, inspection_id: str, *, wake_sync: Callable[[], None] = lambda: None,
                 clock: Callable[[], str] = now_iso, location: Any = None) -> None:
        super().__init__()
        self.store, self.inspection_id, self.wake_sync, self.clock = store, inspection_id, wake_sync, clock
        self.location = location or SettingsLocation(store)  # where it records it was submitted
        self.submitted = False
        self.refresh()

    def refresh(self) -> None:
        head = inspections.header(self.store, self.inspection_id)
        language = self.store.setting("language", "zh")
        template = catalog.template(self.store, head["template_id"], head["template_version"])
        if head["reinspection_of"]:
            template = reinspection.checked_template(self.store, head["reinspection_of"], template)
        answers = inspections.answers(self.store, self.inspection_id)
        self.score: dict[str, Any] = score(template, answers)
        by_id = items_by_id(template)
        self.failures = [{"item": item_id, "requirement": text(by_id[item_id].get("requirement"), language),
                          "severity": by_id[item_id].get("severity"),
                          "legal_basis": by_id[item_id].get("legal_basis", []),
                          "note": answers[item_id].get("note", ""), "photos": answers[item_id].get("photos", [])}
                         for item_id in self.score["findings"]]
        self.problems = queue.problems(self.store, self.inspection_id)
        self.state = head["state"]
        self.review = inspections.review(head)
        self.server_problems = queue.server_problems(self.store, self.inspection_id)
        # the server did not take it last time: why (a refusals.REASONS key), and the items it named
        self.server_reason = refusals.reason(self.server_problems) if self.server_problems else None
        self.server_items = refusals.items_of(self.server_problems) if self.server_problems else []
        self.positions = positions.of(head)  # {started, finished}: {position, missing}
        self.changed()

    @property
    def can_submit(self) -> bool:
        return not self.problems and self.state in inspections.EDITABLE

    def submit(self) -> bool:
        def go() -> None:
            here = self.location.current()
            queue.submit(self.store, self.inspection_id, self.clock(), gps=here.position, gps_missing=here.missing)
            self.submitted = True

        done = self.attempt(go)
        if done:
            self.wake_sync()
        self.refresh()
        return done
