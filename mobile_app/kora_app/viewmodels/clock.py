"""The time stamps the phone writes: the contract's one form (schemas.rules.timestamps: UTC, whole
seconds, ``Z``), as the server writes them, so that stamps compare as strings."""

from __future__ import annotations

from schemas.rules.timestamps import utc_stamp


def now_iso() -> str:
    return utc_stamp()
