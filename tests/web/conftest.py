"""Web pages are tested the way a person sees them: Debian's Chromium, headless, driven by Playwright."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="package")
def browser():
    # Package scope: Playwright's sync API keeps an event loop running in this thread until it
    # stops, and the tests collected after tests/web (the app's, the benchmarks') use asyncio.run.
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail(
            "Debian's chromium is missing: `make setup` installs it (deploy/debian-packages.txt)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and failed requests; the test asserts none happened."""
    context = browser.new_context(viewport={"width": 1000, "height": 760}, locale="zh-CN")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"{r.url}: {r.failure}"))
    yield page
    context.close()
