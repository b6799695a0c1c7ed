"""The age-friendliness index of each prefecture and county (formula in docs/review.md):

    index = 0.6 × S + 0.2 × R + 0.2 × C          (each part 0-100)

    S  severity-weighted compliance of the last 12 months: 100 × Σ weight of passed items /
       Σ weight of judged items (critical 5, major 3, minor 1; schemas/rules/score.py)
    R  on-time rectification: 100 × notices closed by their deadline / (notices closed + open
       notices past their deadline); 100 when none has come due
    C  coverage: 100 × venues with an inspection in the last 12 months / venues registered

A county with no judged inspection has no index. Every figure comes from views: the inspections'
review views (services/inspections/statistics.py), the notices' rectification view
(services/notices/store.py) and the venues' by_county view (services/venues/service.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction
from services.catalog.regions import regions
from services.common.couch import Couch
from services.inspections import statistics
from services.notices import store as notices
from services.venues import service as venues

WEIGHTS = {"score": 0.6, "on_time": 0.2, "coverage": 0.2}
FORMULA = "指数 = 0.6 × 严重程度加权合格率 S + 0.2 × 按期整改率 R + 0.2 × 场所检查覆盖率 C"


@dataclass
class Rectification:
    closed: int = 0
    on_time: int = 0
    days: float = 0.0
    overdue_open: int = 0

    @property
    def due(self) -> int:
        return self.closed + self.overdue_open

    @property
    def on_time_rate(self) -> float:
        return round(100 * self.on_time / self.due, 1) if self.due else 100.0

    @property
    def mean_days(self) -> float | None:
        return round(self.days / self.closed, 1) if self.closed else None


def rectification(couch: Couch, jurisdiction: Jurisdiction, today: str) -> dict[str, Rectification]:
    out: dict[str, Rectification] = defaultdict(Rectification)
    for row in notices.rectification_by_county(couch):
        county, state = row["key"][0], row["key"][1]
        if not jurisdiction.covers(county):
            continue
        tally = out[county]
        if state == "closed":
            tally.days += row["value"][0]
            tally.on_time += row["value"][1]
            tally.closed += row["value"][2]
        elif row["key"][2] < today:
            tally.overdue_open += row["value"][2]
    return out


def _index(score: float | None, on_time: float, coverage: float) -> float | None:
    if score is None:
        return None
    return round(WEIGHTS["score"] * score + WEIGHTS["on_time"] * on_time + WEIGHTS["coverage"] * coverage, 1)


def compute(couch: Couch, jurisdiction: Jurisdiction, now: datetime | None = None) -> dict[str, Any]:
    """``{since, counties: [...], prefectures: [...]}``, each row with S, R, C, index and the figures behind them."""
    now = now or datetime.now(UTC)
    since = now - timedelta(days=365)
    since_month = since.strftime("%Y-%m")
    figures = statistics.compliance(couch, jurisdiction, since_month)
    inspected = statistics.venues_inspected_since(couch, jurisdiction, since.timestamp() / 86400)
    registered = venues.count_by_county(couch)
    rect = rectification(couch, jurisdiction, now.strftime("%Y-%m-%dT%H:%M:%S"))
    names = {r["code"]: r["name"] for r in regions()}
    counties = []
    for code in sorted(c["code"] for c in regions() if c["level"] == "county" and jurisdiction.covers(c["code"])):
        tally = figures.counties.get(code, statistics.Tally())
        r = rect.get(code, Rectification())
        venue_count = registered.get(code, 0)
        coverage = round(100 * min(inspected.get(code, 0), venue_count) / venue_count, 1) if venue_count else 0.0
        counties.append({"code": code, "prefecture": code[:4] + "00", "name": names[code], **tally.as_dict(),
                         "on_time_rate": r.on_time_rate, "notices_due": r.due, "notices_on_time": r.on_time,
                         "overdue_open": r.overdue_open, "mean_days_to_rectify": r.mean_days,
                         "venues": venue_count, "venues_inspected": inspected.get(code, 0), "coverage": coverage,
                         "index": _index(tally.score, r.on_time_rate, coverage)})
    return {"since": since.strftime("%Y-%m-%d"), "formula": FORMULA, "weights": WEIGHTS,
            "counties": counties, "prefectures": _prefectures(counties, names)}


def _prefectures(counties: list[dict[str, Any]], names: dict[str, Any]) -> list[dict[str, Any]]:
    """A prefecture's parts add up its counties' counts (not an average of their indexes)."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for county in counties:
        grouped[county["prefecture"]].append(county)
    out = []
    for code, rows in sorted(grouped.items()):
        passed, judged = sum(r["weight_passed"] for r in rows), sum(r["weight_judged"] for r in rows)
        due, on_time = sum(r["notices_due"] for r in rows), sum(r["notices_on_time"] for r in rows)
        venue_count, inspected = (
            sum(r["venues"] for r in rows),
            sum(min(r["venues_inspected"], r["venues"]) for r in rows),
        )
        score = round(100 * passed / judged, 1) if judged else None
        on_time_rate = round(100 * on_time / due, 1) if due else 100.0
        coverage = round(100 * inspected / venue_count, 1) if venue_count else 0.0
        out.append({"code": code, "name": names.get(code, {"zh": code}), "score": score,
                    "inspections": sum(r["inspections"] for r in rows), "on_time_rate": on_time_rate,
                    "coverage": coverage, "index": _index(score, on_time_rate, coverage)})
    return out
