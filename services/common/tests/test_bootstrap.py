"""Bootstrap against the real CouchDB-protocol server: idempotent, and every database locked down."""

import json

from services.common import bootstrap as bootstrap_module
from services.common.bootstrap import SECURITY, bootstrap, database_names


def test_creates_every_database_with_a_security_object(couch, raw_couch):
    for short in database_names():
        name = couch.name(short)
        assert raw_couch.get(f"/{name}").status_code == 200
        assert raw_couch.get(f"/{name}/_security").json() == SECURITY


def test_second_run_changes_nothing(couch):
    assert not bootstrap(couch).changed_anything


def test_changed_design_document_is_updated_once(couch, tmp_path, monkeypatch):
    folder = tmp_path / "couchdb"
    folder.mkdir()
    (folder / "databases.json").write_text(json.dumps({"venues": {}}))
    (folder / "venues").mkdir()
    design = folder / "venues" / "design-probe.json"
    design.write_text(json.dumps({"views": {"all": {"map": "function (doc) { emit(doc._id, null); }"}}}))
    monkeypatch.setattr(bootstrap_module, "COUCHDB_DIR", folder)
    assert bootstrap(couch).changed == [f"{couch.name('venues')}/_design/probe"]
    assert not bootstrap(couch).changed_anything
    design.write_text(json.dumps({"views": {"all": {"map": "function (doc) { emit(doc.type, null); }"}}}))
    assert bootstrap(couch).changed == [f"{couch.name('venues')}/_design/probe"]
    stored = couch.http.get(f"/{couch.name('venues')}/_design/probe").json()
    assert "doc.type" in stored["views"]["all"]["map"]
