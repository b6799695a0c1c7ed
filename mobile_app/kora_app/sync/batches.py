"""The photos a sync must send, packed into as few requests as the server's limit allows.

Each ``POST /sync/photos`` carries a JSON manifest line and then, back to back, the rest of as many
photos as fit in ``budget`` bytes (1 MiB by default, the server's limit); a photo that does not fit
whole is split, its first part ends this request and the rest opens the next one. The server stores
each part as soon as its last byte is in and answers one result per part. After a cut nobody knows
which parts arrived, so the phone asks (``POST /sync/photos/status``, one request for all the
photos still open) and goes on from the byte the server holds for each: no photo starts again from
zero, none is sent twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .timeouts import upload_timeout

if TYPE_CHECKING:
    from .client import SyncClient

MAX_PARTS = 100  # per request, as the server allows
RETRY_LATER = ("conflict", "database_unavailable")  # a part that may go through on the next try


@dataclass
class Wanted:
    """One photo the server lacks, and what became of it."""

    inspection_id: str
    sha256: str
    load: Callable[[], bytes]
    received: int = 0
    status: dict[str, Any] | None = None  # the server's status once complete
    refusal: dict[str, Any] | None = None  # {code, detail} when the server will not take it
    restarted: bool = False  # sent again from zero once after a hash mismatch
    _data: bytes | None = field(default=None, repr=False)

    @property
    def open(self) -> bool:
        return self.status is None and self.refusal is None

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.load()
        return self._data

    def close(self, status: dict[str, Any] | None = None, refusal: dict[str, Any] | None = None) -> None:
        self.status, self.refusal, self._data = status, refusal, None  # free the bytes


def plan(wanted: list[Wanted], budget: int) -> list[tuple[Wanted, int, int]]:
    """(photo, offset, length) of the next request: the rest of each open photo, in order, up to ``budget``."""
    parts: list[tuple[Wanted, int, int]] = []
    room = budget
    for photo in wanted:
        if not photo.open:
            continue
        rest = len(photo.data) - photo.received
        if (room <= 0 and rest > 0) or len(parts) == MAX_PARTS:
            break
        length = min(rest, room)  # 0: the server holds it all but must attach it again
        parts.append((photo, photo.received, length))
        room -= length
    return parts


def body(parts: list[tuple[Wanted, int, int]]) -> bytes:
    manifest = {"parts": [{"inspection_id": p.inspection_id, "sha256": p.sha256, "offset": offset,
                           "length": length, "total": len(p.data)} for p, offset, length in parts]}
    head = json.dumps(manifest, separators=(",", ":")).encode() + b"\n"
    return head + b"".join(p.data[offset:offset + length] for p, offset, length in parts)


def _take(photo: Wanted, answer: dict[str, Any], on_complete: Callable[[Wanted], None]) -> None:
    """Apply the server's status of one photo (a part's result or a status answer)."""
    code = answer.get("code")
    if code is None:
        if answer.get("complete"):
            photo.close(status=answer)
            on_complete(photo)
        elif isinstance(answer.get("received"), int):
            photo.received = answer["received"]
    elif code == "upload_offset_mismatch" and isinstance(answer.get("received"), int):
        photo.received = answer["received"]
    elif code == "photo_hash_mismatch" and not photo.restarted:
        photo.restarted, photo.received = True, 0  # the server threw the damaged bytes away
    elif code not in RETRY_LATER:
        photo.close(refusal={"code": code, "detail": answer.get("detail", "")})


def refresh(client: SyncClient, wanted: list[Wanted], on_complete: Callable[[Wanted], None]) -> None:
    """Ask where the server stands for every open photo (after a cut), in one request per 100."""
    open_ = [p for p in wanted if p.open]
    for start in range(0, len(open_), MAX_PARTS):
        group = open_[start:start + MAX_PARTS]
        answer = client.photos_status([(p.inspection_id, p.sha256) for p in group])
        for photo, status in zip(group, answer.get("photos", []), strict=False):
            _take(photo, status, on_complete)


def send(client: SyncClient, wanted: list[Wanted], on_complete: Callable[[Wanted], None]) -> None:
    """Send every open photo of ``wanted``; each ends complete or refused, or this raises SyncError."""
    from .client import SyncError

    failures = setbacks = 0
    unsure = False  # a request failed: the server may hold more than the phone knows
    while True:
        if unsure:
            refresh(client, wanted, on_complete)
            unsure = False
        parts = plan(wanted, client.chunk_size)
        if not parts:
            return
        content = body(parts)
        before = [(p.received, p.open) for p, _, _ in parts]
        response, failure = client.attempt(
            "POST", "/sync/photos", content=content, headers={"content-type": "application/octet-stream"},
            timeout=upload_timeout(client.timeout, len(content)))
        if response is None:
            failures += 1
            if failures > client.retries:
                raise SyncError("network", f"POST /sync/photos failed {failures} times; last: {failure}")
            client.sleep(client.backoff_seconds * 2 ** (failures - 1))
            unsure = True
            continue
        if response.status_code != 200:
            raise client.problem(response)
        failures = 0
        results = response.json().get("parts", [])
        for result in results:
            index = result.get("index")
            if isinstance(index, int) and 0 <= index < len(parts):
                _take(parts[index][0], result, on_complete)
        for photo, offset, length in parts:
            if photo.open:
                client.report({"stage": "photo", "sha256": photo.sha256, "received": photo.received,
                               "total": len(photo.data)})
        if len(results) != len(parts) or any(r.get("code") in RETRY_LATER for r in results):
            unsure = True
        moved = any((p.received, p.open) != b for (p, _, _), b in zip(parts, before, strict=True))
        if not moved:
            setbacks += 1  # a few are normal after races and restarts; many mean something is wrong
            if setbacks > 2 * client.retries + 2:
                raise SyncError("no_progress", "the server took none of the photo bytes sent")
            client.sleep(client.backoff_seconds)
