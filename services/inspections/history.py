"""The audit trail of an inspection: one entry per supervisor's decision (who, when, what, why).

An entry's ``changes`` are ``{path, before, after}`` with JSON Pointer paths into the inspection,
so the review page shows each as a diff and the original value of a corrected answer is kept.
"""

from __future__ import annotations

from typing import Any


def change(path: str, before: Any, after: Any) -> dict[str, Any]:
    return {"path": path, "before": before, "after": after}


def entry(by: str, at: str, action: str, why: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"by": by, "at": at, "action": action, "why": why, "changes": changes}


def append(doc: dict[str, Any], new_entry: dict[str, Any]) -> None:
    doc["history"] = [*doc.get("history", []), new_entry]


def entries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The trail, newest first, as the page shows it."""
    return list(reversed(doc.get("history", [])))
