"""The pull checkpoint: opaque to the phone, a record of how far each collection was sent.

It is base64url(JSON) of ``{"v": 1, "who": <scope>, "templates": seq, "catalog": seq, "venues": seq,
"notices": seq, "returned": digest}`` (``templates``: the catalog position of published template
versions, from services/catalog; ``catalog``: the regions' position in the same database; a
checkpoint made before ``templates`` existed gets every current template once). Sequences are
CouchDB ``_changes`` positions kept as opaque strings. ``who``
fingerprints the user and jurisdiction: when either changes, the old checkpoint no longer applies
and the pull starts again from nothing. A checkpoint grants nothing: every document sent is checked
against the caller's current reach, so a forged one can at worst cause a full pull.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import asdict, dataclass

from services.common.auth import Principal
from services.common.errors import KoraError
from services.common.json_body import parse_json

VERSION = 1
MAX_LENGTH = 4096
COLLECTIONS = ("templates", "catalog", "venues", "notices")


@dataclass
class Checkpoint:
    who: str
    templates: str | None = None
    catalog: str | None = None
    venues: str | None = None
    notices: str | None = None
    returned: str | None = None

    @property
    def is_first(self) -> bool:
        return self.venues is None


def scope_of(principal: Principal) -> str:
    raw = json.dumps([principal.name, principal.jurisdiction.as_dict()], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def encode(checkpoint: Checkpoint) -> str:
    raw = json.dumps({"v": VERSION, **asdict(checkpoint)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str | None, principal: Principal) -> Checkpoint:
    """The checkpoint the phone sent, or a fresh one when it sent none or one for another scope."""
    fresh = Checkpoint(who=scope_of(principal))
    if token is None or token == "":
        return fresh
    if not isinstance(token, str) or len(token) > MAX_LENGTH:
        raise KoraError("bad_checkpoint", "the checkpoint must be the string the last sync returned")
    try:
        data = parse_json(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), "The checkpoint")
    except (binascii.Error, ValueError, KoraError):
        raise KoraError("bad_checkpoint", "the checkpoint is not one this service made") from None
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise KoraError("bad_checkpoint", "the checkpoint is from another protocol version; pull without one")
    fields = {k: data.get(k) for k in ("who", *COLLECTIONS, "returned")}
    if not all(v is None or (isinstance(v, str) and len(v) <= 1000) for v in fields.values()):
        raise KoraError("bad_checkpoint", "the checkpoint is not one this service made")
    if fields["who"] != fresh.who:
        return fresh
    return Checkpoint(**fields)
