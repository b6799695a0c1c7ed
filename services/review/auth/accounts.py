"""The two calls the review pages make into services/users beyond its plain CRUD: sign-in (with
the lock-out thresholds and the caller's address) and an administrator's unlock. Kept here
together so that a change of those rules in services/users is followed in one place."""

from __future__ import annotations

from fastapi import Request

from services.common.client_address import client_address
from services.users import lockout
from services.users import service as users


def sign_in(request: Request, name: str, password: str) -> dict:
    """services/users ``login`` exactly as the sync service's POST /auth/login calls it."""
    settings = request.app.state.settings
    return users.login(request.app.state.couch, settings, name, password, client_address(request),
                       lockout.Thresholds.from_settings(settings))


def unlock(request: Request, name: str) -> None:
    """Forget an account's failed sign-ins, as POST /admin/users/{name}/unlock does."""
    users.get_user(request.app.state.couch, name)
    lockout.clear_account(request.app.state.couch, name)
