"""Failed sign-ins slow guessing down without letting anyone lock a user out.

Four counters, ``lockout:<kind>:<key>`` documents in the `users` database, so that every replica
sees them (``_rev`` conflicts are retried):

    device   one device cookie (a phone or browser that signed in to this account before)
    pair     one account from one address, for clients without a device cookie
    account  one account from every address, for clients without a device cookie
    address  one address over every account, for clients without a device cookie

A counter lets ``free`` failures through, then each further try waits 2, 4, 8, … seconds, at
most ``max_delay_seconds`` (``too_many_attempts``, 429, Retry-After). Nothing is ever locked for
good. A client that shows a valid device cookie for the account is judged by its own device
counter only, so a stranger's failures, from anywhere, cannot keep the user's own phone out; a
device cookie with too many failures of its own is worth nothing until its delay runs out. A
good sign-in clears the device and pair counters, never the account or address ones, so that an
attacker cannot reset them by interleaving with the user. Counters forget after a day without
failures. docs/accounts.md gives the reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.settings import Settings

FORGET_AFTER_SECONDS = 24 * 3600
KINDS = ("device", "pair", "account", "address")
DB = "users"


@dataclass(frozen=True)
class Thresholds:
    pair_free: int = 5
    account_free: int = 10
    address_free: int = 30
    device_free: int = 10
    max_delay_seconds: int = 30 * 60

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        return cls(settings.kora_login_pair_free, settings.kora_login_account_free,
                   settings.kora_login_address_free, settings.kora_login_device_free,
                   settings.kora_login_max_delay_minutes * 60)

    def free(self, kind: str) -> int:
        return getattr(self, f"{kind}_free")


def _doc_id(kind: str, key: str) -> str:
    return f"lockout:{kind}:{key}"


def wait_seconds(state: dict | None, free: int, limits: Thresholds, now: float) -> int:
    """How long a client must still wait before its next try under one counter (0: it may try)."""
    if not state or now - state.get("last_failure", 0) >= FORGET_AFTER_SECONDS:
        return 0
    over = state.get("failures", 0) - free
    if over < 0:
        return 0
    delay = min(2 ** (over + 1), limits.max_delay_seconds)
    return max(0, int(state["last_failure"] + delay - now + 0.999))


def check_allowed(couch: Couch, counters: dict[str, str], limits: Thresholds, now: float) -> None:
    """Raise ``too_many_attempts`` with the longest wait among ``counters`` ({kind: key})."""
    states = couch.db(DB).all_docs([_doc_id(kind, key) for kind, key in counters.items()])
    wait = max((wait_seconds(states[_doc_id(kind, key)], limits.free(kind), limits, now)
                for kind, key in counters.items()), default=0)
    if wait > 0:
        raise KoraError("too_many_attempts", f"wait {wait} s before the next sign-in", retry_after=wait)


def device_is_blocked(couch: Couch, device: str, limits: Thresholds, now: float) -> bool:
    state = couch.db(DB).get(_doc_id("device", device))
    return wait_seconds(state, limits.device_free, limits, now) > 0


def record_failure(couch: Couch, kind: str, key: str, now: float) -> None:
    db = couch.db(DB)
    doc_id = _doc_id(kind, key)
    for _ in range(10):
        state = db.get(doc_id) or {"_id": doc_id, "type": "lockout", "failures": 0}
        if now - state.get("last_failure", now) >= FORGET_AFTER_SECONDS:
            state["failures"] = 0
        state["failures"] += 1
        state["last_failure"] = now
        if db.put(state) is not None:
            return
    raise KoraError("conflict", "the sign-in counter kept changing; try again")


def clear(couch: Couch, kind: str, key: str) -> bool:
    """Forget the failures of one counter (after a good sign-in, or an administrator's unlock)."""
    db = couch.db(DB)
    for _ in range(10):
        state = db.get(_doc_id(kind, key))
        if state is None:
            return False
        if db.delete(state):
            return True
    return False


def clear_account(couch: Couch, name: str) -> bool:
    """An administrator's unlock: forget the account counter and every pair counter of the
    account; whether there was anything to forget."""
    db = couch.db(DB)
    pairs = db.id_range(_doc_id("pair", f"{name}|"), _doc_id("pair", f"{name}|\ufff0"))
    cleared = [clear(couch, "account", name)] + [db.delete(p) for p in pairs]
    return any(cleared)
