"""JSON answers that never fail to encode.

A string that is not valid Unicode (a lone surrogate, from a document stored before the parser
refused them, or written to CouchDB by hand) must not turn a whole page or list into a 500: it is
shown with U+FFFD in its place. Bodies are encoded with orjson first; only what it cannot encode
(a lone surrogate, an integer beyond 64 bits) pays for the standard library and the replacement.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
from fastapi.responses import JSONResponse

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encode_json_text(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def json_bytes(content: Any) -> bytes:
    """Compact UTF-8 JSON of ``content``, whatever strings it holds."""
    try:
        return orjson.dumps(content)
    except TypeError:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))
        return encode_json_text(text)


class KoraJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json_bytes(content)
