"""Push against the template version each inspection names, on the real local CouchDB."""

import pytest

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.sync.push import service as push_service
from services.sync.push import template_check
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template

DOLMA = Principal("dolma", "inspector", Jurisdiction("county", ("540102",)))
PHOTO = "c" * 64


def _rules_template(version=1, status="published"):
    """item-01 counted (at least 1), item-02 photo on "no", item-03 photo always; the rest never."""
    template = make_template("bank-basic", version, status=status)
    items = template["sections"][0]["items"]
    items[0]["answer"] = {"kind": "count", "min": 1}
    items[1]["photo"] = "on_no"
    items[2]["photo"] = "always"
    return template


@pytest.fixture
def field(couch):
    template = _rules_template()
    seed(couch, "catalog", [template, _rules_template(2, status="draft")])
    seed(couch, "venues", [make_venue("v1", "540102")])
    return template


def _doc(template, **answers):
    doc = make_inspection("v1", "540102", "dolma", template)
    doc["answers"]["item-01"] = {"value": 2}
    doc["answers"]["item-03"] = {"value": "yes", "photos": [PHOTO]}
    doc["answers"].update(answers)
    return doc


def test_each_document_is_judged_by_its_own_template_version(couch, field, monkeypatch):
    reads = []
    real = template_check.get_versions
    monkeypatch.setattr(
        template_check, "get_versions", lambda c, keys: reads.append(list(dict.fromkeys(keys))) or real(c, keys)
    )
    good = _doc(field)
    good_too = _doc(field, **{"item-02": {"value": "no", "photos": [PHOTO]}})
    bad_count = _doc(field, **{"item-01": {"value": 0}})
    no_photo = _doc(field, **{"item-02": {"value": "no", "note": "无现金窗口"}})
    always_no_photo = _doc(field, **{"item-03": {"value": "yes"}})
    unknown_version = _doc(field)
    unknown_version["template"]["version"] = 7
    draft_version = _doc(field)
    draft_version["template"]["version"] = 2
    unknown_template = _doc(field)
    unknown_template["template"]["id"] = "School-X"
    batch = [good, bad_count, no_photo, unknown_version, always_no_photo, draft_version, unknown_template, good_too]

    results = push_service.push(couch, DOLMA, [{"doc": d} for d in batch])

    assert [r["result"] for r in results] == ["accepted", "invalid", "invalid", "invalid", "invalid", "invalid",
                                             "invalid", "accepted"]
    assert results[1]["errors"] == [{"path": "/answers/item-01/value", "reason": "must be at least 1; got 0"}]
    assert results[2]["errors"] == [
        {
            "path": "/answers/item-02/photos",
            "code": "photo_required",
            "item": "item-02",
            "reason": "item item-02 requires a photo when the answer is a finding (photo rule 'on_no'); "
                      "take one before submitting",
        }
    ]
    assert results[3]["errors"] == [{"path": "/template", "reason": "the catalog has no template bank-basic version 7"}]
    assert results[4]["errors"][0]["path"] == "/answers/item-03/photos"
    assert "draft" in results[5]["reason"] and "School-X version 1" in results[6]["reason"]
    stored = couch.db("inspections").all_docs([d["_id"] for d in batch])
    assert [d["_id"] for d in batch if stored[d["_id"]]] == [good["_id"], good_too["_id"]]
    [read] = reads  # one catalog read for the whole batch
    assert sorted(read) == [("School-X", 1), ("bank-basic", 1), ("bank-basic", 2), ("bank-basic", 7)]


def test_the_test_template_is_one_the_catalog_would_publish():
    from services.catalog.service import content_errors

    assert content_errors(make_template("bank-basic", 1, photo="on_no")) == []
