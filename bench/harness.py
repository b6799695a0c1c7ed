"""One measurement: a contender sends the day through its own instance of a simulated link.

The clock runs from the first byte the phone's client is asked to send to its last answer; the
contender's server is started before and the correctness check runs after, both off the clock.
Every contender of a link gets the same profile and the same seed, so the same loss draws.
"""

from __future__ import annotations

import time
from typing import Any

from bench.contenders import Contender
from bench.link import LinkProfile, link

LINK_SEED = 7


def measure(
    contender: Contender, profile: LinkProfile, seed: int = LINK_SEED
) -> tuple[float, dict[str, int]]:
    """Send through the link; verify; return (wall seconds, the link's counters)."""
    with contender.serve() as port, link("127.0.0.1", port, profile, seed=seed) as proxy:
        started = time.monotonic()
        contender.send(f"http://127.0.0.1:{proxy.port}")
        wall = time.monotonic() - started
        counts: dict[str, Any] = proxy.counters.snapshot()
    contender.verify()
    return wall, counts
