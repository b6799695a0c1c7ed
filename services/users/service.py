"""Accounts: sign-in, tokens, and the administrators' operations on users."""

from __future__ import annotations

import json
import re
import time
from functools import lru_cache
from pathlib import Path

from schemas.rules.jurisdiction import Jurisdiction
from schemas.rules.timestamps import utc_stamp
from services.common.auth import Principal, issue_token
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.schemas import schema_errors
from services.users import devices, lockout, passwords, revocation

DB = "users"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]{2,31}\Z")  # \Z, not $: "$" lets a trailing newline in
REGIONS_FILE = Path(__file__).resolve().parents[2] / "schemas" / "regions" / "regions.json"
PUBLIC_FIELDS = ("name", "display_name", "role", "jurisdiction", "active", "created_at", "updated_at")


@lru_cache
def known_codes() -> frozenset[str] | None:
    if not REGIONS_FILE.exists():
        return None
    return frozenset(r["code"] for r in json.loads(REGIONS_FILE.read_text(encoding="utf-8"))["regions"])


def _stamp(now: float) -> str:
    return utc_stamp(now)


def public(user: dict) -> dict:
    """What the API shows of a user: never the hash or revocation bookkeeping."""
    return {k: user[k] for k in PUBLIC_FIELDS if k in user}


def _validate(doc: dict) -> None:
    errors = schema_errors("user", doc)
    if errors:
        raise KoraError("invalid_document", "; ".join(f"{e['path'] or '/'}: {e['reason']}" for e in errors[:5]),
                        errors=errors[:20])
    codes = known_codes()
    unknown = [c for c in doc["jurisdiction"]["codes"] if codes is not None and c not in codes]
    if unknown:
        raise KoraError("invalid_document", f"unknown division codes: {', '.join(unknown)}")


def clean_display_name(value: object) -> object:
    # Stored as text: markup is escaped on output by the pages; here we only trim.
    return value.strip() if isinstance(value, str) else value


def get_user(couch: Couch, name: str) -> dict:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise KoraError("not_found", "no such user")
    user = couch.db(DB).get(f"user:{name}")
    if user is None:
        raise KoraError("not_found", "no such user")
    return user


def _save(couch: Couch, doc: dict) -> dict:
    _validate(doc)
    saved = couch.db(DB).put(doc)
    if saved is None:
        if "_rev" in doc:
            raise KoraError("conflict", "the user changed since you read it; read it again") from None
        raise KoraError("already_exists", f"user {doc['name']} already exists") from None
    revocation.forget(couch, doc["name"])
    return saved


def create_user(couch: Couch, data: dict, now: float | None = None) -> dict:
    now = now if now is not None else time.time()
    name = data.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise KoraError(
            "invalid_request", "name: 3 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter"
        )
    password = passwords.check_policy(data.get("password"), name)
    doc = {"_id": f"user:{name}", "type": "user", "name": name, "role": data.get("role"),
           "jurisdiction": data.get("jurisdiction"), "password_hash": passwords.hash_password(password),
           "active": True, "created_at": _stamp(now), "updated_at": _stamp(now)}
    if data.get("display_name") is not None:
        doc["display_name"] = clean_display_name(data["display_name"])
    return _save(couch, doc)


def update_user(couch: Couch, name: str, changes: dict, now: float | None = None) -> dict:
    doc = get_user(couch, name)
    if "_rev" in changes and changes["_rev"] != doc["_rev"]:
        raise KoraError("conflict", "the user changed since you read it; read it again")
    now = now if now is not None else time.time()
    before = (doc["role"], doc["jurisdiction"])
    for key in ("role", "jurisdiction", "display_name"):
        if key in changes:
            doc[key] = clean_display_name(changes[key]) if key == "display_name" else changes[key]
    if (doc["role"], doc["jurisdiction"]) != before:
        doc["tokens_valid_after"] = int(now) + 1  # old tokens carry the old role and reach
    doc["updated_at"] = _stamp(now)
    return _save(couch, doc)


def reset_password(couch: Couch, name: str, password: object, now: float | None = None) -> dict:
    doc = get_user(couch, name)
    doc["password_hash"] = passwords.hash_password(passwords.check_policy(password, name))
    doc["updated_at"] = _stamp(now or time.time())
    return _save(couch, doc)


