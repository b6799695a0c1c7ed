from schemas.rules import template as template_model
from tests.support.templates import template


def test_doc_ids_round_trip_and_other_ids_are_not_templates():
    assert template_model.doc_id("bank", 12) == "template:bank@12"
    assert template_model.parse_doc_id("template:bank@12") == ("bank", 12)
    for other in ("region:540102", "template:bank@0", "template:Bank@1", "template:bank@1\n"):
        assert template_model.parse_doc_id(other) is None


def test_version_numbers_are_positive_integers_not_booleans():
    assert template_model.is_version_number(1) and template_model.is_version_number(999999)
    for bad in (0, -1, 1000000, True, 1.0, "1", None):
        assert not template_model.is_version_number(bad)


def test_content_leaves_out_what_storing_and_publishing_add():
    published = template(status="published") | {"_rev": "3-abc"}
    assert template_model.content(published) == template_model.content(template())


def test_items_in_order_and_summary_counts_them():
    doc = template()
    assert [i["id"] for _, i in template_model.items(doc)] == [
        "bank.cash.accepted",
        "bank.cash.windows",
        "bank.help.glasses",
        "bank.help.remarks",
    ]
    assert set(template_model.items_by_id(doc)) == {i["id"] for _, i in template_model.items(doc)}
    assert template_model.summary(doc) == {
        "template_id": "bank",
        "version": 1,
        "status": "draft",
        "venue_types": ["bank"],
        "title": doc["title"],
        "items": 4,
    }
    assert "_rev" not in template_model.public(doc | {"_rev": "1-a"})
