"""What can go wrong with the phone's own data, as errors a screen can show as they are.

Each error has a ``code`` (stable, for tests and logs), a ``message`` for the inspector (a Message
that the screens say in Chinese or Tibetan) and ``detail`` in English for the log. Raising one
never leaves a half-written change behind: the store rolls the transaction back before it raises.
"""

from __future__ import annotations

import sqlite3

from ..message import Message


class StoreError(Exception):
    code = "store_error"

    def __init__(self, message: Message, detail: str = "") -> None:
        super().__init__(f"{self.code}: {detail or message}")
        self.message = message
        self.detail = detail


class DiskFull(StoreError):
    code = "disk_full"

    def __init__(self, detail: str = "") -> None:
        super().__init__(Message("error:disk_full"),
                         detail or "the phone's storage is full; nothing saved before is damaged")


class PhotoMissing(StoreError):
    code = "photo_missing"

    def __init__(self, sha256: str, path: str) -> None:
        super().__init__(Message("error:photo_missing"),
                         f"photo {sha256} is not on disk at {path}")
        self.sha256 = sha256


class TemplateMissing(StoreError):
    code = "template_missing"

    def __init__(self, template_id: str, version: int | None = None) -> None:
        which = template_id if version is None else f"{template_id} version {version}"
        super().__init__(Message("error:template_missing"),
                         f"the store has no template {which}")
        self.template_id, self.version = template_id, version


class NotFound(StoreError):
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__(Message("error:not_found"), what)


class NotEditable(StoreError):
    code = "not_editable"

    def __init__(self, inspection_id: str, status: str) -> None:
        super().__init__(Message("error:not_editable"), f"inspection {inspection_id} is {status}, not a draft")


def translate(exc: sqlite3.Error) -> Exception:
    """The typed error for a SQLite failure a screen can explain; other failures stay as they are."""
    text = str(exc).lower()
    if "database or disk is full" in text or "disk i/o error" in text and "full" in text:
        return DiskFull(str(exc))
    return exc
