"""Guessing access codes is rate-limited per address and per notice number, in CouchDB.

Each failed look-up is recorded in ``guesses:address:<ip>`` and ``guesses:number:<number>``
(the times of the failures in the last window), written with ``_rev`` and retried on 409, so every
replica of the notices service counts the same failures. While either holds its limit of failures
within the window, the portal answers 429 without checking the code at all.

A success does not clear anything: a business holding one good code must not be able to reset the
count of its address between guesses at other numbers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from services.common.couch import Couch
from services.notices import store

WINDOW = timedelta(minutes=15)
LIMITS = {"address": 20, "number": 10}
ROUNDS = 10


def _id(kind: str, key: str) -> str:
    return f"guesses:{kind}:{key[:100]}"


def _recent(doc: dict[str, Any] | None, now: datetime) -> list[str]:
    if doc is None:
        return []
    return [t for t in doc.get("failures", []) if datetime.fromisoformat(t) > now - WINDOW]


def _keys(address: str, number: str | None) -> list[tuple[str, str]]:
    return [("address", address)] + ([("number", number)] if number else [])


def blocked(couch: Couch, address: str, number: str | None, now: datetime) -> bool:
    """Whether this address, or this notice number, used up its failures for now."""
    return any(len(_recent(store.get(couch, _id(kind, key)), now)) >= LIMITS[kind]
               for kind, key in _keys(address, number))


def record_failure(couch: Couch, address: str, number: str | None, now: datetime) -> None:
    for kind, key in _keys(address, number):
        for _ in range(ROUNDS):
            doc = store.get(couch, _id(kind, key)) or {"_id": _id(kind, key), "type": "guesses"}
            failures = _recent(doc, now)[-(LIMITS[kind] * 2):] + [now.isoformat()]
            if store.put(couch, {**doc, "failures": failures}) is not None:
                break
