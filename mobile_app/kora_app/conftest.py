"""Fixtures of the phone's own tests: a store in a temporary folder, filled as a first pull would;
the real sync service (uvicorn on a free port, the real local CouchDB) for the tests that sync."""

from __future__ import annotations

import pytest

from mobile_app.kora_app.store import catalog
from mobile_app.kora_app.store.database import Store
from services.sync.app import create_app
from tests.support.sync_data import make_venue, running_service
from tests.support.templates import make_template

COUNTY = "540102"
NOW = "2026-05-04T10:00:00Z"


def first_pull(template: dict) -> dict:
    venues = [make_venue(f"v{i}", COUNTY) for i in range(5)]
    venues[0]["name"] = {"zh": "示例银行城关支行", "bo": "དཔེ་མཚོན་དངུལ་ཁང་།"}
    venues[0]["venue_type"] = "bank"
    return {"full": True, "templates": [template], "venues": venues, "venues_removed": [],
            "regions": [{"_id": f"region:{COUNTY}", "type": "region", "code": COUNTY, "level": "county",
                         "parent": "540100", "name": {"zh": "城关区", "bo": "ཁྲིན་ཀོན་ཁུལ།"}}],
            "notices": [], "notices_removed": [], "returned": [], "assignments": []}


@pytest.fixture
def template() -> dict:
    return make_template(items=60, photo="on_no")


@pytest.fixture
def store(tmp_path, template):
    with Store(tmp_path / "kora.sqlite3") as opened:
        catalog.apply_pull(opened, first_pull(template), "cp-1", NOW)
        yield opened


@pytest.fixture
def server(settings, couch):
    with running_service(create_app(settings)) as url:
        yield url
