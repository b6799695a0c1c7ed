"""Scenario 4: the CouchDB-protocol server crashes (SIGKILL) in the middle of a sync and is started
again on the same data directory and port.

While it is down the service must answer ``503 application/problem+json`` with the code
``database_unavailable`` (never a 500), for a push, a photo status and a photo chunk alike; the
phone's client retries, gives up for now, and the next sync (after the database is back) resumes.

- ``push-written``: CouchDB dies after receiving part (or all) of the ``_bulk_docs`` of a batch;
- ``chunk-stored``: CouchDB dies after receiving part (or all) of a chunk the service stores.
"""

import json
import random

import httpx
import pytest

from bench.link import LinkProfile
from services.sync.photos.service import drop_abandoned_uploads
from tests.faults.exactly_once import assert_exactly_once, assert_photos_resumed, make_day, seed_day
from tests.faults.phone import sync_until_complete, token
from tests.faults.rig import CHUNK

FIELD = LinkProfile("field", 20e6, 10e6, 0.01)
POINTS = {"push-written": (b"_bulk_docs", 7000), "chunk-stored": (b"sync/upload", 4500)}
CASES = [("push-written", 401), ("chunk-stored", 402)]


def _problems_while_down(rig, day, bearer):
    """What the service answers, straight (not through the phone link), while CouchDB is down."""
    doc = day.docs[0]
    sha = next(iter(day.photos))
    answers = []
    with httpx.Client(
        base_url=rig.service.url, headers={"authorization": f"Bearer {bearer}"}, timeout=10
    ) as http:
        answers.append(
            http.post("/sync", json={"push": [{"doc": doc, "base_rev": None}], "checkpoint": None})
        )
        answers.append(http.get(f"/sync/photos/{doc['_id']}/{sha}"))
        answers.append(
            http.put(
                f"/sync/photos/{doc['_id']}/{sha}",
                params={"offset": 0, "total": 10},
                content=b"0123456789",
                headers={"content-type": "application/octet-stream"},
            )
        )
        part = {"inspection_id": doc["_id"], "sha256": sha, "offset": 0, "length": 10, "total": 10}
        answers.append(
            http.post(
                "/sync/photos",
                content=json.dumps({"parts": [part]}).encode() + b"\n0123456789",
                headers={"content-type": "application/octet-stream"},
            )
        )
        answers.append(
            http.post("/sync/photos/status", json={"photos": [{"inspection_id": doc["_id"], "sha256": sha}]})
        )
    return answers


@pytest.mark.parametrize("point,seed", CASES, ids=[f"{p}-seed{s}" for p, s in CASES])
def test_a_database_restarted_mid_sync_costs_a_503_and_nothing_else(make_rig, point, seed):
    rig = make_rig(seed, FIELD)
    day = make_day(seed)
    seed_day(rig.admin, day)
    context = (
        f"{point} seed {seed} (re-run: make test "
        f"PYTEST_ARGS='tests/faults/test_database_restart.py -k {point}-seed{seed}')"
    )
    marker, most = POINTS[point]
    offset = random.Random(seed).randint(0, most)
    rig.when_couch_gets(marker, offset, rig.own_couch.kill)
    bearer = token(rig)
    restarts = rig.own_couch.restarts
    seen_down = []

    def while_down(outcome):
        if not rig.own_couch.running():
            seen_down.extend(_problems_while_down(rig, day, bearer))

    outcome = sync_until_complete(rig, day, bearer, context, between=while_down)
    print(
        f"{context}: CouchDB killed at {offset} bytes past {marker!r}; {outcome.attempts} syncs, "
        f"healed {outcome.healed}; the phone gave up {len(outcome.gave_up)} times"
    )
    assert rig.own_couch.restarts == restarts + 1, f"{context}: CouchDB was not restarted once"
    assert seen_down, f"{context}: the phone never gave up while CouchDB was down"
    for answer in seen_down:
        assert answer.status_code == 503, (
            f"{context}: {answer.request.method} {answer.request.url.path} answered {answer.status_code} "
            f"{answer.text[:300]}"
        )
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "database_unavailable"
    phone_saw = [e for e in rig.log.entries if e.status == 503]
    assert phone_saw and all(
        e.code == "database_unavailable" and e.media_type == "application/problem+json"
        for e in phone_saw
    ), f"{context}: the phone saw {phone_saw}"
    assert 500 not in rig.log.statuses(), f"{context}: the service answered 500"
    # A crash between attaching a photo and deleting its upload leaves the upload: the daily tidy-up
    # deletes it (only uploads whose photo is attached, or a month old, go).
    print(f"{context}: the tidy-up deleted {drop_abandoned_uploads(rig.admin)} upload(s)")
    assert_exactly_once(rig.admin, day, context)
    assert_photos_resumed(rig.log.entries, day, CHUNK, context)
