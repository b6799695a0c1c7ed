"""Scenario 2: drop after act. The request reaches the service whole, the service acts (stores the
batch, a chunk, a whole photo) and answers, and the link drops the connection before the phone
sees a byte of the answer. The phone must retry without creating anything twice.
"""

import pytest

from bench.link import LinkProfile
from tests.faults.exactly_once import assert_exactly_once, assert_photos_resumed, make_day, seed_day
from tests.faults.phone import sync_until_complete, token
from tests.faults.rig import CHUNK

FIELD = LinkProfile("field", 20e6, 10e6, 0.01, loss=0.02)
CASES = [(201, 0.0), (202, 0.0), (203, (0.05, 0.3))]  # the last one cuts as well


@pytest.mark.parametrize("seed,cut_rate", CASES, ids=[f"seed{s}" for s, _ in CASES])
def test_replies_lost_after_the_service_acted_leave_the_day_stored_exactly_once(
    make_rig, seed, cut_rate
):
    rig = make_rig(seed, FIELD, cut_rate=cut_rate, drop_rate=0.35)
    day = make_day(seed)
    seed_day(rig.admin, day)
    context = f"seed {seed} (re-run: make test PYTEST_ARGS='tests/faults/test_drop_after_act.py -k seed{seed}')"
    outcome = sync_until_complete(rig, day, token(rig), context)
    counts = rig.phone_link.counters.snapshot()
    print(f"{context}: {outcome.attempts} syncs, {counts}")
    assert counts["drops"] >= 2, f"{context}: only {counts['drops']} replies were dropped"
    batches = [e for e in rig.log.entries if e.path == "/sync/photos"]
    assert any(e.status is None for e in batches), f"{context}: no photo batch lost its answer"
    assert_exactly_once(rig.admin, day, context)
    assert_photos_resumed(rig.log.entries, day, CHUNK, context)
    assert 500 not in rig.log.statuses(), f"{context}: the service answered 500"
