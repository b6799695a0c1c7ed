"""Tables as CSV (UTF-8 with BOM, so that spreadsheet programs read Chinese) and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from services.review.stats.tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: object) -> object:
    # A cell starting with = + - @ would be run as a formula by a spreadsheet program.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([heading for _, heading in table.columns])
    for row in table.cells():
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: dict[str, Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, table in tables.items():
        sheet = book.create_sheet(name[:31])
        sheet.append([heading for _, heading in table.columns])
        for row in table.cells():
            sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
