"""Template versions on the real CouchDB-protocol server."""

import pytest

from services.catalog import service
from services.common.errors import KoraError
from tests.support.templates import template, without_server_fields


def _code(excinfo) -> str:
    return excinfo.value.code


def test_create_draft_fills_id_type_status_and_next_version(couch):
    body = without_server_fields(template()) | {"template_id": "bank"}
    del body["version"]
    first = service.create_draft(couch, body)
    assert (first["_id"], first["status"], first["version"]) == ("template:bank@1", "draft", 1)
    second = service.create_draft(couch, body)
    assert second["_id"] == "template:bank@2"
    stored = service.get_version(couch, "bank", 2)
    assert stored["_rev"] == second["_rev"] and stored["sections"] == template()["sections"]


def test_a_bad_document_is_refused_with_exact_paths(couch):
    doc = template()
    doc["sections"][1]["items"][0]["answer"] = {"kind": "choice"}
    doc["sections"][0]["items"][1]["severity"] = "huge"
    with pytest.raises(KoraError) as refused:
        service.create_draft(couch, doc)
    assert refused.value.status == 422 and _code(refused) == "invalid_document"
    paths = {e["path"]: e["reason"] for e in refused.value.extra["errors"]}
    assert "'choices' is a required property" in paths["/sections/1/items/0/answer"]
    assert "'huge' is not one of" in paths["/sections/0/items/1/severity"]
    assert service.list_versions(couch) == []


def test_a_citation_the_policy_texts_lack_is_refused_with_its_path(couch):
    doc = template()
    doc["sections"][0]["items"][0]["legal_basis"][0] |= {"section": "二（七）", "item": 16}
    with pytest.raises(KoraError) as refused:
        service.create_draft(couch, doc)
    assert _code(refused) == "invalid_document"
    [error] = refused.value.extra["errors"]
    assert error["path"] == "/sections/0/items/0/legal_basis/0"
    assert error["reason"] == "the quote is not in safeguard-2021 二（七） 第16项: '保留人工服务柜台'"
    assert service.list_versions(couch) == []


@pytest.mark.parametrize(
    "change, path",
    [
        ({"status": "published"}, "/status"),
        ({"published_at": "2026-01-01T00:00:00Z"}, "/published_at"),
        ({"_id": "template:bank@7"}, "/_id"),
        ({"_rev": "1-abc"}, "/_rev"),
    ],
)
def test_a_new_version_is_a_plain_draft(couch, change, path):
    with pytest.raises(KoraError) as refused:
        service.create_draft(couch, template() | change)
    assert path in {e["path"] for e in refused.value.extra["errors"]}


def test_publish_stamps_time_and_then_nothing_changes_it(couch):
    service.create_draft(couch, template())
    published = service.publish(couch, "bank", 1, published_at="2026-03-01T09:00:00+08:00")
    assert (published["status"], published["published_at"]) == (
        "published",
        "2026-03-01T09:00:00+08:00",
    )
    stored = service.get_version(couch, "bank", 1)
    for attempt in (
        lambda: service.publish(couch, "bank", 1),
        lambda: service.replace_draft(couch, "bank", 1, stored),
        lambda: service.create_draft(couch, template()),
    ):
        with pytest.raises(KoraError) as refused:
            attempt()
        assert refused.value.status == 409 and _code(refused) == "template_published"
    assert service.get_version(couch, "bank", 1) == stored


def test_replace_draft_needs_the_current_rev(couch):
    created = service.create_draft(couch, template())
    changed = created | {"title": created["title"] | {"zh": "银行网点检查表（修订）"}}
    saved = service.replace_draft(couch, "bank", 1, changed)
    assert service.get_version(couch, "bank", 1)["title"]["zh"] == "银行网点检查表（修订）"
    with pytest.raises(KoraError) as stale:
        service.replace_draft(couch, "bank", 1, changed)  # the old _rev
    assert _code(stale) == "conflict"
    no_rev = {k: v for k, v in saved.items() if k != "_rev"}
    with pytest.raises(KoraError) as missing:
        service.replace_draft(couch, "bank", 1, no_rev)
    assert "/_rev" in {e["path"] for e in missing.value.extra["errors"]}
    with pytest.raises(KoraError) as other:
        service.replace_draft(couch, "bank", 1, saved | {"template_id": "shop"})
    assert _code(other) == "invalid_document"


def test_versions_only_go_up(couch):
    service.create_draft(couch, template(version=2))
    with pytest.raises(KoraError) as lower:
        service.create_draft(couch, template(version=1))
    assert _code(lower) == "template_version_order" and lower.value.status == 409
    service.create_draft(couch, template(version=3))
    service.publish(couch, "bank", 3)
    with pytest.raises(KoraError) as behind:
        service.publish(couch, "bank", 2)
    assert _code(behind) == "template_version_order"
    with pytest.raises(KoraError) as twice:
        service.create_draft(couch, template(version=3))
    assert _code(twice) == "template_published"


def test_list_current_and_unknown(couch):
    for tid, version, publish in [
        ("bank", 1, True),
        ("bank", 2, True),
        ("bank", 10, False),
        ("shop", 1, True),
        ("hospital", 1, False),
    ]:
        service.create_draft(couch, template(tid, version))
        if publish:
            service.publish(couch, tid, version)
    listed = [(d["template_id"], d["version"]) for d in service.list_versions(couch)]
    assert listed == [("bank", 1), ("bank", 2), ("bank", 10), ("hospital", 1), ("shop", 1)]
    assert [d["version"] for d in service.list_versions(couch, "bank")] == [1, 2, 10]
    assert service.list_versions(couch, "ban") == []
    current = service.current_templates(couch)
    assert [(d["template_id"], d["version"]) for d in current] == [("bank", 2), ("shop", 1)]
    assert all("_rev" not in d for d in current)
    assert [d["version"] for d in service.current_templates(couch, ["bank"])] == [2]
    assert service.highest_version(couch, "bank") == 10
    for tid, version in [("bank", 3), ("nothing", 1), ("BAD ID", 1), ("bank", 0)]:
        with pytest.raises(KoraError) as missing:
            service.get_version(couch, tid, version)
        assert _code(missing) == "template_not_found"
    many = service.get_versions(couch, [("bank", 2), ("bank", 3), ("bank", 2), ("BAD ID", 1), ("shop", 1)])
    assert list(many) == [("bank", 2), ("bank", 3), ("BAD ID", 1), ("shop", 1)]
    assert many[("bank", 2)]["_id"] == "template:bank@2" and many[("shop", 1)]["status"] == "published"
    assert many[("bank", 3)] is None and many[("BAD ID", 1)] is None
    assert service.get_versions(couch, []) == {}


def test_body_that_is_not_an_object_is_refused(couch):
    for body in ([], "template", 3, None):
        with pytest.raises(KoraError) as refused:
            service.create_draft(couch, body)
        assert _code(refused) == "invalid_request"
