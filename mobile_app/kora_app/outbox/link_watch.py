"""When the link comes back, the sync worker is told at once instead of waiting for its timer.

On Android the system broadcasts CONNECTIVITY_CHANGE whenever a network comes or goes;
python-for-android's ``android.broadcast.BroadcastReceiver`` hands it to Python on a handler
thread. Elsewhere (a desktop) there is no such broadcast and the worker's timer is enough, so
``watch_link`` gives None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CONNECTIVITY_CHANGE = "android.net.conn.CONNECTIVITY_CHANGE"
EXTRA_NO_CONNECTIVITY = "noConnectivity"  # ConnectivityManager.EXTRA_NO_CONNECTIVITY


class LinkWatch:
    """A started receiver; ``stop`` unregisters it (a receiver starts once, so make a new one)."""

    def __init__(self, receiver_class: Any, on_link_back: Callable[[], None]) -> None:
        self.on_link_back = on_link_back
        self.receiver = receiver_class(self.received, actions=[CONNECTIVITY_CHANGE])
        self.receiver.start()

    def received(self, _context: Any, intent: Any) -> None:
        # The broadcast comes for a lost network too; only a network gained wakes the worker.
        if not intent.getBooleanExtra(EXTRA_NO_CONNECTIVITY, False):
            self.on_link_back()

    def stop(self) -> None:
        self.receiver.stop()


def watch_link(on_link_back: Callable[[], None]) -> LinkWatch | None:
    try:
        from android.broadcast import BroadcastReceiver  # python-for-android's bridge
    except ImportError:
        return None
    return LinkWatch(BroadcastReceiver, on_link_back)
