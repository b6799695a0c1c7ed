"""SyncClient: one call that pushes the outbox, pulls what changed, and uploads the photos the server lacks.

    client = SyncClient(base_url, token)
    result = client.sync(outbox, photos, checkpoint)

``outbox``      inspections to send: each ``{"doc": inspection, "base_rev": rev or None}`` (base_rev:
                the server revision the phone last saw of it, from an earlier result or pull), or a
                bare inspection dict (base_rev None).
``photos``      ``{sha256: bytes | path | callable returning bytes}``: the photos the phone holds. Only
                those the server says it lacks are sent, from the byte it already has.
``checkpoint``  the string the previous result gave, or None for a first pull.
``new_venues``  venues the inspector added on the spot (schemas/new_venue.schema.json): each goes with
                the first push batch whose inspections name it (or the first batch), so the server
                creates it before it judges them; ``result.venues`` has the server's answer for each.

The result (``SyncResult``) says, per inspection, what the server did (accepted, already_had,
conflict with both versions, invalid with paths, refused with the reason), what was pulled, each
photo's outcome, the next checkpoint, and how many requests it took. Store ``result.checkpoint``
only after storing what was pulled. Keep an inspection in the outbox until its id is in
``result.complete`` (stored, every photo attached); re-sending it is a no-op for the server.

Every request is safe to repeat, so a cut link is retried (``retries`` times, with backoff); a
photo goes in one request (``chunk_size``, 1 MiB by default: the whole of a shrunk photo) and resumes
from what the server holds. A request that still fails raises ``SyncError``, whose
``partial`` holds what was done before it. Bodies are gzipped both ways. Big outboxes go in
batches of 100; a batch the server finds too large is split, and one inspection too large on its
own gets ``invalid`` / ``body_too_large`` without blocking the rest.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

from . import batches
from .busy import BUSY_RETRIES, retry_after_seconds
from .timeouts import upload_timeout
from .venue_batches import venues_by_batch

MAX_BATCH = 100  # inspections per POST /sync, as the server allows
# A photo travels in one request from the byte the server holds (up to the server's 1 MiB per request);
# a cut one resumes from the last byte that arrived. Smaller chunks only add round trips.
CHUNK_SIZE = 1024 * 1024
PhotoSource = bytes | str | os.PathLike | Callable[[], bytes]
RETRYABLE_STATUS = {408, 429, 500, 502, 503, 504}
class SyncError(Exception):
    """The sync stopped: a network that would not come back, or a refusal that retrying cannot fix."""

    def __init__(self, code: str, detail: str, status: int | None = None, partial: SyncResult | None = None,
                 problem: dict | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code, self.detail, self.status, self.partial, self.problem = code, detail, status, partial, problem or {}


@dataclass
class SyncResult:
    pushed: list[dict] = field(default_factory=list)     # one result per outbox item, in order
    pulled: dict[str, Any] = field(default_factory=dict)  # the pull pages merged (see merge_pull)
    checkpoint: str | None = None
    photos: list[dict] = field(default_factory=list)     # {inspection_id, sha256, result, received, error?}
    complete: list[str] = field(default_factory=list)    # inspection ids stored with every photo attached
    venues: list[dict] = field(default_factory=list)     # one result per new venue sent (created, already_had...)
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0

    def by_result(self, result: str) -> list[dict]:
        return [r for r in self.pushed if r.get("result") == result]

    def photos_required(self) -> dict[str, list[str]]:
        """Inspection id -> the items whose photo rule asks for a photo the inspection lacks: take
        the inspector back to those items, then submit again."""
        needed: dict[str, list[str]] = {}
        for pushed in self.by_result("invalid"):
            items = [e["item"] for e in pushed.get("errors", []) if e.get("code") == "photo_required"]
            if items and pushed.get("id"):
                needed[pushed["id"]] = items
        return needed


def merge_pull(into: dict[str, Any], page: dict[str, Any] | None) -> None:
    """Add one pull page to the merged pull: lists are appended, ``returned`` keeps the latest set."""
    if not page:
        return
    for key, value in page.items():
        if key == "full":
            into["full"] = bool(into.get("full")) or bool(value)  # later pages continue a full pull
        elif key == "returned":
            if value is not None:
                into["returned"] = value
            else:
                into.setdefault("returned", None)
        elif isinstance(value, list):
            into.setdefault(key, []).extend(value)
        else:
            into[key] = value


def _read(source: PhotoSource) -> bytes:
    if isinstance(source, bytes):
        return source
    if callable(source):
        return source()
    with open(source, "rb") as handle:
        return handle.read()


class SyncClient:
    def __init__(self, base_url: str, token: str, *, chunk_size: int = CHUNK_SIZE, timeout: float = 60.0,
                 retries: int = 4, backoff_seconds: float = 1.0, transport: httpx.BaseTransport | None = None,
                 http: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep,
                 batch: bool = True, busy_retries: int = BUSY_RETRIES,
                 jitter: Callable[[], float] = lambda: random.uniform(1.0, 1.5)) -> None:
        """``transport`` or ``http`` replace the network (tests, fault injection); ``sleep`` the waiting.
        ``chunk_size`` is the photo bytes per request; ``batch=False`` sends one photo per request
        (``PUT /sync/photos/{inspection}/{sha256}``, as phones before photo batches do).
        A busy server's Retry-After is waited out times ``jitter()`` (1 to 1.5: a thousand phones
        told "30 s" do not all come back in the same second), ``busy_retries`` times at most."""
        if not 1024 <= chunk_size <= 1024 * 1024:
            raise ValueError("chunk_size must be 1 KiB to 1 MiB")
        self.chunk_size = chunk_size
        self.batch = batch
        self.timeout = timeout
        self.retries = retries
        self.backoff_seconds = backoff_seconds
        self.sleep = sleep
        self.busy_retries = busy_retries
        self.jitter = jitter
        self._retry_after: float | None = None  # what the last busy answer asked for
        self._own_http = http is None
        self.http = http or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)
        self.http.headers.update({"authorization": f"Bearer {token}", "accept-encoding": "gzip",
                                  "user-agent": "kora-app-sync/1"})
        self.stats = SyncResult()
        self._progress: Callable[[dict], None] = lambda event: None

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one request, retried -------------------------------------------------------------------

    def attempt(self, method: str, url: str, **kwargs: Any) -> tuple[httpx.Response | None, str]:
        """One try: the response, or None and why (a cut link, a busy server: worth retrying)."""
        self.stats.requests += 1
        self.stats.bytes_sent += len(kwargs.get("content") or b"")
        self._retry_after = None
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            return None, f"{type(exc).__name__}: {exc}"
        self.stats.bytes_received += response.num_bytes_downloaded
        if response.status_code in RETRYABLE_STATUS:
            self._retry_after = retry_after_seconds(response)
            return None, f"the server answered {response.status_code}"
        return response, ""

    def _send(self, method: str, url: str, *, retry_on_cut: Callable[[], dict[str, Any]] | None = None,
              **kwargs: Any) -> httpx.Response:
        """Send a request that is safe to repeat; retry cut links and busy servers with backoff.

        ``retry_on_cut``, if given, is called before each retry and returns request arguments that
        replace the first ones (a photo chunk resumes from where the server stands, not where the
        cut attempt started)."""
        attempt = busy = 0
        while True:
            response, failure = self.attempt(method, url, **kwargs)
            if response is not None:
                return response
            if self._retry_after is not None:  # busy, not broken: nothing was done, come back later
                busy += 1
                if busy > self.busy_retries:
                    raise SyncError("busy", f"{method} {url}: the server stayed busy {busy} times; last: {failure}")
                self.sleep(self._retry_after * self.jitter())
                continue
            attempt += 1
            if attempt > self.retries:
                raise SyncError("network", f"{method} {url} failed {attempt} times; last: {failure}")
            self.sleep(self.backoff_seconds * 2 ** (attempt - 1))
            if retry_on_cut is not None:
                kwargs = {**kwargs, **retry_on_cut()}

    def report(self, event: dict) -> None:
        self._progress(event)

    @staticmethod
    def _problem(response: httpx.Response) -> SyncError:
        try:
            body = response.json()
        except ValueError:
            body = {}
        code = (
            body.get("code", f"http_{response.status_code}")
            if isinstance(body, dict)
            else f"http_{response.status_code}"
        )
        detail = body.get("detail", response.text[:200]) if isinstance(body, dict) else response.text[:200]
        return SyncError(code, detail, response.status_code, problem=body if isinstance(body, dict) else None)

    problem = _problem

    # --- the protocol's calls -------------------------------------------------------------------

    def exchange(self, items: list[dict], checkpoint: str | None, pull: bool = True,
                 new_venues: list[dict] | None = None) -> dict[str, Any]:
        """One POST /sync: push ``items`` ({doc, base_rev}) and ``new_venues``, pull from ``checkpoint``.
        A request without new venues leaves the key out: a server older than them refuses it."""
        request: dict[str, Any] = {"push": items, "checkpoint": checkpoint, "pull": pull}
        if new_venues:
            request["new_venues"] = new_venues
        body = json.dumps(request, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        response = self._send("POST", "/sync", content=gzip.compress(body, 6),
                              headers={"content-type": "application/json", "content-encoding": "gzip"})
        if response.status_code != 200:
            raise self._problem(response)
        return response.json()

    def photo_status(self, inspection_id: str, sha256: str) -> dict[str, Any]:
        response = self._send("GET", f"/sync/photos/{inspection_id}/{sha256}")
        if response.status_code != 200:
            raise self._problem(response)
        return response.json()

    def photos_status(self, pairs: list[tuple[str, str]]) -> dict[str, Any]:
        """POST /sync/photos/status: where the server stands for several (inspection, sha256) at once."""
        response = self._send("POST", "/sync/photos/status",
                              json={"photos": [{"inspection_id": i, "sha256": s} for i, s in pairs]})
        if response.status_code != 200:
            raise self._problem(response)
        return response.json()

    def upload_photo(self, inspection_id: str, sha256: str, data: bytes, received: int = 0) -> dict[str, Any]:
        """Send a photo from byte ``received`` in chunks; resume after a cut from what the server holds."""
        total = len(data)
        url = f"/sync/photos/{inspection_id}/{sha256}"
        position = {"offset": received, "sent": received}

        def ask_where() -> None:  # after a cut, part of the chunk may have arrived: ask before resending
            try:
                position["offset"] = self.photo_status(inspection_id, sha256)["received"]
            except SyncError:
                pass

        def chunk_from(start: int) -> dict[str, Any]:
            position["sent"] = start
            content = data[start:start + self.chunk_size]
            return {"params": {"offset": start, "total": total}, "content": content,
                    "timeout": upload_timeout(self.timeout, len(content))}

        def resume() -> dict[str, Any]:
            ask_where()
            return chunk_from(position["offset"])

        setbacks = 0  # answers that moved nothing forward; a few are normal after cuts and races
        restarted = False
        while True:
            response = self._send("PUT", url, headers={"content-type": "application/octet-stream"},
                                  retry_on_cut=resume, **chunk_from(position["offset"]))
            offset = position["sent"]  # where the attempt that got this answer started
            chunk = data[offset:offset + self.chunk_size]
            code = self._problem(response).code if response.status_code != 200 else None
            if code in ("upload_offset_mismatch", "conflict") and setbacks < 2 * self.retries + 2:
                setbacks += 1
                if code == "upload_offset_mismatch":
                    position["offset"] = response.json()["received"]
                else:
                    ask_where()  # another request of ours raced this one; pick up from where the server is
                continue
            if code == "photo_hash_mismatch" and not restarted:
                restarted = True  # the server threw the damaged bytes away: once more from zero
                position["offset"] = 0
                continue
            if response.status_code != 200:
                raise self._problem(response)
            status = response.json()
            self._progress({"stage": "photo", "sha256": sha256, "received": status.get("received"), "total": total})
            if status.get("complete"):
                return status
            if status["received"] <= offset and chunk:
                raise SyncError("no_progress", f"the server took none of the bytes from {offset}")
            position["offset"] = status["received"]

    # --- the whole sync ------------------------------------------------------------------------

    def sync(self, outbox: list[dict], photos: Mapping[str, PhotoSource] | None = None,
             checkpoint: str | None = None, progress: Callable[[dict], None] | None = None,
             new_venues: list[dict] | None = None) -> SyncResult:
        """Push the outbox, pull from ``checkpoint``, upload the photos the server lacks.

        ``progress``, if given, is called with small dicts for the app's progress display:
        ``{"stage": "push", "sent": n, "of": m}``, ``{"stage": "pull", "page": k}``,
        ``{"stage": "photo", "sha256": h, "received": b, "total": t}``.
        """
        result = self.stats = SyncResult(checkpoint=checkpoint)
        photos = photos or {}
        self._progress = progress or (lambda event: None)
        items = [item if "doc" in item else {"doc": item, "base_rev": None} for item in outbox]
        batches = [items[i:i + MAX_BATCH] for i in range(0, len(items), MAX_BATCH)] or [[]]
        venues = venues_by_batch(batches, new_venues or [])
        try:
            for number, batch in enumerate(batches[:-1]):
                self._push(batch, result, len(items), venues=venues[number])
            answer = self._push(batches[-1], result, len(items), pull=True, venues=venues[-1])
            merge_pull(result.pulled, answer.get("pull"))
            result.checkpoint = answer.get("checkpoint")
            page = 1
            self._progress({"stage": "pull", "page": page})
            while answer.get("more"):
                answer = self.exchange([], result.checkpoint)
                merge_pull(result.pulled, answer.get("pull"))
                result.checkpoint = answer.get("checkpoint")
                page += 1
                self._progress({"stage": "pull", "page": page})
            self._upload_needed(result, photos)
        except SyncError as exc:
            exc.partial = result
            raise
        return result

    def _push(self, batch: list[dict], result: SyncResult, total: int, pull: bool = False,
              venues: list[dict] | None = None) -> dict[str, Any]:
        """Push one batch (with the new venues it carries); a batch the server finds too large is
        split (each half carries the venues again: a re-sent venue is ``already_had``), a single
        oversized inspection is reported as such (it must not block the rest of the outbox)."""
        try:
            try:
                answer = self.exchange(batch, result.checkpoint, pull=pull, new_venues=venues)
            except SyncError as exc:
                if exc.code != "bad_checkpoint" or result.checkpoint is None:
                    raise
                result.checkpoint = None  # the server no longer knows it: start a full pull (full=True)
                answer = self.exchange(batch, None, pull=pull, new_venues=venues)
        except SyncError as exc:
            if exc.code != "body_too_large" or not batch:
                raise
            if len(batch) == 1:
                doc_id = batch[0]["doc"].get("_id") if isinstance(batch[0].get("doc"), dict) else None
                result.pushed.append({"index": len(result.pushed), "id": doc_id, "result": "invalid",
                                      "code": "body_too_large", "reason": exc.detail})
            else:
                half = len(batch) // 2
                self._push(batch[:half], result, total, venues=venues)
                self._push(batch[half:], result, total, venues=venues)
            return self.exchange([], result.checkpoint, pull=True) if pull else {}
        base = len(result.pushed)
        for pushed in answer["push"]:
            pushed["index"] = base + pushed["index"]  # the outbox position, not the batch position
        result.pushed.extend(answer["push"])
        result.venues.extend(answer.get("new_venues", []))
        self._progress({"stage": "push", "sent": len(result.pushed), "of": total})
        return answer

    def _upload_needed(self, result: SyncResult, photos: Mapping[str, PhotoSource]) -> None:
        if not self.batch:
            return self._upload_one_by_one(result, photos)
        wanted: list[batches.Wanted] = []
        records: dict[tuple[str, str], dict] = {}
        pending: dict[str, int] = {}
        accepted = [p for p in result.pushed if p.get("result") in ("accepted", "already_had")]
        by_id = {p["id"]: p for p in accepted}
        for pushed in accepted:
            pending[pushed["id"]] = 0
            for need in pushed.get("photos_needed", []):
                record = {"inspection_id": pushed["id"], "sha256": need["sha256"], "received": need["received"]}
                result.photos.append(record)
                if need["sha256"] not in photos:
                    record.update(result="missing_on_phone")
                    pending[pushed["id"]] += 1
                    continue
                source = photos[need["sha256"]]
                records[(pushed["id"], need["sha256"])] = record
                wanted.append(batches.Wanted(pushed["id"], need["sha256"], lambda s=source: _read(s), need["received"]))

        def complete(photo: batches.Wanted) -> None:
            status = photo.status or {}
            records[(photo.inspection_id, photo.sha256)].update(result="uploaded", received=status.get("received"))
            if status.get("inspection_rev"):
                by_id[photo.inspection_id]["rev"] = status["inspection_rev"]  # the latest attach wins
            self._progress({"stage": "photo", "sha256": photo.sha256, "received": status.get("received"),
                            "total": status.get("total")})

        batches.send(self, wanted, complete)
        for photo in wanted:
            if photo.refusal is not None:
                records[(photo.inspection_id, photo.sha256)].update(result="refused", error=photo.refusal["code"],
                                                                     detail=photo.refusal["detail"])
                pending[photo.inspection_id] += 1
        result.complete.extend(i for i, count in pending.items() if not count)

    def _upload_one_by_one(self, result: SyncResult, photos: Mapping[str, PhotoSource]) -> None:
        for pushed in result.pushed:
            if pushed.get("result") not in ("accepted", "already_had"):
                continue
            pending = 0
            for need in pushed.get("photos_needed", []):
                record = {"inspection_id": pushed["id"], "sha256": need["sha256"], "received": need["received"]}
                result.photos.append(record)
                if need["sha256"] not in photos:
                    record.update(result="missing_on_phone")
                    pending += 1
                    continue
                try:
                    status = self.upload_photo(pushed["id"], need["sha256"], _read(photos[need["sha256"]]),
                                               need["received"])
                except SyncError as exc:
                    if exc.code == "network":
                        raise
                    record.update(result="refused", error=exc.code, detail=exc.detail)
                    pending += 1
                    continue
                record.update(result="uploaded", received=status["received"])
                if status.get("inspection_rev"):
                    pushed["rev"] = status["inspection_rev"]
            if not pending:
                result.complete.append(pushed["id"])
