"""Positions on a phone that ran the app before positions were recorded: migrated, and said to be missing."""

import sqlite3

from mobile_app.kora_app.store import inspections, positions
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.store.migrations import MIGRATIONS, _statements


def test_a_store_of_the_first_version_gains_the_columns_and_keeps_its_drafts(tmp_path):
    path = tmp_path / "kora.sqlite3"
    old = sqlite3.connect(path)
    for statement in _statements(MIGRATIONS[0]):
        old.execute(statement)
    old.execute("INSERT INTO inspections (inspection_id, venue_id, county_code, inspector, template_id, "
                "template_version, started_at, gps, state, updated_at) VALUES ('d1', 'v0', '540102', 'dolma', "
                "'bank-basic', 1, '2026-05-04T10:00:00Z', NULL, 'draft', '2026-05-04T10:00:00Z')")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    with Store(path) as store:
        head = inspections.header(store, "d1")
        assert positions.of(head) == {"started": {"position": None, "missing": positions.NOT_RECORDED},
                                      "finished": {"position": None, "missing": None}}
        with store.transaction() as db:
            positions.record(db, "d1", "finished", None, "gps_off")
            positions.record(db, "d1", "started", {"lat": 29.65, "lon": 91.13, "source": "settings"}, None)
        assert positions.of(inspections.header(store, "d1")) == {
            "started": {"position": {"lat": 29.65, "lon": 91.13, "source": "settings"}, "missing": None},
            "finished": {"position": None, "missing": "gps_off"}}
