"""Count the requests Kora makes to CouchDB, on the real server: each call still goes through.

``record(monkeypatch)`` gives a list that fills with ``(database, method, path)`` for every request
of the access layer (services/common/couch.py), ``_bulk_docs`` included.
"""

from __future__ import annotations

from typing import Any

from services.common.couch import Database


def record(monkeypatch: Any) -> list[tuple[str, str, str]]:
    seen: list[tuple[str, str, str]] = []
    request, bulk = Database.request, Database._bulk_request

    def counted_request(self: Database, method: str, path: str = "", **kwargs: Any) -> Any:
        seen.append((self.short, method, path))
        return request(self, method, path, **kwargs)

    def counted_bulk(self: Database, docs: list[dict[str, Any]]) -> Any:
        seen.append((self.short, "POST", "_bulk_docs"))
        return bulk(self, docs)

    monkeypatch.setattr(Database, "request", counted_request)
    monkeypatch.setattr(Database, "_bulk_request", counted_bulk)
    return seen
