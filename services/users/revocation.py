"""Refusing revoked tokens: all of a user's tokens (tokens_valid_after), one jti, or a deactivated user.

Installed as ``app.state.revocation_check``. A service that follows the users database
(``FOLLOW``, services/common/changes_follower.py) holds what the check needs of every account and
reads nothing per request; a revocation takes effect as soon as the follower's long-poll answers
(milliseconds). Without a live follower the user document is cached in-process for CACHE_SECONDS,
so a request costs at most one read per user every few seconds; a revocation then takes effect
within CACHE_SECONDS on other replicas (at once on this one: revoking clears the local cache).
"""

from __future__ import annotations

import threading
import time
from typing import Any

from fastapi import FastAPI, Request

from services.common.auth import Principal
from services.common.couch import Couch
from services.common.errors import KoraError

CACHE_SECONDS = 10.0
_cache: dict[tuple[str, str], tuple[float, dict | None]] = {}
_lock = threading.Lock()


def forget(couch: Couch, name: str) -> None:
    with _lock:
        _cache.pop((couch.name("users"), name), None)


def _what_the_check_needs(doc: dict[str, Any]) -> dict[str, Any] | None:
    if not str(doc.get("_id", "")).startswith("user:"):
        return None
    return {k: doc[k] for k in ("active", "tokens_valid_after", "revoked_jtis") if k in doc}


FOLLOW = {"users": _what_the_check_needs}  # for create_service(follow=...)


def _held_user(couch: Couch, name: str) -> dict | None:
    follower = couch.followers.get("users")
    return follower.held.get(f"user:{name}") if follower is not None and follower.live else None


def _user(couch: Couch, name: str, fresh: bool = False) -> dict | None:
    key = (couch.name("users"), name)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit and now - hit[0] < CACHE_SECONDS and not fresh:
        return hit[1]
    user = couch.db("users").get(f"user:{name}")
    with _lock:
        _cache[key] = (now, user)
    return user


def check_principal(couch: Couch, principal: Principal) -> None:
    """What the users follower holds may only let a token through: a refusal (an account created
    or re-activated a moment ago in another process, not seen yet) is confirmed by a read."""
    held = _held_user(couch, principal.name)
    if held is not None:
        try:
            return _check(held, principal)
        except KoraError:
            pass  # confirmed below, by a read that skips the cache
    _check(_user(couch, principal.name, fresh=held is not None), principal)


def _check(user: dict | None, principal: Principal) -> None:
    if user is None:
        # Signed with our key, yet no account: refused, since nothing could ever revoke it.
        raise KoraError("token_revoked", "there is no account for this token")
    if not user.get("active", False):
        raise KoraError("token_revoked", "this account is deactivated")
    if principal.issued_at < user.get("tokens_valid_after", 0):
        raise KoraError("token_revoked")
    if principal.token_id in user.get("revoked_jtis", ()):
        raise KoraError("token_revoked")


def install(app: FastAPI) -> None:
    def revocation_check(request: Request, principal: Principal) -> None:
        check_principal(request.app.state.couch, principal)

    app.state.revocation_check = revocation_check
