"""The photo rule of a template item: which answers of a submitted inspection must name a photo.

Each item of a template version says ``photo``:

    never   no photo is asked for (one may still be attached)
    on_no   an answer that is a finding must name at least one photo: the evidence of the failure,
            which a rectification notice will cite. What a finding is comes from services/catalog
            ``is_finding``: a "no", a count below the item's ``pass_at_least``, a choice in its
            ``fails_on``
    always  every answer must name at least one photo, except "na": an item that does not apply
            to the venue has nothing to photograph

The rule is checked when an inspection is submitted, i.e. on every push (the phone pushes only
submitted inspections; a draft never leaves the phone, so a draft may lack photos while the
inspector works). Unanswered items need nothing: an inspector may stop part-way, and
``answer_problems`` reports answers to unknown items. Pure: no database, so that the app can run
the same rule before it lets an inspection be submitted, as the sync push does after it.
"""

from __future__ import annotations

from typing import Any

from schemas.rules.answers import is_finding, json_pointer

PHOTO_REQUIRED = "photo_required"


def needs_photo(item: dict[str, Any], value: Any) -> bool:
    """Whether an answer with ``value`` to ``item`` must name a photo under the item's photo rule."""
    rule = item.get("photo")
    if rule == "always":
        return value != "na"
    if rule == "on_no":
        return is_finding(item, value)
    return False


def missing_photos(template: dict[str, Any], answers: Any) -> list[dict[str, str]]:
    """Every answer that the photo rule of its item requires a photo for and that names none.

    Each problem is ``{path: /answers/<item id>/photos, reason, code: photo_required, item}``.
    """
    if not isinstance(answers, dict):
        return []
    problems = []
    for section in template.get("sections", []) or []:
        for item in section.get("items", []) or []:
            answer = answers.get(item.get("id")) if isinstance(item, dict) else None
            if not isinstance(answer, dict) or "value" not in answer:
                continue
            rule, value = item.get("photo"), answer["value"]
            if not needs_photo(item, value) or answer.get("photos"):
                continue
            when = "when the answer is a finding" if rule == "on_no" else "for every answer but na"
            problems.append({
                "path": json_pointer("answers", item["id"], "photos"),
                "reason": f"item {item['id']} requires a photo {when} (photo rule {rule!r}); "
                          "take one before submitting",
                "code": PHOTO_REQUIRED,
                "item": item["id"],
            })
    return problems
