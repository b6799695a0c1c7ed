"""The photo rule of each item: which answers of a submitted inspection must name a photo."""

from schemas.rules.photo_rule import missing_photos, needs_photo
from tests.support.templates import template


def test_each_rule_asks_for_a_photo_on_the_answers_it_names():
    on_no, always = {"photo": "on_no", "answer": {"kind": "yes_no_na"}}, {"photo": "always"}
    assert [needs_photo(on_no, v) for v in ("yes", "no", "na")] == [False, True, False]
    counted = {"photo": "on_no", "answer": {"kind": "count", "pass_at_least": 2}}
    assert [needs_photo(counted, v) for v in (1, 2)] == [True, False]  # a finding: below pass_at_least
    chosen = {"photo": "on_no", "answer": {"kind": "choice", "fails_on": ["none"]}}
    assert [needs_photo(chosen, {"choice": c}) for c in ("none", "all")] == [True, False]
    assert [needs_photo(always, v) for v in ("yes", "no", "na", 3, {"text": "t"})] == [
        True, True, False, True, True,
    ]
    assert not needs_photo({"photo": "never", "answer": {"kind": "yes_no_na"}}, "no")


def test_missing_photos_names_each_answer_without_its_required_photo():
    doc = template()  # bank.cash.accepted: yes/no/na, photo on "no"; the others never
    doc["sections"][1]["items"][1]["photo"] = "always"  # bank.help.remarks, a text item
    assert missing_photos(doc, {"bank.cash.accepted": {"value": "no", "photos": ["a" * 64]}}) == []
    assert missing_photos(doc, {"bank.help.glasses": {"value": {"choice": "absent"}}}) == []
    answers = {
        "bank.cash.accepted": {"value": "no", "photos": []},
        "bank.help.remarks": {"value": {"text": "门口无标识"}},
        "unknown.item": {"value": "no"},  # answer_problems reports it; no photo rule applies
    }
    problems = missing_photos(doc, answers)
    assert [(p["item"], p["path"], p["code"]) for p in problems] == [
        ("bank.cash.accepted", "/answers/bank.cash.accepted/photos", "photo_required"),
        ("bank.help.remarks", "/answers/bank.help.remarks/photos", "photo_required"),
    ]
    assert "when the answer is a finding" in problems[0]["reason"]
    assert missing_photos(doc, {}) == [] and missing_photos(doc, "not a dict") == []
