"""Every request body is read here: with a cap on its size, and, when it is JSON, parsed with limits.

``read_body`` refuses a body over its cap (declared or as it arrives) before it fills memory, and
inflates gzip only where a route allows it, with a second cap on the inflated size (a small gzip
bomb is ``body_too_large``). ``parse_json`` is the one JSON parser of the services. On top of the
grammar, it refuses what ``json.loads`` would take or choke on:

- nesting deeper than ``MAX_DEPTH`` (``json_too_deep``): the C scanner recurses, and the code that
  walks a document afterwards recurses too;
- integers of more than ``MAX_INT_DIGITS`` digits and numbers that overflow to infinity, or
  NaN/Infinity (``json_number_out_of_range``): Python turns a 5,000-digit integer into a
  ValueError (its int-digit limit), and CouchDB and the phones cannot hold such numbers anyway;
- text that is not valid Unicode (``invalid_text``): lone surrogates written as ``\\ud800``
  escapes, which ``json.loads`` accepts but no UTF-8 encoder can store (bytes that are not UTF-8
  at all are ``malformed_json``: JSON text is UTF-8).

``json_object_body(max_bytes)`` is the FastAPI dependency of every route that takes a JSON object.
Declare it after the route's role dependency so that a caller without a token is refused before the
body is read.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Awaitable, Callable
from itertools import accumulate
from typing import Any

import orjson
from fastapi import Request
from starlette.requests import ClientDisconnect

from services.common.errors import KoraError

MAX_DEPTH = 64
MAX_INT_DIGITS = 20
MAX_NUMBER_CHARS = 64  # a float written with more characters than this is not a measurement

_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")  # bytes.translate deletes these
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_SURROGATE = re.compile("[\ud800-\udfff]")
# orjson turns an integer beyond 64 bits into a float: a body with a run of this many digits takes
# the careful parse, which keeps integers whole and counts their digits. Digits are marked "0",
# everything else ".", so the run is found by a substring search.
_LONG_DIGITS = b"0" * 19
_DIGIT_MARKS = bytes(ord("0") if chr(b) in "0123456789" else ord(".") for b in range(256))


class CutBody(Exception):
    """The client's link dropped before the whole body arrived; ``data`` is what did arrive."""

    def __init__(self, data: bytes) -> None:
        super().__init__("the body was cut short")
        self.data = data


def refuse_before_reading(request: Request, max_bytes: int, what: str = "The body",
                          gzip_ok: bool = False) -> None:
    """Refuse an encoding the route does not take, or a declared length over ``max_bytes``."""
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip") or (encoding == "gzip" and not gzip_ok):
        accepted = "gzip or none" if gzip_ok else "none"
        raise KoraError("unsupported_media_type",
                        f"Content-Encoding {encoding[:40]!r} is not accepted here; use {accepted}")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise KoraError("body_too_large", f"{what} may have at most {max_bytes} bytes.")


async def read_body(request: Request, max_bytes: int, max_inflated_bytes: int | None = None,
                    what: str = "The body") -> bytes:
    """The body, at most ``max_bytes`` as sent; gzip is taken (and inflated to at most
    ``max_inflated_bytes``) only when that cap is given. ``CutBody`` when the link drops."""
    gzip_ok = max_inflated_bytes is not None
    refuse_before_reading(request, max_bytes, what, gzip_ok)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise KoraError("body_too_large", f"{what} may have at most {max_bytes} bytes.")
            chunks.append(chunk)
    except ClientDisconnect:
        raise CutBody(b"".join(chunks)) from None
    raw = b"".join(chunks)
    if gzip_ok and request.headers.get("content-encoding", "").strip().lower() == "gzip":
        return inflate(raw, max_inflated_bytes)
    return raw


