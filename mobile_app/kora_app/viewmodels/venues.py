"""The venue list: search by Chinese name, Tibetan name or pinyin (initials or syllables). Venues added
in the field and not yet confirmed by a supervisor say so (``unverified``)."""

from __future__ import annotations

from typing import Any

from ..location.sources import SettingsLocation
from ..message import Message
from ..reinspection import notices as reinspection
from ..store import catalog, inspections
from ..store.database import Store
from ..store.errors import StoreError
from .checklist import text
from .clock import now_iso
from .observable import Observable


class NoChecklist(StoreError):
    code = "no_checklist"


class VenueListViewModel(Observable):
    def __init__(self, store: Store, location: Any = None, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.location = location or SettingsLocation(store)  # where a new draft records it was started
        self.query = ""
        self.results: list[dict[str, Any]] = []
        self.search(query)

    def search(self, query: str) -> None:
        self.query = query
        language = self.store.setting("language", "zh")
        due = {n["venue_id"] for n in reinspection.due(self.store, now_iso())}
        self.results = [{"venue_id": v["venue_id"], "name": text(v.get("name"), language),
                         "name_zh": v.get("name", {}).get("zh", ""), "name_bo": v.get("name", {}).get("bo", ""),
                         "venue_type": v.get("venue_type"), "address": v.get("address", ""),
                         "county": text(catalog.region_name(self.store, v["county_code"]), language),
                         "reinspection_due": v["venue_id"] in due,
                         "unverified": v.get("source") == "field" and not v.get("verified")}
                        for v in catalog.search_venues(self.store, query)]
        self.changed()

    def start(self, venue_id: str, inspector: str) -> str | None:
        """A new draft of the venue's checklist (its type's current template); None, with ``error``."""
        started: list[str] = []

        def go() -> None:
            venue = catalog.venue(self.store, venue_id)
            template = catalog.template_for_venue_type(self.store, (venue or {}).get("venue_type", ""))
            if venue is None or template is None:
                raise NoChecklist(Message("error:no_checklist"), f"no template for venue {venue_id}")
            here = self.location.current()
            started.append(inspections.start(self.store, venue=venue, template_id=template["template_id"],
                                             template_version=template["version"], inspector=inspector,
                                             now=now_iso(), gps=here.position, gps_missing=here.missing))

        self.attempt(go)
        return started[0] if started else None
