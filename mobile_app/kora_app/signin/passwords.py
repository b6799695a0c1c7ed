"""The password kept on the phone, as a slow hash: scrypt from Python's standard library.

hashlib.scrypt is OpenSSL's, which python-for-android builds (its ``openssl`` recipe), so no
native package is needed. n=2**14, r=8, p=1 costs 16 MiB and tens of milliseconds on a phone:
slow enough that a stolen phone's file does not give the password up to a quick guess, fast
enough for a sign-in. If a build lacks scrypt, PBKDF2-SHA256 (also stdlib) with 600 000 rounds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_ROUNDS = 600_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    secret = password.encode("utf-8")
    if hasattr(hashlib, "scrypt"):
        key = hashlib.scrypt(secret, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
        return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"
    key = hashlib.pbkdf2_hmac("sha256", secret, salt, PBKDF2_ROUNDS)
    return f"pbkdf2_sha256${PBKDF2_ROUNDS}${_b64(salt)}${_b64(key)}"


def verify(kept: str, password: str) -> bool:
    parts = kept.split("$")
    secret = password.encode("utf-8")
    if parts[0] == "scrypt" and len(parts) == 6:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        found = hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=len(key))
    elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
        salt, key = base64.b64decode(parts[2]), base64.b64decode(parts[3])
        found = hashlib.pbkdf2_hmac("sha256", secret, salt, int(parts[1]))
    else:
        return False
    return hmac.compare_digest(found, key)
