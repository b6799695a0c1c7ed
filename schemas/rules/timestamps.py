"""Timestamps as the contract writes them: UTC, whole seconds, ``Z`` (``2026-05-04T02:15:00Z``).

Phone and server stamp documents the same way, so that stamps compare as strings.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_stamp(moment: datetime | float | None = None) -> str:
    """``moment`` (a datetime, POSIX seconds, or now when None) as a contract timestamp."""
    if moment is None:
        moment = datetime.now(UTC)
    elif not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
