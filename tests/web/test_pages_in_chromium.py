import json
from pathlib import Path

import pytest

from services.notices.app import create_app as notices_app
from services.notices.codes import hash_code
from services.review.app import create_app as review_app
from tests.support.sync_data import running_service
from tests.web.screenshots import screenshot

NOTICE = Path(__file__).parents[2] / "schemas" / "examples" / "notice" / "valid" / "issued.json"
CODE = "K7M2-P9Q4"
TIBETAN_FONT = "16px 'Tibetan Machine Uni'"


@pytest.fixture
def review(settings, couch):
    with running_service(review_app(settings)) as url:
        yield url


@pytest.fixture
def portal(settings, couch):
    notice = json.loads(NOTICE.read_text(encoding="utf-8"))
    notice["access_code_hash"] = hash_code(CODE)
    couch.http.put(f"/{couch.name('notices')}/{notice['_id']}", json=notice).raise_for_status()
    with running_service(notices_app(settings)) as url:
        yield url, notice


def test_supervisors_home_shows_chinese_and_tibetan_and_links_to_the_docs(page, review):
    page.goto(review + "/")
    assert page.title() == "Kora · 督查审核"
    assert page.locator(".bo").first.is_visible()
    assert page.evaluate(f"document.fonts.check({TIBETAN_FONT!r}, 'ཞིབ')")
    screenshot(page, "review-home")
    page.click("text=API 文档")
    page.wait_for_selector(".swagger-ui .title", timeout=15000)
    assert "Kora review" in page.inner_text(".swagger-ui .title")
    screenshot(page, "review-docs")
    assert page.problems == []


def test_a_business_opens_its_notice_with_number_and_code(page, portal):
    url, notice = portal
    page.goto(url + "/")
    screenshot(page, "portal-home")
    page.fill("input[name=number]", notice["number"])
    page.fill("input[name=code]", CODE)
    page.click("button[type=submit]")
    page.wait_for_selector("h2")
    assert page.inner_text("main h2") == notice["number"]
    assert notice["findings"][0]["requirement"]["bo"] in page.inner_text(".findings")
    screenshot(page, "portal-notice")
    assert page.problems == []


def test_a_wrong_code_shows_the_form_again_with_the_number_kept(page, portal):
    url, notice = portal
    page.goto(url + "/")
    page.fill("input[name=number]", notice["number"])
    page.fill("input[name=code]", "WRONG")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "没有找到该通知书" in page.inner_text(".error")
    assert page.input_value("input[name=number]") == notice["number"]
    assert page.input_value("input[name=code]") == ""
    screenshot(page, "portal-not-found")
    # The 404 of the not-found page itself is expected; nothing else may fail.
    assert [p for p in page.problems if "404" not in p] == []
