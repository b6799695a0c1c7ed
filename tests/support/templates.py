"""Schema-valid checklist template versions for tests and benchmarks (the real ones are in schemas/).

``template`` is a small bank checklist with one item of each answer kind; ``make_template`` one of
any number of yes / no / na items, as the sync tests and the benchmarks use.
"""

from __future__ import annotations

import copy
from typing import Any


def text(zh: str, bo: str, status: str = "draft") -> dict[str, str]:
    return {"zh": zh, "bo": bo, "bo_status": status}


BASIS = [{"document": "safeguard-2021", "section": "二（四）", "item": 9, "quote": "保留人工服务柜台"}]


def item(item_id: str, zh: str, kind: str = "yes_no_na", *, bo: str | None = None,
         photo: str | None = None, guidance: str | None = None, **answer: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "requirement": text(zh, bo or f"{zh} (བོད་ཡིག)"),
        "guidance": text(guidance or f"查看：{zh}", "ལྟ་ཞིབ།"),
        "answer": {"kind": kind, **answer},
        "photo": photo or ("on_no" if kind == "yes_no_na" else "never"),
        "severity": "major",
        "rectification_days": 30,
        "legal_basis": copy.deepcopy(BASIS),
    }


def template(
    template_id: str = "bank",
    version: int = 1,
    status: str = "draft",
    extra_items: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A bank-like checklist with one item of each answer kind."""
    doc = {
        "_id": f"template:{template_id}@{version}",
        "type": "checklist_template",
        "template_id": template_id,
        "version": version,
        "status": status,
        "venue_types": ["bank"],
        "title": text("银行网点检查表", "དངུལ་ཁང་ཞིབ་བཤེར།"),
        "sections": [
            {
                "id": "cash",
                "title": text("现金服务", "དངུལ་ལོར།"),
                "items": [
                    item("bank.cash.accepted", "网点接受现金支付。"),
                    item("bank.cash.windows", "人工窗口数量", "count", min=1),
                ],
            },
            {
                "id": "help",
                "title": text("帮助", "རོགས་རམ།"),
                "items": [
                    item(
                        "bank.help.glasses",
                        "老花镜",
                        "choice",
                        choices=[
                            {"value": "present", "label": text("有", "ཡོད།")},
                            {"value": "absent", "label": text("无", "མེད།")},
                        ],
                    ),
                    item("bank.help.remarks", "其他情况", "text"),
                ],
            },
        ],
    }
    if extra_items:
        doc["sections"][0]["items"].extend(extra_items)
    if status == "published":
        doc["published_at"] = "2026-01-05T08:00:00Z"
    return doc


def without_server_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("_id", "_rev", "type", "status")}


def make_template(template_id: str = "bank-basic", version: int = 1, status: str = "published",
                  items: int = 12, venue_types: list[str] | None = None,
                  photo: str = "never") -> dict[str, Any]:
    """A template version of ``items`` yes/no/na items, six to a section.

    ``photo`` is every item's photo rule (never / on_no / always); tests of the rule change items.
    """
    sections = []
    for s in range(max(1, items // 6)):
        section_items = [
            item(f"item-{s * 6 + i + 1:02d}", f"是否保留现金服务窗口（第{s * 6 + i + 1}项），并为老年人提供人工引导",
                 bo=f"རྒན་པ་རྣམས་ལ་དངུལ་ལག་ཁྱེར་ཞབས་ཞུ་ {s * 6 + i + 1}", photo=photo, guidance="查看营业厅现场")
            for i in range(min(6, items))
        ]
        sections.append({"id": f"section-{s + 1}", "title": text(f"第{s + 1}部分", f"ལེ་ཚན་ {s + 1}"),
                         "items": section_items})
    doc = {"_id": f"template:{template_id}@{version}", "type": "checklist_template", "template_id": template_id,
           "version": version, "status": status, "venue_types": venue_types or ["bank"],
           "title": text("银行网点传统服务检查表", "དངུལ་ཁང་གི་ཞབས་ཞུ་ཞིབ་བཤེར་རེའུ་མིག"), "sections": sections}
    if status == "published":
        doc["published_at"] = "2026-04-01T08:00:00Z"
    return doc
