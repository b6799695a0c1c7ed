"""A business finds its notice with the number and the access code printed on the paper notice.

The notice's ``_id`` is ``notice:<number>``, so the lookup is one GET. A wrong code and an unknown
number get the same answer and cost the same argon2 work, so the portal does not tell which
numbers exist.
"""

from __future__ import annotations

import re
from typing import Any

from services.common.couch import Couch
from services.users.passwords import verify

NUMBER = re.compile(r"^[A-Za-z0-9-]{1,40}$")
MAX_CODE_LENGTH = 40


def find_notice(couch: Couch, number: str, code: str) -> dict[str, Any] | None:
    """The notice with this number if the access code matches it, else None."""
    if not NUMBER.match(number) or not 0 < len(code) <= MAX_CODE_LENGTH:
        verify(None, code[:MAX_CODE_LENGTH])
        return None
    answer = couch.http.get(f"/{couch.name('notices')}/notice:{number}")
    if answer.status_code == 404:
        verify(None, code)
        return None
    answer.raise_for_status()
    notice = answer.json()
    if notice.get("type") != "notice" or not verify(notice.get("access_code_hash"), code):
        return None
    return notice
