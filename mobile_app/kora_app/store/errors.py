"""What can go wrong with the phone's own data, as errors a screen can show as they are.

Each error has a ``code`` (stable, for tests and logs), a ``message`` in Chinese for the inspector
and ``detail`` in English for the log. Raising one never leaves a half-written change behind: the
store rolls the transaction back before it raises.
"""

from __future__ import annotations

import sqlite3


class StoreError(Exception):
    code = "store_error"

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(f"{self.code}: {detail or message}")
        self.message = message
        self.detail = detail


class DiskFull(StoreError):
    code = "disk_full"

    def __init__(self, detail: str = "") -> None:
        super().__init__("手机存储空间已满：刚才的内容没有保存，之前保存的都在。请删除照片或应用缓存后再试。",
                         detail or "the phone's storage is full; nothing saved before is damaged")


class PhotoMissing(StoreError):
    code = "photo_missing"

    def __init__(self, sha256: str, path: str) -> None:
        super().__init__("照片文件不见了（可能被清理软件删除）：请在该检查项重新拍照。",
                         f"photo {sha256} is not on disk at {path}")
        self.sha256 = sha256


class TemplateMissing(StoreError):
    code = "template_missing"

    def __init__(self, template_id: str, version: int | None = None) -> None:
        which = template_id if version is None else f"{template_id} version {version}"
        super().__init__("手机上没有这份检查表：请联网同步一次后再开始检查。",
                         f"the store has no template {which}")
        self.template_id, self.version = template_id, version


class NotFound(StoreError):
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__("找不到这条记录：它可能已被同步或删除。", what)


class NotEditable(StoreError):
    code = "not_editable"

    def __init__(self, inspection_id: str, status: str) -> None:
        super().__init__("这次检查已提交，不能再修改。", f"inspection {inspection_id} is {status}, not a draft")


def translate(exc: sqlite3.Error) -> Exception:
    """The typed error for a SQLite failure a screen can explain; other failures stay as they are."""
    text = str(exc).lower()
    if "database or disk is full" in text or "disk i/o error" in text and "full" in text:
        return DiskFull(str(exc))
    return exc
