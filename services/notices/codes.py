"""Access codes: made once when a notice is issued, printed on its PDF, kept only as an argon2 hash.

A code is 16 symbols of Crockford's base-32 alphabet (no I, L, O, U), drawn with ``secrets``:
16 x 5 = 80 bits. Printed as four groups of four; typed in any case, with or without the dashes
or spaces, and I/L read as 1, O as 0 (what people mistype from paper).
"""

from __future__ import annotations

import secrets

from services.users.passwords import hash_password, verify

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SYMBOLS = 16
ENTROPY_BITS = SYMBOLS * 5
_TYPOS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(SYMBOLS))
    return "-".join(raw[i:i + 4] for i in range(0, SYMBOLS, 4))


def normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper().translate(_TYPOS)


def hash_code(code: str) -> str:
    return hash_password(normalise(code))


def matches(code_hash: str | None, code: str) -> bool:
    """Whether ``code`` is the one hashed; the same argon2 work when there is no hash."""
    return verify(code_hash, normalise(code))
