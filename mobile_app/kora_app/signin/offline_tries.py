"""Wrong offline passwords in a row, and the growing wait they cost.

The offline sign-in checks the password against the hash kept on the phone, so nothing but the
phone can slow a guesser down. From the ``FREE_TRIES``-th wrong password in a row on, each wrong
one makes the next try wait: ``FIRST_WAIT`` seconds, doubling, at most ``LONGEST_WAIT``. There is
no lock-out: an inspector in the field always gets in after the wait. The count and the end of
the wait are kept in the store's settings, so closing the app does not reset them; a right
password, offline or online, does.

The wait is measured on the phone's clock. A clock set back cannot make it longer than the wait
that was given (the remaining time is capped by it); a clock set forward does shorten it.
"""

from __future__ import annotations

from ..store.database import Store

KEY = "offline_sign_in_failures"  # {"count": wrong in a row, "until": end of the wait, "wait": its length}
FREE_TRIES = 5
FIRST_WAIT = 30.0
LONGEST_WAIT = 30 * 60.0


def wait_after(count: int) -> float:
    """Seconds to wait after ``count`` wrong passwords in a row (0 while tries are free)."""
    if count < FREE_TRIES:
        return 0.0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (count - FREE_TRIES))


def _kept(store: Store) -> dict:
    kept = store.setting(KEY)
    return kept if isinstance(kept, dict) else {"count": 0, "until": 0.0, "wait": 0.0}


def remaining(store: Store, now: float) -> float:
    """Seconds before the next offline try is heard; 0 when it may go ahead."""
    kept = _kept(store)
    return max(0.0, min(float(kept["until"]) - now, float(kept["wait"])))


def failed(store: Store, now: float) -> float:
    """Count a wrong password; the wait it starts (0 while tries are free)."""
    count = int(_kept(store)["count"]) + 1
    wait = wait_after(count)
    store.set_setting(KEY, {"count": count, "until": now + wait, "wait": wait})
    return wait


def succeeded(store: Store) -> None:
    if store.setting(KEY) is not None:
        store.set_setting(KEY, None)
