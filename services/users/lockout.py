"""Failed sign-ins slow down, then lock, an account (and slow down a client address).

Counters live in the `users` db as `lockout:<kind>:<key>` documents so every replica sees them;
`_rev` conflicts from concurrent failures are retried. Thresholds come from the environment:
KORA_LOGIN_SLOWDOWN_AFTER (5), KORA_LOGIN_LOCK_AFTER (10), KORA_LOGIN_LOCK_MINUTES (15).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from services.common.couch import Couch
from services.common.errors import KoraError

Clock = Callable[[], float]
FORGET_AFTER_SECONDS = 3600  # failures older than this no longer count
MAX_DELAY_SECONDS = 300


@dataclass(frozen=True)
class Thresholds:
    slowdown_after: int = 5
    lock_after: int = 10
    lock_seconds: int = 15 * 60

    @classmethod
    def from_env(cls) -> Thresholds:
        return cls(int(os.environ.get("KORA_LOGIN_SLOWDOWN_AFTER", "5")), int(os.environ.get("KORA_LOGIN_LOCK_AFTER", "10")),
                   int(os.environ.get("KORA_LOGIN_LOCK_MINUTES", "15")) * 60)


def _doc_id(kind: str, key: str) -> str:
    return f"lockout:{kind}:{key}"


def _load(couch: Couch, doc_id: str) -> dict | None:
    return couch.db("users").get(doc_id)


def check_allowed(couch: Couch, kind: str, key: str, limits: Thresholds, now: float) -> None:
    """Raise account_locked / too_many_attempts if this key must wait."""
    state = _load(couch, _doc_id(kind, key))
    if not state:
        return
    if state.get("locked_until", 0) > now:
        raise KoraError("account_locked", retry_after=int(state["locked_until"] - now) + 1)
    failures = state.get("failures", 0)
    if failures >= limits.slowdown_after and now - state.get("last_failure", 0) < FORGET_AFTER_SECONDS:
        delay = min(2 ** (failures - limits.slowdown_after + 1), MAX_DELAY_SECONDS)
        wait = state["last_failure"] + delay - now
        if wait > 0:
            raise KoraError("too_many_attempts", retry_after=int(wait) + 1)


def record_failure(couch: Couch, kind: str, key: str, limits: Thresholds, now: float, can_lock: bool) -> None:
    db = couch.db("users")
    doc_id = _doc_id(kind, key)
    for _ in range(10):
        state = _load(couch, doc_id) or {"_id": doc_id, "type": "lockout", "failures": 0}
        if now - state.get("last_failure", now) >= FORGET_AFTER_SECONDS:
            state["failures"] = 0
        state["failures"] += 1
        state["last_failure"] = now
        if can_lock and state["failures"] >= limits.lock_after:
            state["locked_until"] = now + limits.lock_seconds
            state["failures"] = 0
        if db.put(state) is not None:
            return
    raise KoraError("conflict", "the sign-in counter kept changing; try again")


def clear(couch: Couch, kind: str, key: str) -> bool:
    """Forget the failures of a key (after a good sign-in, or an administrator's unlock)."""
    db = couch.db("users")
    for _ in range(10):
        state = _load(couch, _doc_id(kind, key))
        if state is None:
            return False
        if db.delete(state):
            return True
    return False
