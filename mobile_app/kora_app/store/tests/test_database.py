"""The store file: WAL, schema version and migrations on open, a full disk that damages nothing."""

import sqlite3

import pytest

from mobile_app.kora_app.conftest import NOW
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.store.errors import DiskFull
from mobile_app.kora_app.store.migrations import SCHEMA_VERSION


def test_opening_makes_a_wal_store_at_the_current_schema_version_and_reopening_keeps_it(tmp_path):
    path = tmp_path / "kora.sqlite3"
    with Store(path) as store:
        assert store.value("PRAGMA journal_mode") == "wal"
        assert store.value("PRAGMA user_version") == SCHEMA_VERSION
        store.set_setting("language", "bo")
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION and store.setting("language") == "bo"
        assert store.integrity_problems() == []


def test_a_store_from_a_newer_app_is_refused_rather_than_misread(tmp_path):
    path = tmp_path / "kora.sqlite3"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(RuntimeError, match="newer than this app"):
        Store(path)


def _fill_disk(store: Store) -> None:
    # SQLite answers "database or disk is full" when the file may not grow: the very error of a full flash.
    pages = store.value("PRAGMA page_count")
    store.connection.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_gives_a_clear_message_and_keeps_every_answer_saved_before(store, template):
    venue = catalog.venue(store, "v0")
    draft = inspections.start(store, venue=venue, template_id="bank-basic", template_version=1,
                              inspector="dolma", now=NOW)
    inspections.set_answer(store, draft, "item-01", "yes", NOW, note="有现金窗口")
    before = inspections.answers(store, draft)
    _fill_disk(store)
    with pytest.raises(DiskFull) as caught:
        for n in range(2, 61):
            inspections.set_answer(store, draft, f"item-{n:02d}", "no", NOW, note="很长的备注" * 400)
    assert caught.value.code == "disk_full" and caught.value.message == Message("error:disk_full")
    assert inspections.answers(store, draft)["item-01"] == before["item-01"]
    assert store.integrity_problems() == []
    store.connection.execute("PRAGMA max_page_count = 1073741823")  # room again: work goes on
    inspections.set_answer(store, draft, "item-60", "yes", NOW)
    assert inspections.answers(store, draft)["item-60"]["value"] == "yes"
