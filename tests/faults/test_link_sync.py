"""The real sync client through the link simulator to the sync service (in this process) and the
session's CouchDB: a smoke test of the wiring on a lossy fast link, and seeded cuts.

The scenarios with the service as its own process, its own CouchDB, kills and restarts are in the
other modules of this folder. Retries here do not wait (``sleep`` is a no-op): the link comes back
at once, so waiting would only make the test slow.
"""

from urllib.parse import urlsplit

import pytest

from bench.link import LinkProfile, link
from mobile_app.kora_app.sync import SyncClient, SyncError
from services.sync.app import create_app
from tests.faults.exactly_once import INSPECTOR, assert_exactly_once, make_day, seed_day
from tests.support.link_faults import faulty_link
from tests.support.sync_data import running_service, token_for

FAST = LinkProfile("fast", 100e6, 100e6, 0.002, loss=0.05)


def _client(url, settings):
    return SyncClient(
        url, token_for(settings, INSPECTOR), chunk_size=4096, timeout=10, sleep=lambda s: None
    )


def test_one_inspection_over_a_lossy_fast_link_arrives_exactly_once(settings, couch):
    day = make_day(1, inspections=1)
    seed_day(couch, day)
    with running_service(create_app(settings)) as url:
        target = urlsplit(url)
        with link(target.hostname, target.port, FAST, seed=3) as proxy:
            with _client(f"http://127.0.0.1:{proxy.port}", settings) as client:
                result = client.sync(day.docs, day.photos, None)
            counts = proxy.counters.snapshot()
    assert result.complete == [day.docs[0]["_id"]]
    assert counts["bytes_up"] > sum(len(p) for p in day.photos.values()) and counts["connects"] >= 1
    assert counts["exchanges"] >= 1
    assert_exactly_once(couch, day, "lossy fast link")


@pytest.mark.parametrize("cut_seed", [11, 12, 13])
def test_connections_cut_in_requests_and_replies_still_deliver_exactly_once(
    settings, couch, cut_seed
):
    day = make_day(cut_seed, inspections=3)
    seed_day(couch, day)
    complete: set[str] = set()
    with running_service(create_app(settings)) as url:
        target = urlsplit(url)
        with faulty_link(target.hostname, target.port, FAST, seed=cut_seed, cut_rate=(0.05, 0.3)) as proxy:
            for _ in range(40):  # bounded: each attempt makes progress or meets a fresh cut
                try:
                    with _client(f"http://127.0.0.1:{proxy.port}", settings) as client:
                        result = client.sync(day.docs, day.photos, None)
                    complete = set(result.complete)
                    if complete == day.ids():
                        break
                except SyncError as exc:  # a cut the client gave up on: sync again
                    assert exc.code == "network", f"seed {cut_seed}: {exc}"
            cuts = proxy.counters.snapshot()["cuts"]
    assert complete == day.ids()
    assert cuts > 0, f"seed {cut_seed}: the scenario cut no connection"
    assert_exactly_once(couch, day, f"seed {cut_seed}")
