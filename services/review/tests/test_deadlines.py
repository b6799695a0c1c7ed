"""Deadlines: open notices by state, and overdue venues reaching the inspectors as assignments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.review.tests.conftest import sign_in
from services.review.tests.test_stats import _notice
from services.review.tests.world import inspector
from services.sync.pull.checkpoint import Checkpoint, scope_of
from services.sync.pull.service import pull


def _at(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_overdue_and_due_soon_notices_and_the_reinspection_assignment(client, couch, world):
    _notice(couch, "N-LATE", "540102", _at(-3))
    _notice(couch, "N-SOON", "540103", _at(2))
    _notice(couch, "N-LATER", "540103", _at(40))
    _notice(couch, "N-DONE", "540102", _at(-10), closed_at=_at(-12))
    sign_in(client, "lhasa.sup")
    answer = client.get("/api/review/deadlines").json()
    assert {n["number"]: n["state"] for n in answer["notices"]} == {"N-LATE": "overdue", "N-SOON": "due_soon",
                                                                    "N-LATER": "open"}
    assert answer["counties"]["540103"] == {"open": 2, "due_soon": 1, "overdue": 0}
    dawa = inspector("dawa", "540102")
    payload, _, _ = pull(couch, dawa, Checkpoint(who=scope_of(dawa)))
    assert [(a["notice_number"], a["reason"]) for a in payload["assignments"]] == [("N-LATE", "overdue_notice")]
    other = inspector("tashi", "540103")
    assert pull(couch, other, Checkpoint(who=scope_of(other)))[0]["assignments"] == []
