"""Scenario 3: the sync service is SIGKILLed in the middle of its work, and started again on the
same port; the phone, syncing again, must resume.

Each case arms a byte trigger in one of the two links, at a seeded number of bytes past a marker:

- ``push-request``: the service has received part (or all) of a ``POST /sync`` push batch;
- ``push-written``: CouchDB has received part (or all) of the ``_bulk_docs`` storing the batch:
  the batch may be stored while the phone never hears of it;
- ``photo-batch``: the service has received part of a photo batch ``POST /sync/photos`` (its
  manifest, a photo in it, or between two);
- ``photo-put``: the same for a phone that sends one photo per ``PUT``;
- ``photo-attach``: CouchDB has received part (or all) of the photo being attached to its
  inspection, and the service is killed there or somewhere in what follows (tidying the partial
  upload, the next chunk);

and, with its own test, the service killed the moment CouchDB's answer to a photo attach reaches
it: the photo is attached, the partial upload it was joined from is not deleted yet.

The trigger is armed again once it fired, so the service is killed up to twice per case (the
second time only if the marker passes again: a stored batch is not written a second time).
"""

import random

import pytest

from bench.link import LinkProfile
from services.sync.photos.service import drop_abandoned_uploads
from tests.faults.exactly_once import assert_exactly_once, assert_photos_resumed, make_day, seed_day
from tests.faults.phone import sync_until_complete, token
from tests.faults.rig import CHUNK

FIELD = LinkProfile("field", 20e6, 10e6, 0.01)
KILLS = 2

# case: (which link sees the marker, the marker, the range of bytes past it)
# ({prefix} stands for the scenario's database prefix)
POINTS = {
    "push-request": ("phone", b"POST /sync ", (0, 1500)),
    "push-written": ("couch", b"_bulk_docs", (0, 7000)),
    "photo-batch": ("phone", b"POST /sync/photos HTTP", (0, 17000)),
    "photo-put": ("phone", b"PUT /sync/photos/", (0, 16000)),
    # Only photo attaches PUT there; the kill may cut the attach itself. The local CouchDB-protocol
    # server then stores an EMPTY attachment (docs/sync-faults.md), which the service must treat as
    # missing (services/sync/photos/attached.py) and attach again.
    "photo-attach": ("couch", b"PUT /{prefix}inspections/", (0, 25000)),
}
CASES = [("push-request", 301), ("push-written", 302), ("photo-batch", 303), ("photo-attach", 304),
         ("photo-put", 306)]
OLD_PHONE = {"photo-put"}  # one photo per request


@pytest.mark.parametrize("point,seed", CASES, ids=[f"{p}-seed{s}" for p, s in CASES])
def test_a_service_killed_mid_batch_and_restarted_loses_and_duplicates_nothing(
    make_rig, point, seed
):
    rig = make_rig(seed, FIELD)
    day = make_day(seed)
    seed_day(rig.admin, day)
    context = (
        f"{point} seed {seed} (re-run: make test "
        f"PYTEST_ARGS='tests/faults/test_service_killed.py -k {point}-seed{seed}')"
    )
    where, marker, (least, most) = POINTS[point]
    marker = marker.replace(b"{prefix}", rig.settings.kora_db_prefix.encode())
    watch = rig.when_service_gets if where == "phone" else rig.when_couch_gets
    rng = random.Random(seed)
    offsets: list[int] = []

    def kill() -> None:
        rig.service.kill()
        if len(offsets) < KILLS:
            arm()

    def arm() -> None:
        offsets.append(rng.randint(least, most))
        watch(marker, offsets[-1], kill)

    arm()
    outcome = sync_until_complete(rig, day, token(rig), context, batch=point not in OLD_PHONE)
    print(
        f"{context}: killed {rig.service.starts - 1} times at {offsets} bytes past {marker!r}; "
        f"{outcome.attempts} syncs, healed {outcome.healed}"
    )
    assert rig.service.starts >= 2, f"{context}: the service was never killed"
    # A kill between attaching a photo and deleting its upload leaves the upload: the daily tidy-up
    # deletes it (only uploads whose photo is attached, or a month old, go).
    print(f"{context}: the tidy-up deleted {drop_abandoned_uploads(rig.admin)} upload(s)")
    assert_exactly_once(rig.admin, day, context)
    assert_photos_resumed(rig.log.entries, day, CHUNK, context)
    assert 500 not in rig.log.statuses(), f"{context}: the service answered 500"


def test_a_service_killed_between_attaching_a_photo_and_tidying_its_upload_leaves_nothing_behind(
    make_rig,
):
    seed = 305
    rig = make_rig(seed, FIELD)
    day = make_day(seed)
    seed_day(rig.admin, day)
    context = (
        f"upload-tidy seed {seed} (re-run: make test PYTEST_ARGS='tests/faults/"
        "test_service_killed.py -k tidying')"
    )
    first = day.docs[0]["_id"]
    attach = f"PUT /{rig.settings.kora_db_prefix}inspections/{first}/".encode()
    # Once CouchDB has the attach request, kill the service as the attach answer reaches it.
    answer = f'"id":"{first}","rev":"'.encode()
    rig.when_couch_gets(
        attach, 0, lambda: rig.couch_link.when_seen("down", answer, rig.service.kill)
    )
    outcome = sync_until_complete(rig, day, token(rig), context)
    print(f"{context}: {outcome.attempts} syncs, healed {outcome.healed}")
    assert rig.service.starts == 2, f"{context}: the service was not killed"
    # The phone never asks about a photo the server holds, so the daily tidy-up deletes the upload.
    tidied = drop_abandoned_uploads(rig.admin)
    print(f"{context}: the tidy-up deleted {tidied} upload(s) whose photo was attached")
    assert_exactly_once(rig.admin, day, context)
    assert_photos_resumed(rig.log.entries, day, CHUNK, context)
