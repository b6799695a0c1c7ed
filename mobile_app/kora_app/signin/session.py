"""Signing in on the phone: online the first time, then offline with the same password.

The first sign-in goes to the server (kora_app.sync ``sign_in``). On success the phone keeps the
token, its expiry, the user (name, role, jurisdiction) and a slow hash of the password
(``passwords.hash_password``: scrypt from the standard library). Later the app opens offline
when the same password matches that hash, for as long as the inspector likes: work never waits
on the network (after five wrong passwords in a row, each next try waits longer: offline_tries).
Sending does: when the token's offline validity (KORA_TOKEN_DAYS on the server)
has run out, the outbox keeps everything and the sync status asks for an online sign-in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from schemas.rules.jurisdiction import Jurisdiction

from ..message import Message, duration
from ..store.database import Store, dumps
from ..store.errors import StoreError
from ..sync import SyncError, sign_in
from . import offline_tries, passwords

DEVICE_COOKIE_KEY = "device_cookies"  # {user name: the device cookie its last sign-in here gave}


class SignInError(StoreError):
    code = "sign_in_failed"


class WrongPassword(SignInError):
    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__(Message("error:wrong_password"), "the name or password does not match")


class FirstSignInNeedsNetwork(SignInError):
    code = "first_sign_in_online"

    def __init__(self, detail: str = "") -> None:
        super().__init__(Message("error:first_sign_in_online"),
                         detail or "this phone has never signed in: the first sign-in must reach the server")


class UnsentWork(SignInError):
    code = "unsent_work"

    def __init__(self, count: int) -> None:
        super().__init__(Message("error:unsent_work", count=count),
                         f"{count} inspections are not on the server yet")
        self.count = count


class WaitBeforeTrying(SignInError):
    """Too many wrong offline passwords in a row: the next one is heard after ``wait`` seconds."""

    code = "wait_before_trying"

    def __init__(self, wait: float) -> None:
        super().__init__(Message("error:wait_before_trying", wait=duration(wait)),
                         f"too many wrong offline passwords: wait {wait:.0f} s")
        self.wait = wait


@dataclass(frozen=True)
class Session:
    name: str
    role: str
    jurisdiction: Jurisdiction
    token: str | None
    token_expires_at: float | None
    user: dict[str, Any]

    def can_send(self, now: float) -> bool:
        """Whether the server will still take this token (it is valid offline until it expires)."""
        return bool(self.token) and self.token_expires_at is not None and now < self.token_expires_at


def _from_row(row: Any) -> Session:
    user = json.loads(row["user"])
    return Session(name=row["name"], role=user.get("role", "inspector"),
                   jurisdiction=Jurisdiction.from_dict(user.get("jurisdiction", {"level": "county"})),
                   token=row["token"], token_expires_at=row["token_expires_at"], user=user)


def current(store: Store) -> Session | None:
    row = store.row("SELECT * FROM account WHERE id = 1")
    return _from_row(row) if row else None


def sign_in_online(store: Store, server: str, name: str, password: str, now_iso: str,
                   login: Callable[..., dict[str, Any]] = sign_in, **login_options: Any) -> Session:
    """Sign in against the server and keep what lets the same password open the app offline.

    Signing in as someone else than the phone's last user is refused while that user's work is
    unsent (it would go out under the wrong name)."""
    cookie = store.setting(DEVICE_COOKIE_KEY)
    answer = login(server, name, password, device_cookie=cookie.get(name) if isinstance(cookie, dict) else None,
                   **login_options)
    previous = current(store)
    if previous is not None and previous.name != answer["user"]["name"]:
        from ..outbox.queue import unsent_count

        count = unsent_count(store)
        if count:
            raise UnsentWork(count)
    kept = passwords.hash_password(password)
    with store.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO account (id, name, password_hash, token, token_expires_at, user, signed_in_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                answer["user"]["name"],
                kept,
                answer["token"],
                float(answer["expires_at"]),
                dumps(answer["user"]),
                now_iso,
            ),
        )
    if answer.get("device_cookie"):
        kept_cookies = cookie if isinstance(cookie, dict) else {}
        store.set_setting(DEVICE_COOKIE_KEY, {**kept_cookies, answer["user"]["name"]: answer["device_cookie"]})
    offline_tries.succeeded(store)
    return current(store)  # type: ignore[return-value]


def sign_in_offline(store: Store, name: str, password: str, now: float | None = None) -> Session:
    """Open the app without the network: the password must match the hash kept at the last online
    sign-in. The token may have expired; work goes on, sending waits (``Session.can_send``).
    After repeated wrong passwords a try is refused unheard until the wait is over (offline_tries)."""
    now = time.time() if now is None else now
    row = store.row("SELECT * FROM account WHERE id = 1")
    if row is None:
        raise FirstSignInNeedsNetwork()
    wait = offline_tries.remaining(store, now)
    if wait:
        raise WaitBeforeTrying(wait)
    if row["name"] != name or not passwords.verify(row["password_hash"], password):
        wait = offline_tries.failed(store, now)
        raise WaitBeforeTrying(wait) if wait else WrongPassword()
    offline_tries.succeeded(store)
    return _from_row(row)


def sign_in_anywhere(store: Store, server: str, name: str, password: str, now_iso: str,
                     **login_options: Any) -> Session:
    """Online when the server answers (a fresh token), offline when it cannot be reached."""
    try:
        return sign_in_online(store, server, name, password, now_iso, **login_options)
    except SyncError as exc:
        if exc.code in ("bad_credentials", "account_locked", "forbidden"):
            refusal = (Message("error:server_wrong_password") if exc.code == "bad_credentials"
                       else Message("error:account_locked"))
            raise SignInError(refusal, exc.detail) from exc
        if current(store) is None:
            raise FirstSignInNeedsNetwork(exc.detail) from exc
        return sign_in_offline(store, name, password)


def token_expired(store: Store) -> None:
    """The server said the token is no longer good (expired or revoked): sending waits for an
    online sign-in; everything on the phone stays."""
    with store.transaction() as db:
        db.execute("UPDATE account SET token_expires_at = 0 WHERE id = 1")


def sign_out(store: Store) -> None:
    """Forget the account, refused while anything is unsent (UnsentWork names the count)."""
    from ..outbox.queue import unsent_count

    count = unsent_count(store)
    if count:
        raise UnsentWork(count)
    with store.transaction() as db:
        db.execute("DELETE FROM account")