def deactivate(couch: Couch, name: str, now: float | None = None) -> dict:
    doc = get_user(couch, name)
    doc["active"] = False
    doc["updated_at"] = _stamp(now or time.time())
    return _save(couch, doc)


def revoke(couch: Couch, name: str, jti: str | None = None, now: float | None = None) -> dict:
    """Revoke one token by jti, or (without a jti) every token issued so far."""
    doc = get_user(couch, name)
    now = now if now is not None else time.time()
    if jti is None:
        doc["tokens_valid_after"] = int(now) + 1  # tokens carry whole-second iat
    else:
        if not isinstance(jti, str) or not re.fullmatch(r"[0-9a-f]{32}", jti):
            raise KoraError("invalid_request", "jti: 32 hexadecimal digits")
        doc["revoked_jtis"] = (doc.get("revoked_jtis", []) + [jti])[-200:]
    doc["updated_at"] = _stamp(now)
    return _save(couch, doc)


def list_users(couch: Couch, viewer: Principal, role: str | None = None, county: str | None = None) -> list[dict]:

    users = couch.db(DB).id_range("user:", "user:\ufff0")
    if viewer.role == "supervisor":
        users = [u for u in users if u["role"] == "inspector" and _within(u, viewer)]
    if role:
        users = [u for u in users if u["role"] == role]
    if county:
        users = [u for u in users if Jurisdiction.from_dict(u["jurisdiction"]).covers(county)]
    return [public(u) for u in users]


def _within(user: dict, viewer: Principal) -> bool:
    j = Jurisdiction.from_dict(user["jurisdiction"])
    if j.level == "region":
        return viewer.jurisdiction.level == "region"
    return bool(j.codes) and all(viewer.can_reach(c) for c in j.codes)


def _counters(couch: Couch, settings, name: str, valid_name: bool, address: str, device_cookie: object,
              limits: lockout.Thresholds, now: float) -> dict[str, str]:
    """The failure counters a sign-in is judged by (lockout.py): its device's own, or those of a
    client the account has never seen."""
    device = devices.read(settings, device_cookie, name) if valid_name else None
    if device and not lockout.device_is_blocked(couch, device, limits, now):
        return {"device": device}
    counters = {"address": address}
    if valid_name:
        counters.update(pair=f"{name}|{address}", account=name)
    return counters


def login(couch: Couch, settings, name: object, password: object, address: str,
          limits: lockout.Thresholds, now: float | None = None, device_cookie: object = None) -> dict:
    now = now if now is not None else time.time()
    if not isinstance(name, str) or not isinstance(password, str) or len(password) > passwords.MAX_LENGTH:
        raise KoraError("invalid_request", "name and password must be strings (password at most 128 characters)")
    valid_name = bool(NAME_PATTERN.fullmatch(name))
    counters = _counters(couch, settings, name, valid_name, address, device_cookie, limits, now)
    lockout.check_allowed(couch, counters, limits, now)
    user = couch.db(DB).get(f"user:{name}") if valid_name else None
    good = passwords.verify(user["password_hash"] if user else None, password)
    if not good or not user.get("active", False):
        for kind, key in counters.items():
            lockout.record_failure(couch, kind, key, now)
        raise KoraError("bad_credentials")
    for kind in ("device", "pair"):
        if kind in counters:
            lockout.clear(couch, kind, counters[kind])
    if passwords.needs_rehash(user["password_hash"]):
        user["password_hash"] = passwords.hash_password(password)
        couch.db(DB).put(user)  # on a conflict it is rehashed at the next sign-in
    answer = token_answer(settings, user, now)
    answer["device_cookie"] = device_cookie if "device" in counters else devices.issue(settings, name, now)
    return answer


def token_answer(settings, user: dict, now: float) -> dict:
    token, claims = issue_token(
        settings, user["name"], user["role"], Jurisdiction.from_dict(user["jurisdiction"]), now=now
    )
    return {"token": token, "token_type": "bearer", "expires_at": claims["exp"], "jti": claims["jti"],
            "user": public(user)}


def refresh(couch: Couch, settings, principal: Principal, now: float | None = None) -> dict:
    user = get_user(couch, principal.name)
    if not user.get("active", False):
        raise KoraError("token_revoked", "this account is deactivated")
    return token_answer(settings, user, now if now is not None else time.time())
