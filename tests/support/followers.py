"""Wait for a service's followers (services/common/changes_follower.py) to be live: a test that
counts requests wants to know which path a read takes."""

from __future__ import annotations

import time
from typing import Any


def settle(app: Any, timeout: float = 20.0) -> None:
    followers = list(app.state.couch.followers.values())
    assert followers, "this service follows no database"
    deadline = time.monotonic() + timeout
    while not all(f.live for f in followers):
        assert time.monotonic() < deadline, [f.database for f in followers if not f.live]
        time.sleep(0.01)


def stop(app: Any) -> None:
    """No follower: every read goes to CouchDB, as when a long-poll is down."""
    for follower in app.state.couch.followers.values():
        follower.stop()
    app.state.couch.followers.clear()