def inflate(data: bytes, limit: int) -> bytes:
    """Gunzip ``data``, refusing anything that inflates beyond ``limit`` bytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise KoraError("malformed_json", f"The body says gzip but does not inflate: {exc}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise KoraError("body_too_large", f"The body inflates to more than {limit} bytes.")
    if not inflater.eof:
        raise KoraError("malformed_json", "The gzip body is cut short.")
    return out


def _depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects, strings left out; linear and without recursion."""
    # Without a backslash no string holds a quote, so strings are what lies between two quotes.
    outside = _STRINGS.sub(b"", raw) if b"\\" in raw else b"".join(raw.split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKETS)
    return max(accumulate(_DEPTH_STEP[b] for b in brackets), default=0)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise KoraError("json_number_out_of_range",
                        f"An integer has {len(text.lstrip('-'))} digits; at most {MAX_INT_DIGITS} are accepted.")
    return int(text)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_CHARS else math.inf
    if not math.isfinite(value):
        raise KoraError("json_number_out_of_range",
                        f"The number {text[:24]}{'…' if len(text) > 24 else ''} is too large or too long.")
    return value


def _constant(name: str) -> Any:
    raise KoraError("json_number_out_of_range", f"{name} is not a JSON number.")


def _refuse_surrogates(value: Any, path: str = "") -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise KoraError("invalid_text", f"The text at {path or '/'} holds a lone surrogate "
                            "(a \\ud800-\\udfff escape without its pair); send valid Unicode.")
    elif isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                raise KoraError("invalid_text", f"A key in {path or '/'} holds a lone surrogate "
                                "(a \\ud800-\\udfff escape without its pair); send valid Unicode.")
            _refuse_surrogates(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _refuse_surrogates(item, f"{path}/{i}")


def parse_json(raw: bytes, what: str = "The body") -> Any:
    """Parse JSON text with the limits above; every refusal is a ``KoraError`` (4xx)."""
    if not raw.strip():
        raise KoraError("malformed_json", f"{what} is empty; send JSON.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KoraError("malformed_json", f"{what} is not UTF-8 JSON text (byte {exc.start}).") from None
    depth = _depth(raw)
    if depth > MAX_DEPTH:
        raise KoraError("json_too_deep", f"{what} nests {depth} levels deep; at most {MAX_DEPTH} are accepted.")
    if _LONG_DIGITS not in raw.translate(_DIGIT_MARKS):
        try:
            # orjson refuses all that the limits below refuse (NaN, infinities, lone surrogates), so
            # what it accepts is what the careful parse would give, at a fifth of the CPU.
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # the careful parse says what is wrong
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise KoraError("malformed_json", f"{what} is not valid JSON: {exc.msg} at position {exc.pos}") from None
    if "\\u" in text:  # a lone surrogate can only arrive as an escape: raw ones are not UTF-8
        _refuse_surrogates(value)
    return value


def parse_json_object(raw: bytes, what: str = "The body") -> dict[str, Any]:
    value = parse_json(raw, what)
    if not isinstance(value, dict):
        raise KoraError("invalid_request", f"{what} must be a JSON object.",
                        errors=[{"path": "/", "reason": "not an object"}])
    return value


async def read_json_object(request: Request, max_bytes: int, max_inflated_bytes: int | None = None
                           ) -> dict[str, Any]:
    """The request's JSON object, read with ``read_body``'s caps and parsed with the limits above."""
    try:
        raw = await read_body(request, max_bytes, max_inflated_bytes)
    except CutBody:
        # The link dropped mid-request: nothing was applied, and the client will send it again.
        raise KoraError("malformed_json", "the body was cut short") from None
    return parse_json_object(raw)


def json_object_body(max_bytes: int, max_inflated_bytes: int | None = None
                     ) -> Callable[[Request], Awaitable[dict[str, Any]]]:
    """A dependency giving the request's JSON object (``read_json_object``)."""

    async def dependency(request: Request) -> dict[str, Any]:
        return await read_json_object(request, max_bytes, max_inflated_bytes)

    return dependency


def optional_json_object_body(max_bytes: int) -> Callable[[Request], Awaitable[dict[str, Any] | None]]:
    """Like ``json_object_body``, but an empty body is None (routes whose body is optional)."""

    async def dependency(request: Request) -> dict[str, Any] | None:
        try:
            raw = await read_body(request, max_bytes)
        except CutBody:
            raise KoraError("malformed_json", "the body was cut short") from None
        return parse_json_object(raw) if raw.strip() else None

    return dependency
