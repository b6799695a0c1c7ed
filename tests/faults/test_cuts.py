"""Scenario 1: connections cut at random bytes of requests and of replies, on a link with delays.

The cut points are byte offsets drawn from the seed in each direction (tests/support/link_faults.py), so a failing
seed replays the same cuts. Replies are short, so they are cut at a higher rate per byte than
requests, to land in push answers, photo statuses and pull pages alike.
"""

import pytest

from bench.link import LinkProfile
from tests.faults.exactly_once import assert_exactly_once, assert_photos_resumed, make_day, seed_day
from tests.faults.phone import sync_until_complete, token
from tests.faults.rig import CHUNK

# 10 ms round trip, and 2 % of segments held back a retransmission timeout (200 ms).
FIELD = LinkProfile("field", 20e6, 10e6, 0.01, loss=0.02)
# Photo batches (the client's default), and one seed for a phone sending one photo per PUT.
CASES = [(101, True), (102, True), (103, True), (104, False)]


@pytest.mark.parametrize("seed,batch", CASES, ids=[f"seed{s}" + ("" if b else "-one-photo-per-put") for s, b in CASES])
def test_cuts_anywhere_in_requests_and_replies_deliver_the_day_exactly_once(make_rig, seed, batch):
    rig = make_rig(seed, FIELD, cut_rate=(0.08, 0.6))
    day = make_day(seed)
    seed_day(rig.admin, day)
    context = (
        f"seed {seed} (re-run: make test PYTEST_ARGS='tests/faults/test_cuts.py -k seed{seed}')"
    )
    outcome = sync_until_complete(rig, day, token(rig), context, batch=batch)
    counts = rig.phone_link.counters.snapshot()
    print(f"{context}: {outcome.attempts} syncs, {counts}")
    assert counts["cuts"] >= 5, f"{context}: the link cut only {counts['cuts']} times"
    _assert_the_photo_path_was_cut(rig.log.entries, batch, context)
    assert_exactly_once(rig.admin, day, context)
    assert_photos_resumed(rig.log.entries, day, CHUNK, context)
    assert 500 not in rig.log.statuses(), f"{context}: the service answered 500"


def _assert_the_photo_path_was_cut(entries, batch, context):
    """The scenario exercised the photo path it is about: some of its requests failed mid-way."""
    path = "/sync/photos" if batch else "/sync/photos/"
    tries = [e for e in entries if (e.path == path if batch else e.path.startswith(path) and e.method == "PUT")]
    assert tries, f"{context}: no photo went through {path}"
    assert any(e.status is None for e in tries), f"{context}: no photo request was cut"
    if batch:
        assert any(len(e.parts) > 1 for e in tries), f"{context}: no batch carried several photos"
