"""How long a request that carries photo bytes may take."""

from __future__ import annotations

import httpx

# The slowest uplink a photo request is given time for (8 kbit/s, below GPRS's 20): a socket buffer may
# take a whole photo at once, and the reply can only come once the radio has sent it all.
SLOWEST_UPLINK_BYTES_PER_SECOND = 1000


def upload_timeout(base: float, nbytes: int) -> httpx.Timeout:
    """Connecting keeps ``base`` (a dead link is found as fast as ever); reading and writing get a
    second more per kB the request carries."""
    slow = base + nbytes / SLOWEST_UPLINK_BYTES_PER_SECOND
    return httpx.Timeout(base, read=slow, write=slow)
