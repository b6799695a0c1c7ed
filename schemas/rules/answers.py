"""Whether an inspection's answers fit the template version it was filled against.

The inspection schema only says what an answer may look like in general; this checks each
answer against its own item (kind, minimum, choices). Pure: no database, so that the sync push
can call it on a batch and the app could run the same rules.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.template import items_by_id

YES_NO_NA = ("yes", "no", "na")


def json_pointer(*parts: str) -> str:
    # RFC 6901: "~" and "/" inside a key are escaped so that the path points at that one key.
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value_problem(answer_spec: dict[str, Any], value: Any) -> str | None:
    kind = answer_spec.get("kind")
    if kind == "yes_no_na":
        if value not in YES_NO_NA or not isinstance(value, str):
            return f"must be one of yes, no, na for this item; got {value!r:.80}"
    elif kind == "count":
        minimum = answer_spec.get("min", 0)
        if not _is_integer(value):
            return f"must be a whole number for this counted item; got {value!r:.80}"
        if value < minimum:
            return f"must be at least {minimum}; got {value}"
    elif kind == "choice":
        allowed = [c["value"] for c in answer_spec.get("choices", [])]
        chosen = value.get("choice") if isinstance(value, dict) else None
        if not isinstance(value, dict) or set(value) != {"choice"} or chosen not in allowed:
            return f'must be {{"choice": one of {", ".join(allowed)}}}; got {value!r:.80}'
    elif kind == "text":
        text = value.get("text") if isinstance(value, dict) else None
        if not isinstance(value, dict) or set(value) != {"text"} or not isinstance(text, str):
            return f'must be {{"text": a string}}; got {value!r:.80}'
    else:
        return f"the template gives this item an unknown answer kind {kind!r}"
    return None


def answer_problems(template: dict[str, Any], answers: Any) -> list[dict[str, str]]:
    """Every answer that does not fit its item, as ``{path, reason}``; [] when all fit.

    Paths are JSON Pointers into the inspection (``/answers/<item id>/value``). Items left
    unanswered are not problems here: an inspector may stop part-way.
    """
    if not isinstance(answers, dict):
        return [{"path": "/answers", "reason": "must be an object keyed by item id"}]
    known = items_by_id(template)
    where = f"{template.get('template_id')} version {template.get('version')}"
    problems = []
    for item_id in sorted(answers):
        answer = answers[item_id]
        item = known.get(item_id)
        if item is None:
            problems.append(
                {
                    "path": json_pointer("answers", item_id),
                    "reason": f"unknown item id: {where} has no item {item_id!r:.100}",
                }
            )
            continue
        if not isinstance(answer, dict) or "value" not in answer:
            problems.append(
                {"path": json_pointer("answers", item_id), "reason": "must be an object with a value"}
            )
            continue
        reason = _value_problem(item.get("answer", {}), answer["value"])
        if reason:
            problems.append({"path": json_pointer("answers", item_id, "value"), "reason": reason})
    return problems


def is_finding(item: dict[str, Any], value: Any) -> bool:
    """Whether an answer that fits its item is a failure to meet the requirement.

    A "no"; a count below the item's ``pass_at_least``; a choice among its ``fails_on``. "na",
    text answers and anything unanswered are not findings.
    """
    spec = item.get("answer", {})
    kind = spec.get("kind")
    if kind == "yes_no_na":
        return value == "no"
    if kind == "count":
        return _is_integer(value) and value < spec.get("pass_at_least", 0)
    if kind == "choice":
        return isinstance(value, dict) and value.get("choice") in spec.get("fails_on", ())
    return False


def spec_errors(template: dict[str, Any]) -> list[dict[str, str]]:
    """Answer specs that could never work as written: a finding rule on the wrong kind of answer,
    or a ``fails_on`` naming a choice the item does not offer. Call on a schema-valid template."""
    errors = []
    for s, section in enumerate(template["sections"]):
        for i, item in enumerate(section["items"]):
            spec, where = item["answer"], f"/sections/{s}/items/{i}/answer"
            if "pass_at_least" in spec and spec["kind"] != "count":
                errors.append({"path": f"{where}/pass_at_least", "reason": "only a count item has a pass_at_least"})
            if "fails_on" in spec and spec["kind"] != "choice":
                errors.append({"path": f"{where}/fails_on", "reason": "only a choice item has fails_on"})
            offered = {c["value"] for c in spec.get("choices", [])}
            for value in spec.get("fails_on", []):
                if spec["kind"] == "choice" and value not in offered:
                    errors.append({"path": f"{where}/fails_on",
                                   "reason": f"{value!r} is not one of this item's choices"})
    return errors
