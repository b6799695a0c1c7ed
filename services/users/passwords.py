"""Password hashing (argon2id, rehashed when the parameters change) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from services.common.errors import KoraError

HASHER = PasswordHasher()
MIN_LENGTH = 10
MAX_LENGTH = 128
POLICY = (f"A password has {MIN_LENGTH} to {MAX_LENGTH} characters, with at least one letter and one digit, "
          "and is not the user name.")

# Verified against for unknown names so an unknown name costs the same work as a wrong password.
_DUMMY_HASH = HASHER.hash("not-a-real-password-0")


def check_policy(password: object, name: str = "") -> str:
    if not isinstance(password, str):
        raise KoraError("invalid_request", "the password must be a string. " + POLICY)
    if not (MIN_LENGTH <= len(password) <= MAX_LENGTH) or not any(c.isalpha() for c in password) \
            or not any(c.isdigit() for c in password) or (name and name.lower() in password.lower()):
        raise KoraError("weak_password", POLICY)
    return password


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
