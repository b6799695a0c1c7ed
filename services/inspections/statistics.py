"""Compliance figures of a jurisdiction, read from the inspections' review views (never a scan
of documents): by prefecture, county, venue type, month and checklist item.

The views reduce with ``_sum`` over ``[weight_passed, weight_judged, inspections, critical
findings, findings]``; what is added up here are reduced rows (at most one per county, venue
type and month), not inspections.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from services.common.couch import Couch
from services.inspections.store import DB

DESIGN = "review"
HIGH = "\ufff0"


@dataclass
class Tally:
    passed: int = 0
    judged: int = 0
    inspections: int = 0
    critical: int = 0
    findings: int = 0

    def add(self, value: list[int]) -> None:
        self.passed += value[0]
        self.judged += value[1]
        self.inspections += value[2]
        self.critical += value[3]
        self.findings += value[4]

    @property
    def score(self) -> float | None:
        return round(100 * self.passed / self.judged, 1) if self.judged else None

    def as_dict(self) -> dict[str, Any]:
        return {"score": self.score, "inspections": self.inspections, "findings": self.findings,
                "critical_findings": self.critical, "weight_passed": self.passed, "weight_judged": self.judged}


@dataclass
class Compliance:
    prefectures: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    counties: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    venue_types: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    months: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    prefecture_months: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))


def key_ranges(jurisdiction: Jurisdiction) -> list[tuple[list[str], list[str]]]:
    """[startkey, endkey] pairs of the views keyed [prefecture, county, …] covering the reach."""
    if jurisdiction.level == "region":
        return [([], [HIGH])]
    if jurisdiction.level == "prefecture":
        return [([c[:4] + "00"], [c[:4] + "00", HIGH]) for c in sorted(set(jurisdiction.codes))]
    return [([c[:4] + "00", c], [c[:4] + "00", c, HIGH]) for c in sorted(set(jurisdiction.codes))]


def compliance(couch: Couch, jurisdiction: Jurisdiction, since_month: str = "") -> Compliance:
    """Figures of the reach, from ``since_month`` (YYYY-MM) on."""
    out = Compliance()
    for start, end in key_ranges(jurisdiction):
        for row in couch.db(DB).view(DESIGN, "compliance", startkey=start, endkey=end, group_level=4):
            prefecture, county, venue_type, month = row["key"]
            if month < since_month:
                continue
            for tally in (out.prefectures[prefecture], out.counties[county], out.venue_types[venue_type],
                          out.months[month], out.prefecture_months[(prefecture, month)]):
                tally.add(row["value"])
    return out


def items(couch: Couch, jurisdiction: Jurisdiction) -> list[dict[str, Any]]:
    """Per checklist item: how often it was judged and failed, most failed first."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for start, end in key_ranges(jurisdiction):
        for row in couch.db(DB).view(DESIGN, "items", startkey=start, endkey=end, group_level=4):
            _, _, template_id, item_id = row["key"]
            total = totals[(template_id, item_id)]
            total[0] += row["value"][0]
            total[1] += row["value"][1]
    rows = [{"template_id": t, "item_id": i, "failed": f, "judged": j,
             "compliance": round(100 * (j - f) / j, 1) if j else None} for (t, i), (f, j) in totals.items()]
    return sorted(rows, key=lambda r: (-r["failed"], r["template_id"], r["item_id"]))


def venues_inspected_since(couch: Couch, jurisdiction: Jurisdiction, since_day: float) -> dict[str, int]:
    """Per county, how many venues had an inspection finished on or after ``since_day`` (days
    since 1970-01-01): the view's ``_stats`` max per venue is its latest inspection."""
    counts: dict[str, int] = defaultdict(int)
    for start, end in _county_ranges(jurisdiction):
        for row in couch.db(DB).view(DESIGN, "venues_inspected", startkey=start, endkey=end, group_level=2):
            if row["value"]["max"] >= since_day and jurisdiction.covers(row["key"][0]):
                counts[row["key"][0]] += 1
    return dict(counts)


def _county_ranges(jurisdiction: Jurisdiction) -> list[tuple[list[str], list[str]]]:
    if jurisdiction.level == "region":
        return [(["54"], ["54" + HIGH])]
    if jurisdiction.level == "prefecture":
        return [([c[:4]], [c[:4] + HIGH]) for c in sorted(set(jurisdiction.codes))]
    return [([c], [c, HIGH]) for c in sorted(set(jurisdiction.codes))]
