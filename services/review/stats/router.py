"""Statistics and the age-friendliness index: pages, JSON, CSV and XLSX exports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.common.auth import Principal
from services.common.errors import KoraError
from services.inspections import statistics
from services.review.auth.session import ApiReviewer, Reviewer
from services.review.stats import export
from services.review.stats.age_index import FORMULA
from services.review.stats.tables import Table, index_tables, statistics_tables, trend_series
from services.review.web import render

router = APIRouter(tags=["review: statistics"])


@router.get("/stats", response_class=HTMLResponse, include_in_schema=False)
def stats_page(request: Request, principal: Reviewer) -> HTMLResponse:
    couch = request.app.state.couch
    figures = statistics.compliance(couch, principal.jurisdiction)
    tables = statistics_tables(couch, principal, figures=figures)
    counties = tables["counties"].rows
    chart = {"bars": {"labels": [r["name"] for r in counties], "data": [r["score"] for r in counties]},
             "trend": trend_series(figures)}
    return render(request, "stats.html", principal, tables=tables, chart=chart)


@router.get("/index", response_class=HTMLResponse, include_in_schema=False)
def index_page(request: Request, principal: Reviewer) -> HTMLResponse:
    result, tables = index_tables(request.app.state.couch, principal)
    shown = [r for r in result["counties"] if r["index"] is not None]  # counties with no inspection have no bar
    chart = {"bars": {"labels": [r["name_zh"] for r in shown], "data": [r["index"] for r in shown]}}
    return render(request, "index.html", principal, result=result, tables=tables, chart=chart, formula=FORMULA)


@router.get("/api/review/stats")
def stats_api(request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """Compliance by prefecture, county, venue type, month and checklist item, with rectification times."""
    couch = request.app.state.couch
    figures = statistics.compliance(couch, principal.jurisdiction)
    return {name: t.rows for name, t in statistics_tables(couch, principal, figures=figures).items()} | {
        "trend": trend_series(figures)}


@router.get("/api/review/index")
def index_api(request: Request, principal: ApiReviewer) -> dict[str, Any]:
    """The age-friendliness index of each prefecture and county of the reach, with its parts."""
    result, _ = index_tables(request.app.state.couch, principal)
    return result


def _tables(request: Request, principal: Principal, which: str) -> dict[str, Table]:
    couch = request.app.state.couch
    if which == "stats":
        return statistics_tables(couch, principal)
    if which == "index":
        return index_tables(couch, principal)[1]
    raise KoraError("not_found", f"nothing to export called {which!r}")


def _export(request: Request, principal: Principal, which: str, fmt: str, table: str | None) -> Response:
    tables = _tables(request, principal, which)
    if fmt == "xlsx":
        return Response(export.to_xlsx(tables), media_type=export.XLSX_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="kora-{which}.xlsx"'})
    if fmt != "csv":
        raise KoraError("invalid_filter", f"format: {fmt!r} is not csv or xlsx", parameter="format")
    name = table or next(iter(tables))
    if name not in tables:
        raise KoraError("invalid_filter", f"table: {name!r} is not one of {', '.join(tables)}", parameter="table")
    return Response(export.to_csv(tables[name]), media_type=export.CSV_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="kora-{which}-{name}.csv"'})


@router.get("/export/{which}.{fmt}", include_in_schema=False)
def export_page(which: str, fmt: str, request: Request, principal: Reviewer, table: str | None = None) -> Response:
    return _export(request, principal, which, fmt, table)


@router.get("/api/review/export/{which}.{fmt}")
def export_api(which: str, fmt: str, request: Request, principal: ApiReviewer, table: str | None = None) -> Response:
    """``which`` stats or index; ``fmt`` csv (one table, ``table=``) or xlsx (every table, one sheet each)."""
    return _export(request, principal, which, fmt, table)
