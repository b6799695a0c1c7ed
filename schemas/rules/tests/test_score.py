from schemas.rules.score import score, submission_problems
from tests.support.templates import template


def _template():
    t = template()
    t["sections"][0]["items"][0]["severity"] = "critical"   # bank.cash.accepted, weight 5
    t["sections"][1]["items"][0]["answer"]["fails_on"] = ["absent"]  # bank.help.glasses, major: 3
    return t


PASSING = {
    "bank.cash.accepted": {"value": "yes"},
    "bank.cash.windows": {"value": 2},
    "bank.help.glasses": {"value": {"choice": "present"}},
    "bank.help.remarks": {"value": {"text": "无"}},
}


def test_nothing_judged_has_no_score():
    assert score(_template(), {})["score"] is None


def test_all_passing_is_100():
    result = score(_template(), PASSING)
    assert result == {"score": 100.0, "weight_passed": 11, "weight_judged": 11, "judged": 3,
                      "findings": [], "critical_findings": 0}


def test_findings_weigh_by_severity():
    answers = {**PASSING, "bank.cash.accepted": {"value": "no"}, "bank.help.glasses": {"value": {"choice": "absent"}}}
    result = score(_template(), answers)
    assert result["findings"] == ["bank.cash.accepted", "bank.help.glasses"]
    assert result["critical_findings"] == 1
    assert result["score"] == round(100 * 3 / 11, 1)


def test_na_and_text_are_not_judged():
    result = score(_template(), {"bank.cash.accepted": {"value": "na"}, "bank.help.remarks": {"value": {"text": "x"}}})
    assert result["judged"] == 0 and result["score"] is None


def test_submission_needs_every_item_answered_and_each_photo():
    assert {p["item"] for p in submission_problems(_template(), {})} == set(PASSING)
    assert submission_problems(_template(), PASSING) == []
    failing = {**PASSING, "bank.cash.accepted": {"value": "no"}}
    assert [p["code"] for p in submission_problems(_template(), failing)] == ["photo_required"]
