"""A pull stored with its checkpoint in one transaction; templates kept by exact version."""

import pytest

from mobile_app.kora_app.conftest import COUNTY, NOW, first_pull
from mobile_app.kora_app.message import Message
from mobile_app.kora_app.store import catalog
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.store.errors import TemplateMissing
from schemas.rules.jurisdiction import Jurisdiction
from tests.support.sync_data import make_venue
from tests.support.templates import make_template


def test_a_later_template_version_is_added_and_the_one_a_draft_uses_stays(store, template):
    newer = make_template(version=2, items=12)
    catalog.apply_pull(store, {"full": True, "templates": [newer]}, "cp-2", NOW)
    assert catalog.template(store, "bank-basic", 1) == template
    assert catalog.template(store, "bank-basic")["version"] == 2
    with pytest.raises(TemplateMissing) as caught:
        catalog.template(store, "bank-basic", 3)
    assert caught.value.message == Message("error:template_missing") and caught.value.version == 3


def test_the_checkpoint_is_stored_only_with_what_the_pull_brought(store):
    bad_pull = {"venues": [make_venue("new", COUNTY), {"venue_id": "broken"}]}  # the second cannot be stored
    with pytest.raises(KeyError):
        catalog.apply_pull(store, bad_pull, "cp-2", NOW)
    assert catalog.checkpoint(store) == "cp-1" and catalog.venue(store, "new") is None


def test_full_pull_replaces_venues_and_removed_ones_go(store):
    catalog.apply_pull(store, {"venues_removed": ["v1", "never-had"]}, "cp-2", NOW)
    assert catalog.venue(store, "v1") is None and catalog.venue(store, "v2") is not None
    catalog.apply_pull(store, {"full": True, "venues": [make_venue("only", COUNTY)]}, "cp-3", NOW)
    assert [v["venue_id"] for v in catalog.search_venues(store)] == ["only"]
    assert catalog.checkpoint(store) == "cp-3" and catalog.last_pull_at(store) == NOW


def test_venues_outside_the_inspectors_counties_are_not_kept(tmp_path, template):
    pull = first_pull(template)
    pull["venues"].append(make_venue("far", "540103"))
    with Store(tmp_path / "k.sqlite3") as store:
        catalog.apply_pull(store, pull, "cp", NOW, reach=Jurisdiction("county", (COUNTY,)))
        assert catalog.venue(store, "far") is None and catalog.venue(store, "v0") is not None


@pytest.mark.parametrize("query", ["银行", "དངུལ་ཁང", "yh", "yinhang", "zhihang", "YH", "slyh"])
def test_venues_are_found_by_chinese_tibetan_and_pinyin(store, query):
    assert [v["venue_id"] for v in catalog.search_venues(store, query)] == ["v0"]


def test_a_query_that_spells_nothing_finds_nothing(store):
    assert catalog.search_venues(store, "xyz") == [] and len(catalog.search_venues(store, "")) == 5
