"""Device cookies: proof that a client signed in to an account before.

A good sign-in hands the client a device cookie, a JWT signed with the service's key for that
account, with its own audience so that it can never pass as a sign-in token. A client that shows
it at its next sign-in is judged by its own failure counter only (lockout.py): strangers guessing
the password, from any address, cannot keep the user's own phone or browser out. This is OWASP's
"device cookie" defence against online guessing.
"""

from __future__ import annotations

import time
import uuid

import jwt

from services.common.auth import ALGORITHM, ISSUER
from services.common.settings import Settings

AUDIENCE = "kora-device"
LIFETIME_SECONDS = 365 * 86400


def issue(settings: Settings, name: str, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": name, "iat": issued,
              "exp": issued + LIFETIME_SECONDS, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, settings.kora_secret_key, algorithm=ALGORITHM)


def read(settings: Settings, cookie: object, name: str) -> str | None:
    """The device's id if ``cookie`` is a valid device cookie for account ``name``, else None."""
    if not isinstance(cookie, str) or len(cookie) > 2000:
        return None
    try:
        claims = jwt.decode(cookie, settings.kora_secret_key, algorithms=[ALGORITHM], issuer=ISSUER,
                            audience=AUDIENCE, options={"require": ["exp", "sub", "jti"]})
    except jwt.PyJWTError:
        return None
    jti = claims.get("jti")
    return jti if claims.get("sub") == name and isinstance(jti, str) and jti.isalnum() else None
