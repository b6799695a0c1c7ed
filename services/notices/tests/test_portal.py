import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.notices.app import create_app
from services.notices.codes import hash_code

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "notice" / "valid" / "issued.json"
CODE = "K7M2-P9Q4"


@pytest.fixture
def portal(settings, couch):
    notice = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    notice["access_code_hash"] = hash_code(CODE)
    notice["findings"][0]["requirement"]["zh"] = "<script>alert(1)</script>保留现金支付"
    couch.http.put(f"/{couch.name('notices')}/{notice['_id']}", json=notice).raise_for_status()
    with TestClient(create_app(settings)) as client:
        yield client, notice


def test_the_right_number_and_code_open_the_notice(portal):
    client, notice = portal
    page = client.post("/notice", data={"number": notice["number"], "code": CODE})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert notice["number"] in page.text and "已签发，待整改" in page.text
    assert notice["findings"][0]["legal_basis"][0]["quote"] in page.text


def test_html_in_a_finding_is_shown_as_text(portal):
    client, notice = portal
    page = client.post("/notice", data={"number": notice["number"], "code": CODE})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;保留现金支付" in page.text


@pytest.mark.parametrize(
    "number, code",
    [
        ("540102-2026-0001", "WRONG-CODE"),
        ("540102-2026-9999", CODE),
        ("../_all_docs", CODE),
        ("<b>x</b>", CODE),
        ("", ""),
        ("540102-2026-0001", "x" * 5000),
    ],
)
def test_a_wrong_code_and_an_unknown_number_get_the_same_page(portal, number, code):
    client, _ = portal
    page = client.post("/notice", data={"number": number, "code": code})
    assert page.status_code == 404
    assert "没有找到该通知书" in page.text
    assert "<b>x</b>" not in page.text


def test_the_code_is_not_accepted_in_the_address(portal):
    client, notice = portal
    assert client.get(f"/notice?number={notice['number']}&code={CODE}").status_code == 405
