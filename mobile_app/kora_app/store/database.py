"""The phone's SQLite database: opened in WAL mode, migrated on open, one transaction per change.

``synchronous=FULL``: a commit is on the flash before ``transaction()`` returns, so what the
inspector was told is saved survives the app being killed and the battery running out. One
connection is shared by the screens' thread and the sync worker under a lock; SQLite's own
locking would serialise them anyway, and one connection keeps WAL checkpoints simple.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from .errors import translate
from .migrations import migrate


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                              timeout=30)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=FULL")
            self.connection.execute("PRAGMA foreign_keys=ON")
            self.schema_version = migrate(self.connection)
        except sqlite3.Error as exc:
            raise translate(exc) from exc

    @property
    def photos_dir(self) -> Path:
        return self.path.parent / "photos"

    def close(self) -> None:
        with self._lock:
            self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing change. A failure rolls back and raises the typed error (DiskFull…)."""
        with self._lock:
            connection = self.connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise translate(exc) from exc
            try:
                yield connection
                connection.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise translate(exc) from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self.connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (it does on a full disk)

    def rows(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self.connection.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise translate(exc) from exc

    def row(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: tuple | dict = ()) -> Any:
        found = self.row(sql, params)
        return found[0] if found else None

    # --- small settings (language, server address, text size) -----------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        raw = self.value("SELECT value FROM settings WHERE key = ?", (key,))
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       (key, json.dumps(value, ensure_ascii=False)))

    def integrity_problems(self) -> list[str]:
        """[] when PRAGMA integrity_check finds the file whole."""
        found = [r[0] for r in self.rows("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found


def dumps(value: Any) -> str:
    """The one JSON spelling the store writes: what is read back is byte for byte what was given."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
