"""The server-owned summary: what the queue filters on and the views add up."""

from __future__ import annotations

from services.inspections.summary import summarize
from tests.support.sync_data import make_inspection
from tests.support.templates import make_template


def test_the_summary_weighs_findings_by_severity_and_lists_judged_items():
    template = make_template(items=6)
    template["sections"][0]["items"][0]["severity"] = "critical"
    doc = make_inspection("v-1", "540102", "dawa", template)
    doc["answers"]["item-01"] = {"value": "no"}
    doc["answers"]["item-02"] = {"value": "na"}
    summary = summarize(doc, template, {"venue_type": "bank"})
    assert summary["findings"] == ["item-01"] and summary["critical_findings"] == 1
    assert summary["passed"] == ["item-03", "item-04", "item-05", "item-06"]  # "na" is not judged
    assert (summary["weight_passed"], summary["weight_judged"]) == (12, 17)  # 4 major passed; + critical 5
    assert summary["score"] == round(100 * 12 / 17, 1)
    assert (summary["venue_type"], summary["prefecture"], summary["month"]) == ("bank", "540100", "2026-05")


def test_an_unknown_venue_or_template_still_gives_a_summary():
    doc = make_inspection("v-1", "542526", "pema", make_template(items=6))
    summary = summarize(doc, None, None)
    assert summary["venue_type"] == "unknown" and summary["score"] is None and summary["findings"] == []
