"""Stored text keeps what was typed, markup included; every page that shows it escapes it.

Each hostile string is stored in every text field a page shows and must come out escaped (as
Jinja's autoescape writes it), never as markup. Pages that show nothing stored (the review home,
the API docs) must not reflect what a request carries either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from services.notices.app import create_app as notices_app
from services.notices.codes import hash_code
from services.review.app import create_app as review_app
from services.sync.app import create_app as sync_app

HOSTILE = ["<script>alert(1)</script>", "&amp;", '"><img src=x onerror=alert(1)>']
EXAMPLE = Path(__file__).resolve().parents[2] / "schemas" / "examples" / "notice" / "valid" / "issued.json"
CODE = "K7M2-P9Q4"


def _shown_escaped(page: str, text: str) -> list[str]:
    wrong = []
    if str(escape(text)) not in page:
        wrong.append(f"{text!r} is not shown escaped")
    if "<" in text and text in page:
        wrong.append(f"{text!r} is shown as markup")
    return wrong


def _hostile_notice(text: str) -> dict:
    """The example notice with ``text`` in every string field the notice page shows."""
    notice = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    notice["access_code_hash"] = hash_code(CODE)
    for finding in notice["findings"]:
        finding["requirement"] = {"zh": text, "bo": text}
        for basis in finding["legal_basis"]:
            basis["section"] = text
            basis["quote"] = text
    return notice


@pytest.mark.parametrize("text", HOSTILE)
def test_notice_page_escapes_every_stored_text(settings, couch, text):
    notice = _hostile_notice(text)
    couch.http.put(f"/{couch.name('notices')}/{notice['_id']}", json=notice).raise_for_status()
    with TestClient(notices_app(settings)) as client:
        page = client.post("/notice", data={"number": notice["number"], "code": CODE})
    assert page.status_code == 200
    assert _shown_escaped(page.text, text) == []
    assert page.text.count(str(escape(text))) >= 4  # requirement zh and bo, section, quote


def test_pages_escape_or_drop_what_a_request_carries(settings, couch):
    wrong = []
    with TestClient(notices_app(settings)) as notices:
        for text in HOSTILE:
            page = notices.post("/notice", data={"number": text, "code": "x"})
            assert page.status_code == 404
            wrong += [f"notice not found: {w}" for w in _shown_escaped(page.text, text)]
    for name, make in (("sync", sync_app), ("review", review_app), ("notices", notices_app)):
        with TestClient(make(settings)) as client:
            for path in ("/docs", "/redoc", "/"):
                for text in HOSTILE:
                    page = client.get(path, params={"q": text, "url": text})
                    if page.headers.get("content-type", "").startswith("text/html") and text in page.text:
                        wrong.append(f"{name} {path} reflects {text!r}")
    assert wrong == []
