"""Whether a photo attachment stub is the photo: a stub alone is not proof.

The local CouchDB-protocol server commits an attachment ``PUT`` whose body was cut as an EMPTY
attachment (docs/sync-faults.md), so an inspection can name a photo as attached with 0 bytes.
Apache CouchDB does not, but nothing here assumes which one runs. An attachment counts as the
photo only if its stub is sane (at least one byte) and agrees with what is known of the photo:
its size (the upload's ``total``, or the phone's) and, when the bytes are at hand, their MD5,
which is what CouchDB's stub ``digest`` holds (``md5-<base64>`` of the stored bytes; photos are
stored as they are, never compressed). Anything else is treated as missing, so the photo is
attached again: from the partial upload if it is still there, or from the phone.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any


def md5_digest(data: bytes) -> str:
    """The ``digest`` CouchDB gives an attachment of exactly these bytes."""
    return "md5-" + base64.b64encode(hashlib.md5(data).digest()).decode()


def intact(stub: Any, length: int | None = None, data: bytes | None = None) -> bool:
    """Whether ``stub`` (from ``_attachments``) can be the photo of ``length`` bytes, or of ``data``."""
    if not isinstance(stub, dict):
        return False
    stored = stub.get("length")
    if not isinstance(stored, int) or isinstance(stored, bool) or stored < 1:
        return False
    if data is not None:
        length = len(data)
        digest = stub.get("digest")
        if isinstance(digest, str) and digest.startswith("md5-") and digest != md5_digest(data):
            return False
    return length is None or stored == length
