"""The venue list: search by Chinese name, Tibetan name or pinyin (initials or syllables)."""

from __future__ import annotations

from typing import Any

from ..reinspection import notices as reinspection
from ..store import catalog
from ..store.database import Store
from .checklist import text
from .clock import now_iso
from .observable import Observable


class VenueListViewModel(Observable):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.query = ""
        self.results: list[dict[str, Any]] = []
        self.search("")

    def search(self, query: str) -> None:
        self.query = query
        language = self.store.setting("language", "zh")
        due = {n["venue_id"] for n in reinspection.due(self.store, now_iso())}
        self.results = [{"venue_id": v["venue_id"], "name": text(v.get("name"), language),
                         "name_zh": v.get("name", {}).get("zh", ""), "name_bo": v.get("name", {}).get("bo", ""),
                         "venue_type": v.get("venue_type"), "address": v.get("address", ""),
                         "county": text(catalog.region_name(self.store, v["county_code"]), language),
                         "reinspection_due": v["venue_id"] in due}
                        for v in catalog.search_venues(self.store, query)]
        self.changed()
