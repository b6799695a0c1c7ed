"""A photo file leaves the disk only when the server holds it, its inspection is final here, and a week passed."""

import os
import time
from datetime import UTC, datetime, timedelta

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.photos import camera, retention
from mobile_app.kora_app.photos.tests.test_camera import camera_jpeg
from mobile_app.kora_app.store import catalog, inspections


def _with_photo(store):
    draft = inspections.start(store, venue=catalog.venue(store, "v0"), template_id="bank-basic",
                              template_version=1, inspector="dolma", now=NOW)
    inspections.set_answer(store, draft, "item-01", "no", NOW)
    return draft, camera.take(store, draft, "item-01", camera_jpeg((800, 600), 1), NOW)


def _state(store, draft, state):
    with store.transaction() as db:
        db.execute("UPDATE inspections SET state = ? WHERE inspection_id = ?", (state, draft))


def test_a_confirmed_photo_of_a_sent_inspection_goes_after_the_week_and_not_before(store):
    draft, sha256 = _with_photo(store)
    confirmed = datetime(2026, 5, 4, 12, tzinfo=UTC)
    retention.confirm(store, [draft], confirmed.isoformat())
    _state(store, draft, "returned")  # editable again: kept whatever the date
    assert retention.sweep(store, confirmed + timedelta(days=30)) == []
    _state(store, draft, "sent")
    assert retention.sweep(store, confirmed + timedelta(days=6)) == []
    assert retention.sweep(store, confirmed + timedelta(days=8)) == [sha256]
    assert not camera.path_for(store, sha256).exists()


def test_an_unconfirmed_photo_stays_and_an_old_file_nobody_names_goes(store):
    draft, sha256 = _with_photo(store)
    _state(store, draft, "sent")
    orphan = store.photos_dir / ("0" * 64 + ".jpg")
    orphan.write_bytes(b"left by a kill")
    old = time.time() - 2 * retention.ORPHAN_SECONDS
    os.utime(orphan, (old, old))
    assert retention.sweep(store, datetime(2027, 1, 1, tzinfo=UTC)) == []
    assert camera.path_for(store, sha256).exists() and not orphan.exists()
