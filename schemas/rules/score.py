"""The score of an inspection, and what still stands between it and submitting.

The score weighs each judged item by its severity: a critical item counts five times a minor one,
a major one three times. Items answered "na" and text answers are not judged; unanswered items
are not judged either, so a draft's score is what it would be if it stopped here. The same
weights make up the age-friendliness index on the review pages, so that an inspector's summary
and a supervisor's figures agree.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.answers import answer_problems, is_finding, json_pointer
from schemas.rules.photo_rule import missing_photos
from schemas.rules.template import items

SEVERITY_WEIGHTS = {"critical": 5, "major": 3, "minor": 1}


def _judged(item: dict[str, Any], answer: Any) -> bool:
    if not isinstance(answer, dict) or "value" not in answer:
        return False
    return item.get("answer", {}).get("kind") != "text" and answer["value"] != "na"


def score(template: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """``{score, weight_passed, weight_judged, judged, findings, critical_findings}``.

    ``score`` is 0-100, rounded to one decimal, or None while nothing is judged; ``findings``
    lists the item ids that fail, in checklist order.
    """
    passed = judged_weight = judged = critical = 0
    findings: list[str] = []
    for _, item in items(template):
        answer = answers.get(item["id"]) if isinstance(answers, dict) else None
        if not _judged(item, answer):
            continue
        weight = SEVERITY_WEIGHTS.get(item.get("severity"), 1)
        judged += 1
        judged_weight += weight
        if is_finding(item, answer["value"]):
            findings.append(item["id"])
            critical += item.get("severity") == "critical"
        else:
            passed += weight
    return {
        "score": round(100 * passed / judged_weight, 1) if judged_weight else None,
        "weight_passed": passed,
        "weight_judged": judged_weight,
        "judged": judged,
        "findings": findings,
        "critical_findings": critical,
    }


def unanswered(template: dict[str, Any], answers: Any) -> list[dict[str, str]]:
    """Every item without an answer, as ``{path, reason, code: answer_required, item}``."""
    given = answers if isinstance(answers, dict) else {}
    return [
        {"path": json_pointer("answers", item["id"]), "reason": f"item {item['id']} has no answer",
         "code": "answer_required", "item": item["id"]}
        for _, item in items(template)
        if not isinstance(given.get(item["id"]), dict) or "value" not in given[item["id"]]
    ]


def submission_problems(template: dict[str, Any], answers: Any) -> list[dict[str, str]]:
    """What stops an inspection from being submitted: every unanswered item, every answer that
    does not fit its item, every photo its item's rule asks for. [] when it may go."""
    return unanswered(template, answers) + answer_problems(template, answers) + missing_photos(template, answers)
