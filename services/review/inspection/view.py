"""What the inspection page shows: answers grouped as on the checklist version, failures first,
each with its legal basis; the signature as SVG; the audit trail; notice requests."""

from __future__ import annotations

from typing import Any

from schemas.rules.answers import is_finding
from schemas.rules.template import items

DOCUMENT_NAMES = {"safeguard-2021": "《西藏自治区老年人传统服务兜底保障方案》(2021)",
                  "implementation-2021": "《西藏自治区关于切实解决老年人运用智能技术困难实施方案（2021-2022年）》"}


def shown_value(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("choice") or value.get("text") or value)
    return {"yes": "是", "no": "否", "na": "不适用"}.get(value, str(value)) if isinstance(value, str) else str(value)


def answer_rows(template: dict[str, Any], answers: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """(failures, sections): every answer in checklist order, each section's failures first."""
    failures: list[dict] = []
    sections: dict[str, dict] = {}
    for section, item in items(template):
        answer = answers.get(item["id"])
        failed = isinstance(answer, dict) and "value" in answer and answer["value"] != "na" \
            and item.get("answer", {}).get("kind") != "text" and is_finding(item, answer["value"])
        row = {"item": item, "answer": answer, "value": shown_value(answer["value"]) if answer else "（未作答）",
               "failed": failed, "basis": [{**b, "document_name": DOCUMENT_NAMES.get(b["document"], b["document"])}
                                           for b in item.get("legal_basis", [])]}
        group = sections.setdefault(section["id"], {"section": section, "rows": []})
        group["rows"].append(row)
        if failed:
            failures.append(row)
    for group in sections.values():
        group["rows"].sort(key=lambda r: not r["failed"])  # stable: checklist order kept within each
    return failures, list(sections.values())


def signature_svg(signature: dict[str, Any]) -> dict[str, Any] | None:
    """The pad size and one polyline ``points`` string per stroke, or None for a photographed one."""
    strokes = signature.get("strokes")
    pad = signature.get("pad")
    if not strokes or not pad:
        return None
    lines = [" ".join(f"{float(x):.1f},{float(y):.1f}" for x, y in stroke) for stroke in strokes]
    return {"width": pad["width"], "height": pad["height"], "lines": lines}


def diff_rows(entry: dict[str, Any]) -> list[dict[str, str]]:
    return [{"path": c["path"], "before": shown_value(c["before"]) if c["before"] is not None else "—",
             "after": shown_value(c["after"])} for c in entry.get("changes", [])]
