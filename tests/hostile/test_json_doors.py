"""Hostile JSON at every door that takes JSON: each is a clear 4xx problem, never a 500.

Bodies are sent as bytes: a lone surrogate only exists as a ``\\ud800`` escape in JSON text, which
``json.dumps`` writes and ``json.loads`` would accept.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from services.review.app import create_app as review_app
from services.sync.app import create_app as sync_app
from tests.hostile.accounts import PASSWORD, account
from tests.support.sync_data import make_inspection
from tests.support.templates import make_template

LONE = "\ud800"
DEEP = "[" * 5000 + "]" * 5000
HUGE = "9" * 5000
SHA = "ab" * 32
UUID = "0b6f8a52-1c2d-4e3f-8a9b-0c1d2e3f4a5b"


def _inspection(**changes) -> dict:
    doc = make_inspection("v1", "540102", "dawa", make_template(), inspection_id=UUID)
    doc.update(changes)
    return doc


def _raw(value) -> bytes:
    return json.dumps(value).encode()


def _with_note(note: str) -> dict:
    doc = _inspection()
    doc["answers"]["item-01"] = {"value": "no", "note": note}
    return doc


def _check(client, cases, headers) -> list[str]:
    """Send each case; return what went wrong (empty when every answer is the expected problem)."""
    wrong = []
    for name, path, body, code in cases:
        answer = client.post(path, content=body, headers={**headers, "content-type": "application/json"})
        problem = answer.headers.get("content-type", "").startswith("application/problem+json")
        got = answer.json().get("code") if problem else None
        if answer.status_code >= 500 or not 400 <= answer.status_code < 500 or not problem or got != code:
            wrong.append(f"{name}: {answer.status_code} {answer.text[:200]}")
    return wrong


@pytest.fixture
def sync_client(settings, couch):
    with TestClient(sync_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def review_client(settings, couch):
    with TestClient(review_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_sync_doors(sync_client, settings, couch):
    inspector = account(couch, settings, "dawa", "inspector", "county", ("540102",))
    status = "/sync/photos/status"
    manifest = "/sync/photos"
    cases = [
        ("/sync nested 5,000 deep", "/sync", f'{{"push": {DEEP}}}'.encode(), "json_too_deep"),
        (
            "/sync 5,000-digit number",
            "/sync",
            f'{{"push": [], "checkpoint": {HUGE}}}'.encode(),
            "json_number_out_of_range",
        ),
        (
            "/sync 5,000-digit revision",
            "/sync",
            _raw({"push": [{"doc": _inspection()}]}).replace(b'"revision": 1', f'"revision": {HUGE}'.encode()),
            "json_number_out_of_range",
        ),
        ("/sync lone surrogate key", "/sync", _raw({"push": [{"doc": {**_inspection(), LONE: 1}}]}), "invalid_text"),
        ("/sync lone surrogate id", "/sync", _raw({"push": [{"doc": _inspection(_id=UUID + LONE)}]}), "invalid_text"),
        ("/sync lone surrogate note", "/sync", _raw({"push": [{"doc": _with_note("无" + LONE)}]}), "invalid_text"),
        (
            "status 5,000-digit number",
            status,
            f'{{"photos": [{{"inspection_id": {HUGE}}}]}}'.encode(),
            "json_number_out_of_range",
        ),
        ("status nested 5,000 deep", status, f'{{"photos": {DEEP}}}'.encode(), "json_too_deep"),
        ("status lone surrogate key", status, _raw({"photos": [{LONE: UUID, "sha256": SHA}]}), "invalid_text"),
        (
            "status lone surrogate id",
            status,
            _raw({"photos": [{"inspection_id": LONE, "sha256": SHA}]}),
            "invalid_text",
        ),
        (
            "status lone surrogate note",
            status,
            _raw({"photos": [{"inspection_id": UUID, "sha256": SHA, "note": LONE}]}),
            "invalid_text",
        ),
        ("manifest nested 5,000 deep", manifest, f'{{"parts": {DEEP}}}\n'.encode(), "json_too_deep"),
        (
            "manifest 5,000-digit number",
            manifest,
            f'{{"parts": [{{"inspection_id": "{UUID}", "sha256": "{SHA}", "offset": 0, "length": {HUGE}, '
            f'"total": 1}}]}}\n'.encode(),
            "json_number_out_of_range",
        ),
        ("manifest lone surrogate id", manifest, _raw({"parts": [{"inspection_id": LONE}]}) + b"\n", "invalid_text"),
        (
            "login lone surrogate key",
            "/auth/login",
            _raw({"name": "dawa", "password": PASSWORD, LONE: 1}),
            "invalid_text",
        ),
        (
            "login lone surrogate name",
            "/auth/login",
            _raw({"name": "dawa" + LONE, "password": PASSWORD}),
            "invalid_text",
        ),
        (
            "login lone surrogate device",
            "/auth/login",
            _raw({"name": "dawa", "password": PASSWORD, "device_id": LONE}),
            "invalid_text",
        ),
        ("login 5,000-digit name", "/auth/login", f'{{"name": {HUGE}}}'.encode(), "json_number_out_of_range"),
        ("login nested 5,000 deep", "/auth/login", f'{{"name": {DEEP}}}'.encode(), "json_too_deep"),
    ]
    assert _check(sync_client, cases, inspector) == []


def test_review_doors(review_client, settings, couch):
    admin = account(couch, settings, "root.admin", "administrator")
    template = make_template(status="draft")
    requirement = template["sections"][0]["items"][0]["requirement"]
    cases = [
        ("users lone surrogate key", "/api/users", _raw({"name": "tsering", LONE: "x"}), "invalid_text"),
        ("users lone surrogate name", "/api/users",
         _raw({"name": "tsering" + LONE, "password": PASSWORD, "role": "inspector"}), "invalid_text"),
        ("users lone surrogate display name", "/api/users",
         _raw({"name": "tsering", "password": PASSWORD, "display_name": "次仁" + LONE}), "invalid_text"),
        ("users 5,000-digit number", "/api/users", f'{{"name": {HUGE}}}'.encode(), "json_number_out_of_range"),
        ("users nested 5,000 deep", "/api/users", f'{{"jurisdiction": {DEEP}}}'.encode(), "json_too_deep"),
        ("templates lone surrogate key", "/api/templates", _raw({**template, LONE: 1}), "invalid_text"),
        ("templates lone surrogate id", "/api/templates", _raw({**template, "template_id": "bank" + LONE}),
         "invalid_text"),
        ("templates lone surrogate text", "/api/templates",
         _raw(template).replace(json.dumps(requirement["zh"]).encode(), json.dumps(LONE).encode()), "invalid_text"),
        ("templates 5,000-digit version", "/api/templates",
         _raw(template).replace(b'"version": 1', f'"version": {HUGE}'.encode()), "json_number_out_of_range"),
        ("templates nested 5,000 deep", "/api/templates", f'{{"sections": {DEEP}}}'.encode(), "json_too_deep"),
    ]
    assert _check(review_client, cases, admin) == []
