"""Who is calling: bearer tokens, principals, and the role and jurisdiction checks every router uses.

Tokens are JWTs signed with KORA_SECRET_KEY (HS256). They stay valid while a phone is offline for
KORA_TOKEN_DAYS days. Revocation and sign-in live in services/users; this module only reads tokens.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from schemas.rules.jurisdiction import Jurisdiction
from services.common.errors import KoraError
from services.common.settings import Settings

ROLES = ("inspector", "supervisor", "administrator")
ALGORITHM = "HS256"
ISSUER = "kora"

_bearer = HTTPBearer(auto_error=False, description="The token that POST /auth/login returns")


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    jurisdiction: Jurisdiction
    token_id: str = ""
    issued_at: int = 0
    extra: dict = field(default_factory=dict, compare=False)

    def can_reach(self, county_code: str) -> bool:
        return self.jurisdiction.covers(county_code)


def issue_token(settings: Settings, name: str, role: str, jurisdiction: Jurisdiction,
                lifetime_seconds: int | None = None, now: float | None = None) -> tuple[str, dict]:
    """Sign a token; return it and its claims."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    issued = int(now if now is not None else time.time())
    lifetime = lifetime_seconds if lifetime_seconds is not None else settings.kora_token_days * 86400
    claims = {"iss": ISSUER, "sub": name, "role": role, "jur": jurisdiction.as_dict(),
              "iat": issued, "exp": issued + lifetime, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, settings.kora_secret_key, algorithm=ALGORITHM), claims


def read_token(settings: Settings, token: str) -> Principal:
    try:
        claims = jwt.decode(token, settings.kora_secret_key, algorithms=[ALGORITHM], issuer=ISSUER,
                            options={"require": ["exp", "iat", "sub", "jti"]})
    except jwt.ExpiredSignatureError:
        raise KoraError("token_expired") from None
    except jwt.PyJWTError:
        raise KoraError("token_invalid") from None
    try:
        jurisdiction = Jurisdiction.from_dict(claims["jur"])
        role = claims["role"]
    except (KeyError, TypeError):
        raise KoraError("token_invalid") from None
    if role not in ROLES:
        raise KoraError("token_invalid")
    return Principal(claims["sub"], role, jurisdiction, claims["jti"], claims["iat"])


# A hook the users domain sets to refuse revoked tokens: (request, principal) -> None or raise.
RevocationCheck = Callable[[Request, Principal], None]


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise KoraError("not_authenticated")
    principal = read_token(request.app.state.settings, credentials.credentials)
    check: RevocationCheck | None = getattr(request.app.state, "revocation_check", None)
    if check is not None:
        check(request, principal)
    return principal


def require_roles(*roles: str) -> Callable[..., Principal]:
    """A dependency that lets through only the named roles."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    async def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        # async: a comparison needs no trip through the thread pool
        if principal.role not in roles:
            raise KoraError("forbidden", f"this needs the role {' or '.join(roles)}; you are {principal.role}")
        return principal

    return dependency


def ensure_reach(principal: Principal, county_codes: Iterable[str]) -> None:
    """Refuse with ``forbidden`` unless every county is inside the principal's jurisdiction."""
    outside = sorted({c for c in county_codes if not principal.can_reach(c)})
    if outside:
        raise KoraError("forbidden", f"outside your jurisdiction: {', '.join(outside)}")
