"""Seeding template files: publish what is missing, never touch a published version."""

import json

from services.catalog import service
from services.catalog.seed import TEMPLATES_DIR, seed_templates, seed_templates_from
from tests.support.templates import template


def _write(directory, doc, name=None):
    path = directory / f"{name or doc['template_id']}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _published_file(template_id="bank", version=1):
    doc = template(template_id, version, status="published")
    del doc["published_at"]
    return doc


def test_files_are_published_once_and_a_second_run_writes_nothing(couch, tmp_path):
    _write(tmp_path, _published_file("bank"))
    _write(tmp_path, _published_file("shop"))
    first = seed_templates_from(couch, tmp_path)
    assert first.published == ["template:bank@1", "template:shop@1"] and not first.refused
    stored = service.get_version(couch, "bank", 1)
    assert stored["status"] == "published" and stored["published_at"].endswith("Z")
    before = couch.http.get(f"/{couch.name('catalog')}").json()["update_seq"]
    second = seed_templates_from(couch, tmp_path)
    assert second.published == [] and second.unchanged == ["template:bank@1", "template:shop@1"]
    assert couch.http.get(f"/{couch.name('catalog')}").json()["update_seq"] == before
    assert second.line() == "templates: 0 published, 2 unchanged, 0 refused"


def test_a_changed_file_with_the_same_version_is_refused_and_the_database_kept(couch, tmp_path):
    _write(tmp_path, _published_file())
    seed_templates_from(couch, tmp_path)
    stored = service.get_version(couch, "bank", 1)
    changed = _published_file()
    changed["title"]["zh"] = "银行网点检查表（新）"
    _write(tmp_path, changed)
    report = seed_templates_from(couch, tmp_path)
    assert report.published == [] and len(report.refused) == 1
    assert "DIFFERENT published template:bank@1" in report.refused[0]
    assert "give the file version 2" in report.refused[0]
    assert service.get_version(couch, "bank", 1) == stored
    changed.update(version=2, _id="template:bank@2")
    _write(tmp_path, changed)
    assert seed_templates_from(couch, tmp_path).published == ["template:bank@2"]
    assert [t["version"] for t in service.current_templates(couch)] == [2]


def test_bad_files_are_refused_with_the_reason(couch, tmp_path):
    broken = _published_file("hospital")
    broken["sections"][0]["items"][0]["severity"] = "dire"
    _write(tmp_path, broken)
    misquoted = _published_file("airport")
    misquoted["sections"][0]["items"][1]["legal_basis"][0]["quote"] = "机场必须收现金"
    _write(tmp_path, misquoted)
    (tmp_path / "junk.json").write_bytes(b"\xff\x00 not json")
    _write(tmp_path, _published_file("shop"), name="bank")
    _write(tmp_path, _published_file("shop", 2) | {"_id": "template:shop@1"})
    report = seed_templates_from(couch, tmp_path)
    assert report.published == []
    joined = "\n".join(report.refused)
    assert (
        "hospital.json: does not match the template schema and rules: /sections/0/items/0/severity" in joined
    )
    assert "junk.json: cannot be read as JSON" in joined
    assert (
        "airport.json: does not match the template schema and rules: /sections/0/items/1/legal_basis/0:"
        " the quote is not in safeguard-2021 二（四） 第9项: '机场必须收现金'" in joined
    )
    assert "bank.json: template_id is 'shop'; name the file after it" in joined
    assert (
        "shop.json: _id is 'template:shop@1'; with this version it must be 'template:shop@2'"
        in joined
    )
    assert service.list_versions(couch) == []


def test_a_draft_or_a_higher_version_in_the_database_is_left_alone(couch, tmp_path):
    service.create_draft(couch, template("bank", 1))
    service.create_draft(couch, template("shop", 3))
    _write(tmp_path, _published_file("bank", 1))
    _write(tmp_path, _published_file("shop", 2))
    report = seed_templates_from(couch, tmp_path)
    assert report.published == []
    assert "holds a draft template:bank@1" in report.refused[0]
    assert "already has version 3 of 'shop'" in report.refused[1]
    assert service.get_version(couch, "bank", 1)["status"] == "draft"


def test_the_shipped_template_files_seed_cleanly(couch):
    files = sorted(TEMPLATES_DIR.glob("*.json"))
    line = seed_templates(couch)
    assert line == f"templates: {len(files)} published, 0 unchanged, 0 refused"
    assert seed_templates(couch) == f"templates: 0 published, {len(files)} unchanged, 0 refused"
    assert len(service.current_templates(couch)) == len(files)
