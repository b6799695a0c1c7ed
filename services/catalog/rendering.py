"""An inspection as rows, read against the exact template version it was filled with.

The review pages and the PDF notices show these rows. Because published versions never change,
an inspection filled against v1 shows v1's sections, requirements and items even after v2
drops or rewords some of them. Answers to ids the version does not have are kept, at the end,
so that nothing a phone sent is silently hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services.catalog.service import get_version
from services.common.couch import Couch
from services.common.errors import KoraError


@dataclass(frozen=True)
class Row:
    item_id: str
    section_id: str | None  # None for an answer to an id the version does not have
    section_title: dict[str, str] | None  # {zh, bo, bo_status}
    requirement: dict[str, str] | None  # {zh, bo, bo_status}
    answered: bool
    answer: Any = (
        None  # the value as given: "yes" | "no" | "na" | 3 | {"choice": ...} | {"text": ...}
    )
    choice_label: dict[str, str] | None = None  # the label of a chosen option
    note: str | None = None
    photos: tuple[str, ...] = ()
    severity: str | None = None
    rectification_days: int | None = None
    legal_basis: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def _choice_label(item: dict[str, Any], value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    for choice in item.get("answer", {}).get("choices", []):
        if choice.get("value") == value.get("choice"):
            return choice.get("label")
    return None


def _answer_fields(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        return {"answered": False}
    return {
        "answered": "value" in answer,
        "answer": answer.get("value"),
        "note": answer.get("note"),
        "photos": tuple(answer.get("photos", ())),
    }


def inspection_rows(template: dict[str, Any], inspection: dict[str, Any]) -> list[Row]:
    """One row per item of ``template`` in order, then one per answer to an unknown id."""
    ref = inspection.get("template", {})
    if (ref.get("id"), ref.get("version")) != (
        template.get("template_id"),
        template.get("version"),
    ):
        raise ValueError(
            f"the inspection was filled against {ref}, not "
            f"{template.get('template_id')} version {template.get('version')}"
        )
    answers = inspection.get("answers", {})
    rows, seen = [], set()
    for section in template["sections"]:
        for item in section["items"]:
            seen.add(item["id"])
            answer = answers.get(item["id"])
            fields = _answer_fields(answer)
            rows.append(
                Row(
                    item_id=item["id"],
                    section_id=section["id"],
                    section_title=section["title"],
                    requirement=item["requirement"],
                    choice_label=_choice_label(item, fields.get("answer")),
                    severity=item["severity"],
                    rectification_days=item["rectification_days"],
                    legal_basis=tuple(item["legal_basis"]),
                    **fields,
                )
            )
    for item_id in sorted(set(answers) - seen):
        rows.append(
            Row(
                item_id=item_id,
                section_id=None,
                section_title=None,
                requirement=None,
                **_answer_fields(answers[item_id]),
            )
        )
    return rows


def render_inspection(couch: Couch, inspection: dict[str, Any]) -> list[Row]:
    """Rows of a stored inspection, reading the version named in its ``template`` field."""
    ref = inspection.get("template")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        raise KoraError("invalid_document", "the inspection names no template version")
    return inspection_rows(get_version(couch, ref["id"], ref.get("version")), inspection)
