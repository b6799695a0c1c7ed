"""Real accounts for tests that go through the doors: created with the users service, signed tokens
issued for them (never for an account that does not exist)."""

from __future__ import annotations

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.users import service as users

PASSWORD = "correct-horse-42"


def account(couch, settings, name: str, role: str, level: str = "region",
            codes: tuple[str, ...] = ()) -> dict[str, str]:
    """Create the account and return the Authorization header of a token for it."""
    users.create_user(couch, {"name": name, "password": PASSWORD, "role": role,
                              "jurisdiction": {"level": level, "codes": list(codes)}})
    token, _ = issue_token(settings, name, role, Jurisdiction(level, codes))
    return {"authorization": f"Bearer {token}"}
