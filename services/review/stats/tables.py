"""The statistics and index tables, as the pages show them and the exports write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.catalog.regions import regions
from services.common.auth import Principal
from services.common.couch import Couch
from services.inspections import statistics
from services.review.stats import age_index


@dataclass
class Table:
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict[str, Any]]

    def cells(self) -> list[list[Any]]:
        return [[row.get(key) for key, _ in self.columns] for row in self.rows]


TALLY = [
    ("inspections", "检查次数"),
    ("score", "加权合格率 %"),
    ("findings", "不合格项"),
    ("critical_findings", "严重不合格"),
]


def statistics_tables(couch: Couch, principal: Principal, now: datetime | None = None,
                      figures: statistics.Compliance | None = None) -> dict[str, Table]:
    now = now or datetime.now(UTC)
    figures = figures or statistics.compliance(couch, principal.jurisdiction)
    names = {r["code"]: r["name"]["zh"] for r in regions()}
    rect = age_index.rectification(couch, principal.jurisdiction, now.strftime("%Y-%m-%dT%H:%M:%S"))

    def rows(tallies: dict, label: str, named: bool = False) -> list[dict[str, Any]]:
        return [{label: key, **({"name": names.get(key, key)} if named else {}), **t.as_dict()}
                for key, t in sorted(tallies.items())]

    counties = rows(figures.counties, "code", named=True)
    for row in counties:
        r = rect.get(row["code"], age_index.Rectification())
        row.update(mean_days_to_rectify=r.mean_days, notices_closed=r.closed, overdue_open=r.overdue_open)
    return {
        "prefectures": Table(
            "按地市", [("code", "代码"), ("name", "地市"), *TALLY], rows(figures.prefectures, "code", True)
        ),
        "counties": Table(
            "按县区",
            [
                ("code", "代码"),
                ("name", "县区"),
                *TALLY,
                ("notices_closed", "已整改通知书"),
                ("mean_days_to_rectify", "平均整改天数"),
                ("overdue_open", "逾期未整改"),
            ],
            counties,
        ),
        "venue_types": Table(
            "按场所类型", [("venue_type", "场所类型"), *TALLY], rows(figures.venue_types, "venue_type")
        ),
        "months": Table("按月趋势", [("month", "月份"), *TALLY], rows(figures.months, "month")),
        "items": Table(
            "检查项目（不合格最多者在前）",
            [
                ("template_id", "检查表"),
                ("item_id", "项目"),
                ("judged", "判定次数"),
                ("failed", "不合格次数"),
                ("compliance", "合格率 %"),
            ],
            statistics.items(couch, principal.jurisdiction),
        ),
    }


def trend_series(figures: statistics.Compliance) -> dict[str, Any]:
    """Per prefecture, the weighted score of each month (for the trend lines)."""
    names = {r["code"]: r["name"]["zh"] for r in regions()}
    months = sorted(figures.months)
    series = {}
    for (prefecture, month), tally in figures.prefecture_months.items():
        series.setdefault(prefecture, dict.fromkeys(months))[month] = tally.score
    return {"months": months, "lines": [{"label": names.get(p, p), "data": [values[m] for m in months]}
                                        for p, values in sorted(series.items())]}


def index_tables(
    couch: Couch, principal: Principal, now: datetime | None = None
) -> tuple[dict[str, Any], dict[str, Table]]:
    result = age_index.compute(couch, principal.jurisdiction, now)
    for row in result["counties"]:
        row["name_zh"] = row["name"]["zh"]
    for row in result["prefectures"]:
        row["name_zh"] = row["name"]["zh"]
    parts = [
        ("score", "S 加权合格率"),
        ("on_time_rate", "R 按期整改率"),
        ("coverage", "C 覆盖率"),
        ("index", "适老化指数"),
    ]
    return result, {
        "prefectures": Table(
            "地市适老化指数",
            [("code", "代码"), ("name_zh", "地市"), ("inspections", "检查次数"), *parts],
            result["prefectures"],
        ),
        "counties": Table(
            "县区适老化指数",
            [
                ("code", "代码"),
                ("name_zh", "县区"),
                ("inspections", "检查次数"),
                *parts,
                ("venues_inspected", "已检查场所"),
                ("venues", "场所总数"),
                ("notices_due", "到期通知书"),
                ("notices_on_time", "按期整改"),
            ],
            result["counties"],
        ),
    }


def since_date(now: datetime | None = None) -> str:
    return ((now or datetime.now(UTC)) - timedelta(days=365)).strftime("%Y-%m-%d")
