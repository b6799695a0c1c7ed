"""Reads kept per worker for as long as their database has not changed.

A request that has just seen where a database stands (the ``last_seq`` of a ``_changes`` read that
was not cut by its limit, or an ``update_seq``) may reuse what any request read from that database
at that same position: nothing has been written to the database since, so a new read would answer
the same. Anything read at another position is dropped the first time a new position is seen.

Why a value stored under position P is never stale when found under P: it was read after P was
seen, so at P or later. A later request finds it only by seeing the database at P again, which
means no write came after P; then the value was read at P exactly. A request that saw P just before
a write may find a value read after it: fresher than its own read would have been, never older.

Positions are CouchDB's opaque strings, only compared for equality: two equal strings are the
same position. CouchDB 3 may spell one position two ways; that only costs a read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

MAX_ENTRIES = 4096  # per database; past it the entries are dropped and read again


class PositionCache:
    """Values by key, per database, valid at one position of that database."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._by_database: dict[str, tuple[str, dict[Hashable, Any]]] = {}

    def read_through(self, database: str, position: str, keys: Iterable[Hashable],
                     read: Callable[[list[Hashable]], dict[Hashable, Any]]) -> dict[Hashable, Any]:
        """The value of each key at ``position``: those held, and the others from ``read(missing)``
        (one call, which must answer every key it is given and may answer more), which are then held."""
        wanted = list(dict.fromkeys(keys))
        with self._lock:
            held = self._entries(database, position)
            found = {key: held[key] for key in wanted if key in held}
        missing = [key for key in wanted if key not in found]
        if missing:
            fresh = read(missing)
            found.update((key, fresh[key]) for key in missing)
            with self._lock:
                held = self._entries(database, position)
                if len(held) + len(fresh) > self._max_entries:
                    held.clear()
                held.update(fresh)
        return found

    def _entries(self, database: str, position: str) -> dict[Hashable, Any]:
        current = self._by_database.get(database)
        if current is None or current[0] != position:
            current = (position, {})
            self._by_database[database] = current
        return current[1]

    def clear(self) -> None:
        with self._lock:
            self._by_database.clear()
