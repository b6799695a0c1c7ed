"""The load generator: N phones, each with its own connection, send their one request at once.

Each phone behaves as the app does with a busy server: a 503 (or 429) with Retry-After is waited
out with jitter (Retry-After x 1.0-1.5) and sent again; a timeout or a cut link is retried after
the app's backoff. Every attempt is recorded (status, seconds); the loop is bounded in attempts
per phone and in wall time per round. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

CLIENT_TIMEOUT_SECONDS = 60.0  # the app's SyncClient default
MAX_ATTEMPTS = 30
ROUND_LIMIT_SECONDS = 900.0
BACKOFF_SECONDS = 1.0


@dataclass
class Attempt:
    status: int | None  # None: timed out or the connection failed
    seconds: float
    error: str = ""


@dataclass
class PhoneRun:
    attempts: list[Attempt] = field(default_factory=list)
    done_after: float | None = None  # seconds from the start until a 2xx
    answer: dict | None = None


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def retry_delay(response: httpx.Response | None, attempt: int, rng: random.Random) -> float:
    """Retry-After with jitter when the server gave one; otherwise the app's exponential backoff."""
    header = response.headers.get("retry-after", "") if response is not None else ""
    if header.isdigit():
        return int(header) * rng.uniform(1.0, 1.5)
    return BACKOFF_SECONDS * 2 ** min(attempt, 6) * rng.uniform(1.0, 1.5)


async def _phone(client: httpx.AsyncClient, request: Request, start: asyncio.Event, t0: list[float],
                 deadline: float, rng: random.Random, decode: Callable[[httpx.Response], dict | None]) -> PhoneRun:
    run = PhoneRun()
    await start.wait()
    for attempt in range(MAX_ATTEMPTS):
        began = time.monotonic()
        response = None
        try:
            response = await client.request(request.method, request.path, headers=request.headers,
                                            content=request.body)
            run.attempts.append(Attempt(response.status_code, time.monotonic() - began))
        except httpx.TimeoutException as exc:
            run.attempts.append(Attempt(None, time.monotonic() - began, f"timeout: {type(exc).__name__}"))
        except httpx.TransportError as exc:
            run.attempts.append(Attempt(None, time.monotonic() - began, f"{type(exc).__name__}"))
        if response is not None and 200 <= response.status_code < 300:
            run.done_after = time.monotonic() - t0[0]
            run.answer = decode(response)
            return run
        if response is not None and response.status_code not in (429, 503) and response.status_code < 500:
            return run  # a refusal that sending again cannot fix
        pause = retry_delay(response, attempt, rng)
        if time.monotonic() + pause > deadline:
            return run
        await asyncio.sleep(pause)
    return run


async def _round(base_url: str, requests: list[Request], decode: Callable[[httpx.Response], dict | None],
                 seed: int) -> tuple[list[PhoneRun], float]:
    limits = httpx.Limits(max_connections=len(requests), max_keepalive_connections=len(requests))
    timeout = httpx.Timeout(CLIENT_TIMEOUT_SECONDS, connect=CLIENT_TIMEOUT_SECONDS)
    start = asyncio.Event()
    t0 = [0.0]
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        deadline = time.monotonic() + ROUND_LIMIT_SECONDS
        tasks = [asyncio.create_task(_phone(client, r, start, t0, deadline, random.Random(seed + n), decode))
                 for n, r in enumerate(requests)]
        await asyncio.sleep(0.05)  # every phone is waiting on the start line
        t0[0] = time.monotonic()
        start.set()
        runs = await asyncio.gather(*tasks)
        wall = time.monotonic() - t0[0]
    return list(runs), wall


def run_round(base_url: str, requests: list[Request], decode: Callable[[httpx.Response], dict | None] = lambda r: None,
              seed: int = 14) -> tuple[list[PhoneRun], float]:
    """Every request at once, one phone each; (each phone's run, wall seconds until the last one ended)."""
    if not base_url.startswith("http://127.0.0.1:"):
        raise ValueError("the load generator only talks to 127.0.0.1")
    return asyncio.run(_round(base_url, requests, decode, seed))
