"""The review pages as a supervisor and an administrator use them: Debian's Chromium driven by
Playwright against the real review and sync services and the CouchDB-protocol server.
Screenshots of every page go to docs/screenshots/review/."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from services.review.app import create_app as review_app
from services.review.tests.test_stats import _notice
from services.review.tests.world import PASSWORDS, build
from services.sync.app import create_app as sync_app
from tests.support.sync_data import bearer, running_service

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "review"
TIBETAN_FONT = "16px 'Tibetan Machine Uni'"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def world(couch):
    data = build(couch)
    _notice(couch, "2026-0101", "540102", "2026-01-10T23:59:59+08:00")
    _notice(couch, "2026-0102", "540103", "2026-03-01T23:59:59+08:00", closed_at="2026-02-20T10:00:00+08:00")
    return data


@pytest.fixture
def services(settings, world):
    with running_service(review_app(settings)) as review, running_service(sync_app(settings)) as sync:
        yield review, sync


def sign_in(page, url: str, name: str, password: str | None = None) -> None:
    page.goto(url + "/queue")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password or PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url("**/queue")


def test_a_supervisor_filters_opens_returns_approves_corrects_and_asks_for_a_notice(page, services, world, settings):
    review, sync = services
    page.goto(review + "/login")
    shot(page, "login")
    sign_in(page, review, "lhasa.sup")
    assert page.locator("#queue tbody tr").count() == 4  # the Lhasa prefecture's four
    assert page.evaluate(f"document.fonts.check({TIBETAN_FONT!r}, 'ཞིབ')")
    # Statuses read as words a supervisor uses, the counts' badges and each row's alike.
    assert page.locator(".counts .badge").all_inner_texts() == ["待审核", "已退回", "已通过", "已更正"]
    assert set(page.locator("#queue .badge").all_inner_texts()) == {"待审核"}
    assert page.locator("#queue .badge[data-status=submitted]").count() == 4
    shot(page, "queue")

    page.check("input[name=critical]")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**critical=1**")
    assert page.locator("#queue tbody tr").count() == 2
    shot(page, "queue-filtered")

    # Open the newest critical one: inspection 2 (Duilongdeqing); then inspection 0 with its photo.
    page.goto(review + f"/inspections/{world['ids'][0]}")
    assert page.locator("#failures .fail").count() == 2
    assert "依据" in page.inner_text("#failures")
    assert page.locator(".photos img").evaluate("img => img.naturalWidth") == 320
    assert page.locator("#signature polyline").count() == 1
    assert "&lt;b&gt;" not in page.inner_text(".note") and "<b>没有</b>现金窗口" in page.inner_text("#failures")
    shot(page, "inspection")

    # Return inspection 1 and see it reach the phone at its next sync.
    page.goto(review + f"/inspections/{world['ids'][1]}")
    page.fill("#return-form textarea[name=comment]", "请补拍现金窗口 <script>x</script>")
    page.click("#return-form button")
    page.wait_for_selector("#done")
    assert page.inner_text("#status") == "已退回"
    phone = httpx.post(sync + "/sync", json={"checkpoint": None, "push": []},
                       headers=bearer(settings, "dawa", codes=("540102",))).json()
    assert [(d["_id"], d["review"]["comment"]) for d in phone["pull"]["returned"]] == [
        (world["ids"][1], "请补拍现金窗口 <script>x</script>")
    ]
    assert "请补拍现金窗口 <script>x</script>" in page.inner_text("table")
    shot(page, "inspection-returned")

    # Approve inspection 0, correct one answer, see the diff, then ask for a notice.
    page.goto(review + f"/inspections/{world['ids'][0]}")
    page.click("#approve-form button")
    page.wait_for_selector("#done")
    assert page.inner_text("#status") == "已通过"
    page.select_option("#correct-form select[name=item_id]", "item-02")
    page.fill("#correct-form input[name=value]", "4")
    page.fill("#correct-form textarea[name=reason]", "照片显示有 4 名引导员")
    page.click("#correct-form button")
    page.wait_for_selector("#done")
    assert page.inner_text("#status") == "已更正"
    history = page.inner_text("#history")
    assert "照片显示有 4 名引导员" in history and "/answers/item-02/value" in history
    assert (
        page.locator("#history del").first.inner_text() == "1"
        and page.locator("#history ins").first.inner_text() == "4"
    )
    page.click("#notice-form button")
    page.wait_for_selector("#notice-requests")
    assert "待签发" in page.inner_text("#notice-requests")
    shot(page, "inspection-corrected-notice")
    assert page.problems == []


def test_statistics_index_deadlines_and_exports(page, services, world):
    review, _ = services
    sign_in(page, review, "admin")
    page.goto(review + "/stats")
    page.wait_for_function("Chart.getChart('bars') && Chart.getChart('trend')")
    assert page.evaluate("Chart.getChart('bars').data.labels.length") == 3
    page.click("#table-counties th:nth-child(4)")  # sort by score
    shot(page, "stats")
    with page.expect_download() as download:
        page.click("text=导出全部表格 (XLSX)")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert {"prefectures", "counties", "venue_types", "months", "items"} <= set(book.sheetnames)
    assert book["counties"].cell(1, 2).value == "县区"

    page.goto(review + "/index")
    assert "0.6 × 严重程度加权合格率" in page.inner_text("#formula")
    with page.expect_download() as download:
        page.click("text=导出 CSV")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("代码,县区") and len(lines) == 75
    shot(page, "index")
    page.click("#table-counties a:text('城关区')")
    page.wait_for_url("**/queue?county=540102**")
    assert page.locator("#queue tbody tr").count() == 2
    page.goto(review + "/deadlines")
    assert "已逾期" in page.inner_text("#deadline-venues")
    shot(page, "deadlines")
    assert page.problems == []


def test_bad_input_is_a_clear_page_and_a_forged_form_changes_nothing(page, services, world):
    review, _ = services
    sign_in(page, review, "lhasa.sup")
    page.goto(review + "/queue?date_from=yesterday")
    assert "date_from" in page.inner_text(".error-msg")
    shot(page, "bad-filter")
    page.goto(review + f"/inspections/{world['ids'][0]}")
    page.evaluate("document.querySelector('#approve-form input[name=csrf]').value = 'forged'")
    page.click("#approve-form button")
    page.wait_for_selector(".error-msg")
    assert "过期" in page.inner_text("main") or "csrf_failed" in page.inner_text("main")
    page.goto(review + f"/inspections/{world['ids'][0]}")
    assert page.inner_text("#status") == "待审核"
    page.problems.clear()  # the refused form's 403 is the point of the test


def test_an_administrator_imports_venues_with_bad_rows_and_manages_users(page, services, world, tmp_path):
    review, _ = services
    sign_in(page, review, "admin")
    csv_file = tmp_path / "venues.csv"
    csv_file.write_text(
        "venue_id,venue_type,county_code,name_zh,name_bo,address,lat,lon,operator,contact\n"
        "new-1,bank,540102,新银行网点,,拉萨市北京中路1号,29.65,91.13,示例银行,0891-5550101\n"
        "new-2,spaceport,540102,太空港,,拉萨市,29.65,91.13,示例,0891-5550102\n"
        "new-3,bank,999999,<b>坏县</b>,,某地,29.65,91.13,示例,0891-5550103\n", encoding="utf-8")
    page.goto(review + "/admin/venues-page")
    page.set_input_files("#venue-upload input[type=file]", str(csv_file))
    page.click("#venue-upload button")
    page.wait_for_selector("#report")
    assert page.locator("#refused tbody tr").count() == 2
    assert "spaceport" in page.inner_text("#refused")
    shot(page, "admin-venues-dry-run")
    page.click("#venue-commit button")
    page.wait_for_selector("text=已导入")
    assert "已写入 1" in page.inner_text("#report")
    shot(page, "admin-venues-committed")

    page.goto(review + "/admin/users-page")
    page.fill("#create-user input[name=name]", "tsering")
    page.fill("#create-user input[name=display_name]", "<img src=x onerror=alert(1)>次仁")
    page.fill("#create-user input[name=password]", "Shigatse-2026-x")
    page.fill("#create-user input[name=codes]", "540202")
    page.click("#create-user button")
    page.wait_for_selector("#done")
    assert "<img src=x onerror=alert(1)>次仁" in page.inner_text("#users")
    shot(page, "admin-users")
    page.goto(review + "/admin/templates-page")
    assert page.locator("#versions tbody tr").count() >= 1
    shot(page, "admin-templates")
    assert page.problems == []


def test_the_demo_year_reads_as_charts_and_an_index(page, settings, couch):
    from services.catalog.regions import seed_regions
    from services.catalog.seed import seed_templates
    from services.review.demo.seed import seed_demo_inspections
    from services.users.seed import seed_demo_accounts
    from services.venues.seed import seed_demo_venues

    for step in (seed_regions, seed_demo_venues, seed_templates, seed_demo_accounts):
        step(couch)
    seed_demo_inspections(couch, count=150)
    with running_service(review_app(settings)) as review:
        sign_in(page, review, "region.sup", "Region-demo-2026")
        shot(page, "demo-queue")
        page.goto(review + "/stats")
        page.wait_for_function("Chart.getChart('trend')")
        assert page.evaluate("Chart.getChart('trend').data.labels.length") >= 10  # a year of months
        shot(page, "demo-stats")
        page.goto(review + "/index")
        page.wait_for_function("Chart.getChart('bars')")
        shot(page, "demo-index")
        page.goto(review + "/queue?status=approved")
        page.locator("#queue tbody tr a").first.click()
        page.wait_for_selector("#signature svg")
        shot(page, "demo-inspection")
        assert page.problems == []


def test_the_county_charts_label_every_county(page, settings, couch):
    import random
    from datetime import UTC, datetime, timedelta

    from bench.review_load import counties, inspection_for, template, venues_for
    from services.catalog.regions import seed_regions
    from services.users import service as users
    from tests.support.sync_data import seed

    codes = counties()
    venues, tpl = venues_for(codes, 1), template()
    seed_regions(couch)
    seed(couch, "catalog", [tpl])
    seed(couch, "venues", venues)
    users.create_user(couch, {"name": "all.admin", "password": "All-counties-2026", "role": "administrator",
                              "jurisdiction": {"level": "region", "codes": []}})
    rng, finished = random.Random(7), datetime.now(UTC) - timedelta(days=30)
    couch.db("inspections").bulk([inspection_for(n, venue, tpl, finished, rng) for n, venue in enumerate(venues)])
    with running_service(review_app(settings)) as review:
        sign_in(page, review, "all.admin", "All-counties-2026")
        for path, shown in (("/index", 74), ("/stats", 74)):
            page.goto(review + path)
            page.wait_for_function("Chart.getChart('bars')")
            labels = page.evaluate("Chart.getChart('bars').data.labels")
            assert len(labels) == shown
            # Every label is drawn: Chart.js drops the ticks it has no room for (autoSkip).
            drawn = page.evaluate("Chart.getChart('bars').scales.y.ticks.map(t => t.label)")
            assert drawn == labels
            shot(page, "index-all-counties" if path == "/index" else "stats-all-counties")
        assert page.problems == []
