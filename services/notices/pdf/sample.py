"""Realistic notices made from the catalog's checklist templates: for the docs' sample, the bench
and the tests. A notice cites the template's first ``failures`` items, in order, round and round
the template's items when it asks for more than the template has.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[3] / "schemas" / "catalog" / "templates"
EXAMPLE = (
    Path(__file__).resolve().parents[3]
    / "schemas"
    / "examples"
    / "notice"
    / "valid"
    / "issued.json"
)
ACCESS_CODE = "K7P-4QX-9MZ"
NOTES = [
    "柜台张贴“不收现金”告示。",
    "ཉིན་གུང་ཆུ་ཚོད་12ནས་2བར་སྒེའུ་ཁུང་བརྒྱབ་འདུག",
    "工作人员称“老人用手机付款更方便”。",
]


def template_items(template_id: str) -> dict[str, dict[str, Any]]:
    """The items of a catalog template, by id."""
    template = json.loads((TEMPLATES / f"{template_id}.json").read_text(encoding="utf-8"))
    return {item["id"]: item for section in template["sections"] for item in section["items"]}


def finding(item: dict[str, Any], note: str | None = None) -> dict[str, Any]:
    """A notice's finding for a failed template item, as the notices schema has it."""
    out = {
        "item_id": item["id"],
        "requirement": copy.deepcopy(item["requirement"]),
        "severity": item["severity"],
        "rectification_days": item["rectification_days"],
        "legal_basis": copy.deepcopy(item["legal_basis"]),
    }
    if note:
        out["note"] = note
    return out


def sample_notice(failures: int = 8, template_id: str = "bank") -> tuple[dict, dict[str, dict]]:
    """(notice, items): the schema's example notice with ``failures`` findings of a template."""
    notice = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    items = template_items(template_id)
    ordered = list(items.values())
    notice["findings"] = [
        finding(ordered[n % len(ordered)], NOTES[n % len(NOTES)] if n % 3 == 0 else None)
        for n in range(failures)
    ]
    return notice, items


def main(argv: list[str]) -> None:
    """Write the sample notice of docs/notices.md: ``python -m services.notices.pdf.sample OUT.pdf``."""
    from services.notices.pdf.renderer import NoticeRenderer

    notice, items = sample_notice(8)
    pdf = NoticeRenderer(public_url="https://kora.example.cn").render(
        notice, items, access_code=ACCESS_CODE
    )
    Path(argv[0]).write_bytes(pdf)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
