"""An inspection's statuses and who may move it from one to another.

    submitted --approve--> approved
    submitted --return---> returned --(phone re-sends)--> submitted
    submitted --correct--> corrected
    approved  --correct--> corrected

The phone only ever sends ``submitted``. It may replace its inspection while the status is
``submitted`` or ``returned``; after a supervisor approved or corrected it, the inspection is the
supervisor's record and a phone's edit is a conflict.
"""

from __future__ import annotations

SUBMITTED = "submitted"
RETURNED = "returned"
APPROVED = "approved"
CORRECTED = "corrected"
ALL = (SUBMITTED, RETURNED, APPROVED, CORRECTED)

# Statuses in which the phone may still change an inspection; the others are a supervisor's decision.
EDITABLE_BY_PHONE = frozenset({SUBMITTED, RETURNED})

# A supervisor's action -> (statuses it may start from, status it leads to).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({SUBMITTED}), APPROVED),
    "return": (frozenset({SUBMITTED}), RETURNED),
    "correct": (frozenset({SUBMITTED, APPROVED, CORRECTED}), CORRECTED),
}


def next_status(action: str, current: str) -> str | None:
    """The status ``action`` leads to from ``current``, or None when it may not start there."""
    allowed, target = TRANSITIONS[action]
    return target if current in allowed else None
