"""The authorization matrix: every operation of the three services against every kind of caller.

Each row is (service, method, path template) -> the request to send and the status expected for
each column of ``COLUMNS``. A status past the door (200, 201, 409...) says the caller got in; 401
and 403 say who is kept out. tests/authz/test_matrix.py runs the whole table against the live
services and fails on any cell that differs and on any documented operation the table lacks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.venues.tests.helpers import GOOD, csv_bytes
from tests.authz.live import LOGIN_USER, PASSWORD, TARGET_USER, LiveSuite

COLUMNS = ("administrator", "region_supervisor", "prefecture_supervisor", "inspector_inside",
           "inspector_outside", "unknown", "anonymous")


@dataclass(frozen=True)
class Row:
    request: Callable[[LiveSuite], dict[str, Any]]  # httpx.request keyword arguments: url, json, ...
    expected: tuple[int, ...]  # one status per column of COLUMNS


def _none(_: LiveSuite) -> dict[str, Any]:
    return {}


def _photo_url(s: LiveSuite) -> str:
    return f"/sync/photos/{s.data['inspection']['_id']}/{s.data['sha256']}"


def _batch(s: LiveSuite) -> dict[str, Any]:
    photo: bytes = s.data["photo"]
    manifest = {"parts": [{"inspection_id": s.data["inspection"]["_id"], "sha256": s.data["sha256"],
                           "offset": 0, "length": 10, "total": len(photo)}]}
    return {"content": json.dumps(manifest).encode() + b"\n" + photo[:10],
            "headers": {"content-type": "application/octet-stream"}}


def _draft(template_id: str) -> dict[str, Any]:
    from tests.support.templates import make_template

    doc = make_template(template_id=template_id, status="draft")
    return {k: v for k, v in doc.items() if k != "_id"}


OPEN = (200,) * 7
SIGNED_IN = (200, 200, 200, 200, 200, 401, 401)
INSPECTORS = (403, 403, 403, 200, 200, 401, 401)
INSPECTOR_INSIDE = (403, 403, 403, 200, 403, 401, 401)
STAFF = (200, 200, 200, 403, 403, 401, 401)
PAST_THE_DOOR_TO_STAFF = (404, 404, 404, 403, 403, 401, 401)  # let in, then nothing there


def _admin(status: int) -> tuple[int, ...]:
    return (status, 403, 403, 403, 403, 401, 401)


HEALTH = {
    ("GET", "/health/live"): Row(_none, OPEN),
    ("GET", "/health/ready"): Row(_none, OPEN),
}

MATRIX: dict[tuple[str, str, str], Row] = {
    **{("sync", m, p): row for (m, p), row in HEALTH.items()},
    ("sync", "POST", "/auth/login"): Row(lambda s: {"json": {"name": LOGIN_USER, "password": PASSWORD}}, OPEN),
    ("sync", "POST", "/auth/refresh"): Row(_none, SIGNED_IN),
    ("sync", "POST", "/sync"): Row(lambda s: {"json": {"push": [], "pull": False}}, INSPECTORS),
    ("sync", "GET", "/sync/photos/{inspection_id}/{sha256}"): Row(lambda s: {"url": _photo_url(s)},
                                                                  INSPECTOR_INSIDE),
    ("sync", "PUT", "/sync/photos/{inspection_id}/{sha256}"): Row(
        lambda s: {"url": _photo_url(s), "params": {"offset": 0, "total": len(s.data["photo"])},
                   "content": s.data["photo"][:10], "headers": {"content-type": "application/octet-stream"}},
        INSPECTOR_INSIDE),
    ("sync", "POST", "/sync/photos"): Row(_batch, INSPECTORS),  # a part out of reach is refused on its own
    ("sync", "POST", "/sync/photos/status"): Row(
        lambda s: {"json": {"photos": [{"inspection_id": s.data["inspection"]["_id"], "sha256": s.data["sha256"]}]}},
        INSPECTORS),
    **{("review", m, p): row for (m, p), row in HEALTH.items()},
    ("review", "GET", "/api/users"): Row(_none, STAFF),
    ("review", "POST", "/api/users"): Row(
        lambda s: {"json": {"name": "authz.new", "password": PASSWORD, "role": "inspector",
                            "jurisdiction": {"level": "county", "codes": ["540102"]}}}, _admin(201)),
    ("review", "GET", "/api/users/{name}"): Row(lambda s: {"url": f"/api/users/{TARGET_USER}"}, _admin(200)),
    ("review", "PATCH", "/api/users/{name}"): Row(
        lambda s: {"url": f"/api/users/{TARGET_USER}", "json": {"display_name": "Target"}}, _admin(200)),
    ("review", "POST", "/api/users/{name}/password"): Row(
        lambda s: {"url": f"/api/users/{TARGET_USER}/password", "json": {"password": "another-pass-77"}},
        _admin(200)),
    ("review", "POST", "/api/users/{name}/deactivate"): Row(
        lambda s: {"url": f"/api/users/{TARGET_USER}/deactivate"}, _admin(200)),
    ("review", "POST", "/api/users/{name}/revoke"): Row(lambda s: {"url": f"/api/users/{TARGET_USER}/revoke"},
                                                        _admin(200)),
    ("review", "POST", "/api/users/{name}/unlock"): Row(lambda s: {"url": f"/api/users/{TARGET_USER}/unlock"},
                                                        _admin(200)),
    ("review", "POST", "/venues/import"): Row(
        lambda s: {"files": {"file": ("venues.csv", csv_bytes(GOOD), "text/csv")}}, _admin(200)),
    ("review", "GET", "/venues"): Row(_none, STAFF),
    ("review", "POST", "/venues/{venue_id}/verify"): Row(  # no such venue: past the door, nothing there
        lambda s: {"url": "/venues/field-00000000-0000-4000-8000-000000000000/verify"}, PAST_THE_DOOR_TO_STAFF),
    ("review", "GET", "/api/templates"): Row(_none, SIGNED_IN),
    ("review", "POST", "/api/templates"): Row(lambda s: {"json": _draft("authz-new")}, _admin(201)),
    ("review", "GET", "/api/templates/{template_id}/versions/{version}"): Row(
        lambda s: {"url": "/api/templates/bank-basic/versions/1"}, SIGNED_IN),
    ("review", "PUT", "/api/templates/{template_id}/versions/{version}"): Row(  # published: immutable
        lambda s: {"url": "/api/templates/bank-basic/versions/1", "json": s.data["template"]}, _admin(409)),
    ("review", "POST", "/api/templates/{template_id}/versions/{version}/publish"): Row(
        lambda s: {"url": "/api/templates/authz-draft/versions/1/publish"}, _admin(200)),
    **{("notices", m, p): row for (m, p), row in HEALTH.items()},
    # The review pages' JSON API (docs/review.md): supervisors and administrators, each within reach.
    ("review", "GET", "/api/review/queue"): Row(_none, STAFF),
    ("review", "GET", "/api/review/stats"): Row(_none, STAFF),
    ("review", "GET", "/api/review/index"): Row(_none, STAFF),
    ("review", "GET", "/api/review/deadlines"): Row(_none, STAFF),
    ("review", "GET", "/api/review/export/{which}.{fmt}"): Row(
        lambda s: {"url": "/api/review/export/stats.csv"}, STAFF),
    ("review", "GET", "/api/review/inspections/{inspection_id}"): Row(
        lambda s: {"url": f"/api/review/inspections/{s.data['inspection']['_id']}"}, STAFF),
    # The photo is named by the inspection but not uploaded: past the door, there is nothing.
    ("review", "GET", "/api/review/inspections/{inspection_id}/photos/{sha256}"): Row(
        lambda s: {"url": f"/api/review/inspections/{s.data['inspection']['_id']}/photos/{s.data['sha256']}"},
        PAST_THE_DOOR_TO_STAFF),
    # An action that does not exist: the door is checked before the action.
    ("review", "POST", "/api/review/inspections/{inspection_id}/{action}"): Row(
        lambda s: {"url": f"/api/review/inspections/{s.data['inspection']['_id']}/no-such-action", "json": {}},
        PAST_THE_DOOR_TO_STAFF),
    # The notices service's API for the review pages: a request or notice that does not exist.
    ("notices", "GET", "/api/notice-requests/{request_id}"): Row(
        lambda s: {"url": "/api/notice-requests/notice_request:00000000-0000-4000-8000-000000000000"},
        PAST_THE_DOOR_TO_STAFF),
    ("notices", "GET", "/api/notices/{number}/answers"): Row(
        lambda s: {"url": "/api/notices/5401-2026-9999/answers"}, PAST_THE_DOOR_TO_STAFF),
}
