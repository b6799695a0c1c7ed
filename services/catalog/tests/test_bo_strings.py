"""Stable keys for every Tibetan string of the catalog files."""

import pytest

from services.catalog.bo_strings import load_files, template_strings
from services.catalog.tests.catalog_copy import make_catalog_copy
from tests.support.templates import template


def test_template_keys_follow_ids_not_positions():
    keys = [s.key for s in template_strings(template(), "catalog/templates/bank.json")]
    base = "catalog/templates/bank.json#"
    assert keys[:4] == [
        f"{base}/title",
        f"{base}/sections[cash]/title",
        f"{base}/sections[cash]/items[bank.cash.accepted]/requirement",
        f"{base}/sections[cash]/items[bank.cash.accepted]/guidance",
    ]
    assert f"{base}/sections[help]/items[bank.help.glasses]/answer/choices[absent]/label" in keys
    reordered = template()
    reordered["sections"].reverse()
    assert sorted(
        s.key for s in template_strings(reordered, "catalog/templates/bank.json")
    ) == sorted(keys)


def test_files_give_template_and_region_strings_and_set_changes_in_place(tmp_path):
    files = load_files(make_catalog_copy(tmp_path))
    assert [f.name for f in files] == [
        "catalog/templates/bank.json",
        "catalog/templates/shop.json",
        "regions/regions.json",
    ]
    regions = files[2].strings()
    assert len(regions) == 81 and regions[0].key == "regions/regions.json#/regions[540100]/name"
    assert (regions[0].zh, regions[0].status) == ("拉萨市", regions[0].status_holder["bo_status"])
    title = files[0].strings()[0]
    assert title.set("ལེགས་བཅོས།", "reviewed") and not title.set("ལེགས་བཅོས།", "reviewed")
    assert files[0].document["title"] == {
        "zh": "银行网点检查表",
        "bo": "ལེགས་བཅོས།",
        "bo_status": "reviewed",
    }


def test_an_id_used_twice_is_refused(tmp_path):
    files = load_files(make_catalog_copy(tmp_path))
    doc = files[0].document
    doc["sections"][1]["id"] = "cash"
    doc["sections"][1]["items"][0]["id"] = "bank.cash.accepted"
    with pytest.raises(ValueError, match="appears twice"):
        files[0].strings()
