"""A photo the inspector takes: shrunk once, named by the SHA-256 of what is kept, written durably.

The camera's 12 MP JPEG (4-8 MB) becomes at most 1280 px on its long side, turned upright from
its EXIF orientation, with EXIF (GPS, device) stripped (``sync.photos.upright_within``), and is
encoded at the lowest JPEG quality that keeps SSIM ≥ 0.955 against those pixels (``quality.py``:
4:2:0 from quality 50, 4:4:4 up to 95 for what needs it): shop signs and notices on a wall stay
readable, a field of stars keeps its stars. The hash of the kept bytes is their ``photo_id``, the
name the photo travels and is stored under.

The file is written first (temporary name, fsync, rename, fsync of the folder), then the photo
row and the answer's reference in one transaction. A kill between the two leaves a file nobody
names, which ``retention.sweep`` removes; never a reference to a file that is not there.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..store import inspections
from ..store.database import Store
from ..store.errors import DiskFull, PhotoMissing
from ..sync.photos import photo_id, upright_within
from . import quality

MAX_DIMENSION = 1280


def shrink_choosing(raw: bytes) -> quality.Choice:
    """``raw`` upright within MAX_DIMENSION, kept at the quality ``quality.choose`` finds for it."""
    return quality.choose(upright_within(raw, MAX_DIMENSION))


def shrink(raw: bytes) -> bytes:
    return shrink_choosing(raw).data


def path_for(store: Store, sha256: str) -> Path:
    return store.photos_dir / f"{sha256}.jpg"


def _write_durably(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if exc.errno == 28:  # ENOSPC
            raise DiskFull(str(exc)) from exc
        raise


def take(store: Store, inspection_id: str, item_id: str, raw: bytes, now: str) -> str:
    """Shrink ``raw``, keep it, name it in the item's answer; returns its SHA-256."""
    kept = shrink(raw)
    return keep(store, inspection_id, item_id, kept, now)


def keep(store: Store, inspection_id: str, item_id: str | None, kept: bytes, now: str) -> str:
    """Keep bytes already shrunk (also a signature photographed on paper: ``item_id`` None)."""
    sha256 = photo_id(kept)
    path = path_for(store, sha256)
    existed = path.exists()
    if not existed:
        _write_durably(path, kept)
    try:
        with store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO photos (sha256, path, size, inspection_id, item_id, taken_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (sha256, path.name, len(kept), inspection_id, item_id, now))
            if item_id is not None:
                inspections.link_photo(db, inspection_id, item_id, sha256, now)
            else:
                inspections._editable(db, inspection_id, now)
                db.execute("INSERT INTO signatures (inspection_id, image, signed_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (inspection_id) DO UPDATE SET image = excluded.image, pad = NULL",
                           (inspection_id, sha256, now))
                db.execute("DELETE FROM signature_strokes WHERE inspection_id = ?", (inspection_id,))
    except BaseException:
        if not existed:
            path.unlink(missing_ok=True)
        raise
    return sha256


def read(store: Store, sha256: str) -> bytes:
    """The kept bytes; PhotoMissing if the file went (a cleaner app, a card taken out)."""
    path = path_for(store, sha256)
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise PhotoMissing(sha256, str(path)) from exc


def missing(store: Store, hashes: list[str]) -> list[str]:
    """The hashes among ``hashes`` whose file is not on disk."""
    return [h for h in hashes if not path_for(store, h).exists()]
