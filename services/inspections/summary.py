"""The server-owned summary of an inspection: what the queue filters on and the statistics add up.

Written when the push stores an inspection and again when a supervisor corrects an answer, so
that CouchDB views can index it without knowing templates. Pure: no database.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.score import score
from schemas.rules.template import items


def prefecture_of(county_code: str) -> str:
    return county_code[:4] + "00"


def summarize(doc: dict[str, Any], template: dict[str, Any] | None, venue: dict[str, Any] | None) -> dict[str, Any]:
    """``{score, weight_passed, weight_judged, findings, passed, critical_findings, venue_type,
    prefecture, month}`` of an inspection filled against ``template`` at ``venue``."""
    result = score(template or {}, doc.get("answers") or {})
    judged_ids = _judged_ids(template or {}, doc.get("answers") or {})
    finished = str(doc.get("finished_at", ""))
    return {
        "score": result["score"],
        "weight_passed": result["weight_passed"],
        "weight_judged": result["weight_judged"],
        "findings": result["findings"],
        "passed": [i for i in judged_ids if i not in set(result["findings"])],
        "critical_findings": result["critical_findings"],
        "venue_type": (venue or {}).get("venue_type", "unknown"),
        "prefecture": prefecture_of(str(doc.get("county_code", ""))),
        "month": finished[:7],
    }


def _judged_ids(template: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    # The same rule as schemas/rules/score.py: "na", text and unanswered items are not judged.
    out = []
    for _, item in items(template):
        answer = answers.get(item["id"])
        if (isinstance(answer, dict) and "value" in answer and answer["value"] != "na"
                and item.get("answer", {}).get("kind") != "text"):
            out.append(item["id"])
    return out
