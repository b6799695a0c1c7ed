"""The role checks every router uses, defined once.

Each alias is one ``require_roles`` dependency object, so FastAPI runs it once per request even
when a route and its body dependency both ask for it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.common.auth import Principal, current_principal, require_roles

SignedIn = Annotated[Principal, Depends(current_principal)]
Administrator = Annotated[Principal, Depends(require_roles("administrator"))]
SupervisorOrAdministrator = Annotated[Principal, Depends(require_roles("supervisor", "administrator"))]
Inspector = Annotated[Principal, Depends(require_roles("inspector"))]

__all__ = ["Administrator", "Inspector", "Principal", "SignedIn", "SupervisorOrAdministrator"]
