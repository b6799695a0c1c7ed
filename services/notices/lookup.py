"""A business finds its notice with the number and the access code printed on the paper notice.

The notice's ``_id`` is ``notice:<number>``, so the lookup is one GET. A wrong code and an unknown
number get the same answer and cost the same argon2 work, so the portal does not tell which
numbers exist.
"""

from __future__ import annotations

import re
from typing import Any

from services.common.couch import Couch
from services.notices import store
from services.notices.codes import matches

NUMBER = re.compile(r"[A-Za-z0-9-]{1,40}")
MAX_CODE_LENGTH = 40


def find_notice(couch: Couch, number: str, code: str) -> dict[str, Any] | None:
    """The notice with this number if the access code matches it, else None."""
    if not NUMBER.fullmatch(number) or not 0 < len(code) <= MAX_CODE_LENGTH:
        matches(None, code[:MAX_CODE_LENGTH])
        return None
    notice = store.by_number(couch, number)
    if notice is None:
        matches(None, code)
        return None
    return notice if matches(notice.get("access_code_hash"), code) else None
