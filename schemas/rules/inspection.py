"""What of an inspection the phone owns, how two versions are compared, and which photos it names.

The phone computes the same digest before it sends, the server when it stores; both must agree
byte for byte, so this is the one implementation.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Fields the server owns: stripped from what a phone pushes, carried over from the stored version.
SERVER_FIELDS = frozenset({"_rev", "_attachments", "_conflicts", "_deleted", "review", "history",
                           "received_at", "content_digest", "summary"})


def phone_content(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in SERVER_FIELDS}


def _normalised(value: Any) -> Any:
    # CouchDB may hand 2.0 back as 2; the comparison must not see a change there.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def content_digest(doc: dict[str, Any]) -> str:
    """SHA-256 of the phone-owned content, independent of key order and number spelling."""
    canonical = json.dumps(_normalised(phone_content(doc)), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return content_digest(a) == content_digest(b)


def referenced_photos(doc: dict[str, Any]) -> list[str]:
    """Every photo hash the inspection names (answers' photos and a signature image), in order."""
    hashes: list[str] = []
    answers = doc.get("answers")
    if isinstance(answers, dict):
        for answer in answers.values():
            if isinstance(answer, dict) and isinstance(answer.get("photos"), list):
                hashes.extend(h for h in answer["photos"] if isinstance(h, str))
    signature = doc.get("signature")
    if isinstance(signature, dict) and isinstance(signature.get("image"), str):
        hashes.append(signature["image"])
    return list(dict.fromkeys(hashes))
