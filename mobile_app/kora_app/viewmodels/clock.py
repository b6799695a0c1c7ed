"""The time stamps the phone writes: ISO 8601 in UTC (the schemas' timestamp format)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
