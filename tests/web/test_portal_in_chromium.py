"""The business portal on a notice the worker issued, the way a business uses it: Debian's
Chromium, headless. Screenshots go to docs/screenshots/portal/ (committed, for people to look at)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.notices import answers, store
from services.notices.app import create_app as notices_app
from services.notices.tests.helpers import issue_one, world
from services.notices.worker import NoticeWorker
from tests.support.sync_data import make_photo, running_service

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "portal"
TIBETAN_FONT = "16px 'Tibetan Machine Uni'"
TYPED = "<b>已设现金窗口</b> དངུལ་ལོར་ལེན་ཆོག"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def issued(settings, couch):
    from services.notices.pdf import NoticeRenderer

    inspection = world(couch)["inspection"]
    notice, code = issue_one(couch, NoticeWorker(couch, NoticeRenderer), inspection)
    with running_service(notices_app(settings, run_worker=False)) as url:
        yield url, notice, "-".join(code[i:i + 4] for i in range(0, 16, 4))


def _open(page, url, number, code):
    page.goto(url + "/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_a_business_answers_its_notice_and_downloads_the_pdf(page, issued, couch, tmp_path):
    url, notice, code = issued
    page.goto(url + "/")
    shot(page, "1-home")
    _open(page, url, notice["number"], code)
    assert page.inner_text("main h2") == notice["number"]
    assert page.evaluate(f"document.fonts.check({TIBETAN_FONT!r}, 'ཞིབ')")
    shot(page, "2-notice")

    photo = tmp_path / "after.jpg"
    photo.write_bytes(make_photo(7, size=(320, 240)))
    first = page.locator("#finding-1")
    first.locator("textarea").fill(TYPED)
    first.locator("input[type=file]").set_input_files(str(photo))
    with page.expect_navigation():
        first.locator("button").click()
    assert "已收到您的答复" in page.inner_text("#message")
    # What the business typed is shown as text: the tags appear, nothing is bold.
    assert page.inner_text("#finding-1 .answer-text") == TYPED
    assert page.locator("#finding-1 .answer-text b").count() == 0
    shot(page, "3-answered-one")

    second = page.locator("#finding-2")
    second.locator("textarea").fill("已安排专人引导老年人办理业务")
    second.locator("input[type=file]").set_input_files(str(photo))
    with page.expect_navigation():
        second.locator("button").click()
    assert "已答复，待复查" in page.inner_text("#status")
    shot(page, "4-answered-all")
    assert answers.answers_for(couch, notice["_id"])[0]["answer"]["text"] == TYPED

    with page.expect_download() as download:
        page.click("#download")
    assert Path(download.value.path()).read_bytes() == store.pdf(couch, notice["number"])
    # Chromium reports a navigation that became a download as aborted; nothing else may fail.
    assert [p for p in page.problems if not p.endswith("/notice/pdf: net::ERR_ABORTED")] == []


def test_a_wrong_code_a_bad_photo_and_too_many_guesses(page, issued, tmp_path):
    url, notice, code = issued
    _open(page, url, notice["number"], code)
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_bytes(b"this is a text file")
    first = page.locator("#finding-1")
    first.locator("textarea").fill("已整改")
    first.locator("input[type=file]").set_input_files(str(bad))
    with page.expect_navigation():
        first.locator("button").click()
    assert "照片无法识别" in page.inner_text("#error") and "not a readable JPEG" in page.inner_text("#error")
    assert page.input_value("#finding-1 textarea") == "已整改"  # kept, not typed again
    shot(page, "5-bad-photo")
    for n in range(10):
        _open(page, url, notice["number"], f"WRONG-{n}")
    assert "没有找到该通知书" in page.inner_text(".error")
    shot(page, "6-wrong-code")
    _open(page, url, notice["number"], code)
    assert "15 分钟后再试" in page.inner_text(".error")
    shot(page, "7-too-many-guesses")


def test_the_verification_page_behind_the_qr_code(page, issued, couch, tmp_path):
    url, notice, _ = issued
    page.goto(f"{url}/v/{notice['number']}")
    assert "真实有效的现行通知书" in page.inner_text("#current")
    shot(page, "8-verify")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(store.pdf(couch, notice["number"]))
    page.set_input_files("input[type=file]", str(pdf))
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "完全一致" in page.inner_text("#verdict")
    shot(page, "9-verify-genuine")
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(pdf.read_bytes() + b"\n% edited")
    page.set_input_files("input[type=file]", str(forged))
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "不是以该编号签发" in page.inner_text("#verdict")
    shot(page, "10-verify-forged")
