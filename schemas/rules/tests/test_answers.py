"""answer_problems: each answer against its own item (pure, no database)."""

import pytest

from schemas.rules.answers import answer_problems, is_finding
from tests.support.templates import template

GOOD = {
    "bank.cash.accepted": {"value": "no", "note": "只收扫码", "photos": ["a" * 64]},
    "bank.cash.windows": {"value": 2},
    "bank.help.glasses": {"value": {"choice": "absent"}},
    "bank.help.remarks": {"value": {"text": "<b>无</b> 其他"}},
}


def test_good_answers_and_partial_answers_have_no_problems():
    assert answer_problems(template(), GOOD) == []
    assert answer_problems(template(), {"bank.cash.accepted": {"value": "na"}}) == []
    assert answer_problems(template(), {}) == []


@pytest.mark.parametrize(
    "item_id, value, path, words",
    [
        ("bank.cash.accepted", "maybe", "/answers/bank.cash.accepted/value", "yes, no, na"),
        ("bank.cash.accepted", 1, "/answers/bank.cash.accepted/value", "yes, no, na"),
        ("bank.cash.accepted", ["yes"], "/answers/bank.cash.accepted/value", "yes, no, na"),
        ("bank.cash.windows", 0, "/answers/bank.cash.windows/value", "at least 1"),
        ("bank.cash.windows", 2.5, "/answers/bank.cash.windows/value", "whole number"),
        ("bank.cash.windows", True, "/answers/bank.cash.windows/value", "whole number"),
        ("bank.cash.windows", "3", "/answers/bank.cash.windows/value", "whole number"),
        (
            "bank.help.glasses",
            {"choice": "broken"},
            "/answers/bank.help.glasses/value",
            "present, absent",
        ),
        ("bank.help.glasses", "present", "/answers/bank.help.glasses/value", "present, absent"),
        (
            "bank.help.glasses",
            {"choice": "present", "x": 1},
            "/answers/bank.help.glasses/value",
            "choice",
        ),
        ("bank.help.remarks", "free text", "/answers/bank.help.remarks/value", "text"),
        ("bank.help.remarks", {"text": 5}, "/answers/bank.help.remarks/value", "text"),
    ],
)
def test_a_wrong_value_is_named_by_path_and_reason(item_id, value, path, words):
    problems = answer_problems(template(), GOOD | {item_id: {"value": value}})
    assert len(problems) == 1 and problems[0]["path"] == path
    assert words in problems[0]["reason"]


def test_unknown_item_ids_and_shapes():
    answers = GOOD | {
        "bank.gone": {"value": "yes"},
        "a/b~c": {"value": "yes"},
        "bank.cash.windows": "3",
    }
    problems = answer_problems(template(), answers)
    assert problems == [
        {
            "path": "/answers/a~1b~0c",
            "reason": "unknown item id: bank version 1 has no item 'a/b~c'",
        },
        {"path": "/answers/bank.cash.windows", "reason": "must be an object with a value"},
        {
            "path": "/answers/bank.gone",
            "reason": "unknown item id: bank version 1 has no item 'bank.gone'",
        },
    ]
    assert answer_problems(template(), ["yes"]) == [
        {"path": "/answers", "reason": "must be an object keyed by item id"}
    ]


def test_count_without_a_minimum_accepts_zero():
    doc = template()
    del doc["sections"][0]["items"][1]["answer"]["min"]
    assert answer_problems(doc, {"bank.cash.windows": {"value": 0}}) == []
    assert answer_problems(doc, {"bank.cash.windows": {"value": -1}})[0]["reason"].startswith(
        "must be at least 0"
    )


@pytest.mark.parametrize(
    "spec, value, finding",
    [
        ({"kind": "yes_no_na"}, "no", True),
        ({"kind": "yes_no_na"}, "yes", False),
        ({"kind": "yes_no_na"}, "na", False),
        ({"kind": "count", "pass_at_least": 2}, 1, True),
        ({"kind": "count", "pass_at_least": 2}, 2, False),
        ({"kind": "count"}, 0, False),
        ({"kind": "choice", "fails_on": ["none"]}, {"choice": "none"}, True),
        ({"kind": "choice", "fails_on": ["none"]}, {"choice": "all"}, False),
        ({"kind": "choice"}, {"choice": "none"}, False),
        ({"kind": "text"}, {"text": "no"}, False),
    ],
)
def test_is_finding_follows_the_items_own_rule(spec, value, finding):
    assert is_finding({"answer": spec}, value) is finding


def test_spec_errors_name_finding_rules_that_cannot_work():
    from schemas.rules.answers import spec_errors

    doc = template()
    assert spec_errors(doc) == []
    doc["sections"][0]["items"][0]["answer"]["pass_at_least"] = 1  # a yes/no item
    doc["sections"][1]["items"][0]["answer"]["fails_on"] = ["absent", "broken"]
    doc["sections"][0]["items"][1]["answer"]["fails_on"] = ["none"]  # a count item
    assert spec_errors(doc) == [
        {"path": "/sections/0/items/0/answer/pass_at_least", "reason": "only a count item has a pass_at_least"},
        {"path": "/sections/0/items/1/answer/fails_on", "reason": "only a choice item has fails_on"},
        {"path": "/sections/1/items/0/answer/fails_on", "reason": "'broken' is not one of this item's choices"},
    ]
