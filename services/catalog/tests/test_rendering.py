"""Rendering an inspection against the exact version it was filled with."""

import copy

import pytest

from services.catalog import service
from services.catalog.rendering import inspection_rows, render_inspection
from services.common.errors import KoraError
from tests.support.templates import template


def _inspection(version: int, answers: dict) -> dict:
    return {
        "_id": "0b8e5a8c-6f0e-4a53-9d2e-0c9d8c7b6a51",
        "type": "inspection",
        "template": {"id": "bank", "version": version},
        "answers": answers,
    }


def _version_two() -> dict:
    v2 = template(version=2)
    v2["sections"][0]["items"] = v2["sections"][0]["items"][1:]  # drops bank.cash.accepted
    v2["sections"][0]["title"]["zh"] = "现金与窗口"
    v2["sections"][1]["items"][0]["requirement"]["zh"] = "提供老花镜等助老设施"
    return v2


def test_an_old_inspection_renders_with_its_own_version_after_v2_is_published(couch):
    service.create_draft(couch, template(version=1))
    service.publish(couch, "bank", 1)
    old = _inspection(
        1,
        {
            "bank.cash.accepted": {"value": "no", "note": "拒收现金", "photos": ["f" * 64]},
            "bank.help.glasses": {"value": {"choice": "present"}},
        },
    )
    service.create_draft(couch, _version_two())
    service.publish(couch, "bank", 2)
    assert [t["version"] for t in service.current_templates(couch)] == [2]

    rows = render_inspection(couch, old)
    assert [r.item_id for r in rows] == [
        "bank.cash.accepted",
        "bank.cash.windows",
        "bank.help.glasses",
        "bank.help.remarks",
    ]
    removed = rows[0]
    assert removed.section_title["zh"] == "现金服务"  # v1's words, not v2's
    assert removed.requirement == {
        "zh": "网点接受现金支付。",
        "bo": "网点接受现金支付。 (བོད་ཡིག)",
        "bo_status": "draft",
    }
    assert (removed.answer, removed.note, removed.photos) == ("no", "拒收现金", ("f" * 64,))
    assert rows[2].requirement["zh"] == "老花镜" and rows[2].choice_label["zh"] == "有"
    assert not rows[1].answered and rows[1].answer is None
    assert rows[0].legal_basis[0]["quote"] == "保留人工服务柜台" and rows[0].severity == "major"

    new_rows = render_inspection(couch, _inspection(2, {}))
    assert new_rows[0].item_id == "bank.cash.windows"
    assert new_rows[0].section_title["zh"] == "现金与窗口"


def test_answers_to_ids_the_version_lacks_still_show_at_the_end():
    rows = inspection_rows(
        template(), _inspection(1, {"bank.future": {"value": "yes", "note": "x"}})
    )
    assert rows[-1].item_id == "bank.future" and rows[-1].section_id is None
    assert (rows[-1].requirement, rows[-1].answer, rows[-1].note) == (None, "yes", "x")


def test_the_wrong_version_or_a_missing_one_is_refused(couch):
    with pytest.raises(ValueError):
        inspection_rows(template(version=2), _inspection(1, {}))
    with pytest.raises(KoraError) as missing:
        render_inspection(couch, _inspection(7, {}))
    assert missing.value.code == "template_not_found"
    broken = copy.deepcopy(_inspection(1, {}))
    broken["template"] = "bank@1"
    with pytest.raises(KoraError):
        render_inspection(couch, broken)
