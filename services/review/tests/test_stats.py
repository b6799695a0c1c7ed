"""Statistics and the age-friendliness index from the views, and their exports."""

from __future__ import annotations

import io
import json
from pathlib import Path

from openpyxl import load_workbook

from services.review.tests.conftest import sign_in

NOTICE = Path(__file__).parents[3] / "schemas" / "examples" / "notice" / "valid" / "issued.json"


def _notice(couch, number: str, county: str, deadline: str, closed_at: str | None = None) -> None:
    doc = json.loads(NOTICE.read_text(encoding="utf-8"))
    doc.update(_id=f"notice:{number}", number=number, county_code=county, deadline=deadline,
               issued_at="2026-04-01T08:00:00Z")
    doc.pop("_rev", None)
    if closed_at:
        doc.update(status="closed", closed_at=closed_at)
    couch.db("notices").put(doc)


def test_compliance_by_county_adds_up_the_weighted_scores(client, world):
    sign_in(client, "lhasa.sup")
    stats = client.get("/api/review/stats").json()
    counties = {r["code"]: r for r in stats["counties"]}
    assert set(counties) == {"540102", "540103"}  # the supervisor's prefecture only
    # Chengguan: inspection 0 fails item-01 (critical 5) and item-02 (major 3); inspection 1 fails nothing.
    # 12 items: 1 critical + 11 major = 38 judged weight each.
    assert counties["540102"]["inspections"] == 2
    assert counties["540102"]["weight_judged"] == 76 and counties["540102"]["weight_passed"] == 76 - 8
    assert counties["540102"]["score"] == round(100 * 68 / 76, 1)
    items = stats["items"]
    assert items[0]["item_id"] in ("item-01", "item-02") and items[0]["failed"] == 2


def test_the_index_combines_score_on_time_rectification_and_coverage(client, couch, world):
    _notice(couch, "N-1", "540102", "2026-05-01T00:00:00Z", closed_at="2026-04-20T08:00:00Z")
    _notice(couch, "N-2", "540102", "2026-05-01T00:00:00Z")  # open and overdue
    sign_in(client, "lhasa.sup")
    index = client.get("/api/review/index").json()
    chengguan = next(r for r in index["counties"] if r["code"] == "540102")
    assert chengguan["on_time_rate"] == 50.0
    assert chengguan["coverage"] == 100.0  # both venues inspected
    assert chengguan["index"] == round(0.6 * chengguan["score"] + 0.2 * 50 + 0.2 * 100, 1)
    assert chengguan["mean_days_to_rectify"] == 19.0
    page = client.get("/index", headers={"accept": "text/html"}).text
    assert "/queue?county=540102&amp;date_from=" in page and "0.6 × 严重程度加权合格率" in page


def test_exports_open_as_csv_and_xlsx(client, world):
    sign_in(client, "admin")
    csv_answer = client.get("/export/stats.csv", params={"table": "counties"})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    lines = csv_answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("代码,县区") and len(lines) == 4
    book = load_workbook(io.BytesIO(client.get("/export/index.xlsx").content))
    assert book.sheetnames == ["prefectures", "counties"]
    assert book["counties"].max_row == 75  # heading + every county of the region
    assert client.get("/export/stats.pdf").status_code == 422
