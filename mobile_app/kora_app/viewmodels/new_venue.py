"""Adding a venue the registry lacks, on the spot: name (Chinese, Tibetan if known), type, county,
address, position if known. It gets an id made here and is stored at once (store/new_venues.py);
the search shows it and an inspection can start on it; it goes to the server with that inspection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.venues import VENUE_TYPES, new_field_id

from ..store import catalog, new_venues
from ..store.database import Store
from ..store.new_venues import VenueRefused
from .checklist import text
from .clock import now_iso
from .observable import Observable

TIBETAN_BLOCK = (0x0F00, 0x0FFF)  # code points, so no Tibetan character sits in the code


class NewVenueViewModel(Observable):
    def __init__(self, store: Store, inspector: str, reach: Jurisdiction, *, name_hint: str = "",
                 clock: Callable[[], str] = now_iso) -> None:
        super().__init__()
        self.store, self.inspector, self.reach, self.clock = store, inspector, reach, clock
        self.language = store.setting("language", "zh")
        self.venue_types = self._venue_types()
        self.counties = self._counties()
        self.venue_type: str | None = self.venue_types[0] if len(self.venue_types) == 1 else None
        self.county_code: str | None = self.counties[0]["code"] if len(self.counties) == 1 else None
        hint = name_hint.strip()
        tibetan = any(TIBETAN_BLOCK[0] <= ord(c) <= TIBETAN_BLOCK[1] for c in hint)
        self.name_zh = "" if tibetan or hint.isascii() else hint  # a pinyin query is no name
        self.name_bo = hint if tibetan else ""
        self.problems: dict[str, str] = {}  # JSON pointer -> reason, of the last save refused
        self.saved: dict[str, Any] | None = None

    def _venue_types(self) -> list[str]:
        """The catalog's venue types that have a checklist on this phone (an inspection can start)."""
        held = {t for doc in catalog.current_templates(self.store) for t in doc.get("venue_types", [])}
        return [t for t in VENUE_TYPES if t in held]

    def _counties(self) -> list[dict[str, str]]:
        """The inspector's counties: those of the regions the phone holds that the jurisdiction covers,
        and a county-level inspector's own counties even before the regions were pulled (by code)."""
        rows = self.store.rows("SELECT code, doc FROM regions ORDER BY code")
        docs = [json.loads(r["doc"]) for r in rows]
        found = {d["code"]: text(d.get("name"), self.language) for d in docs
                 if d.get("level") == "county" and self.reach.covers(d["code"])}
        if self.reach.level == "county":
            found = {code: found.get(code, code) for code in sorted({*found, *self.reach.codes})}
        return [{"code": code, "name": name} for code, name in found.items()]

    def choose_type(self, venue_type: str) -> None:
        self.venue_type = venue_type
        self.changed()

    def choose_county(self, county_code: str) -> None:
        self.county_code = county_code
        self.changed()

    def _position(self, lat: str, lon: str) -> tuple[dict[str, float] | None, dict[str, str]]:
        if not lat.strip() and not lon.strip():
            return None, {}
        try:
            return {"lat": float(lat), "lon": float(lon)}, {}
        except ValueError:
            return None, {"/gps": "both latitude and longitude, as numbers (29.65, 91.13), or neither"}

    def save(self, name_zh: str, name_bo: str, address: str, lat: str = "", lon: str = "") -> str | None:
        """Store the venue; its id, or None with ``problems`` (by field) and ``error``."""
        self.name_zh, self.name_bo = name_zh.strip(), name_bo.strip()
        gps, problems = self._position(lat, lon)
        venue: dict[str, Any] = {"venue_id": new_field_id(), "venue_type": self.venue_type,
                                 "county_code": self.county_code,
                                 "name": {"zh": self.name_zh, **({"bo": self.name_bo} if self.name_bo else {})},
                                 "address": address.strip()}
        if gps:
            venue["gps"] = gps
        if self.county_code not in {c["code"] for c in self.counties}:
            problems["/county_code"] = "choose one of your counties"
        if self.venue_type not in self.venue_types:
            problems["/venue_type"] = "choose a type that has a checklist"

        def go() -> None:
            try:
                if problems:
                    raise VenueRefused([{"path": k, "reason": v} for k, v in problems.items()])
                self.saved = new_venues.add(self.store, venue, self.inspector, self.clock())
            except VenueRefused as refused:
                self.problems = {p["path"]: p["reason"] for p in refused.problems}
                raise

        self.problems = {}
        return venue["venue_id"] if self.attempt(go) else None
