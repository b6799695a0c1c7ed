"""The app's sync client: pure Python on httpx (and Pillow for shrinking photos), no Kivy, no pydantic.

    from kora_app.sync import SyncClient, shrink_jpeg, photo_id

    client = SyncClient("https://sync.example", token)
    result = client.sync(outbox, photos, checkpoint)   # see client.py and docs/sync-protocol.md
"""

from .client import SyncClient, SyncError, SyncResult
from .login import sign_in
from .photos import photo_id, shrink_jpeg

__all__ = ["SyncClient", "SyncError", "SyncResult", "photo_id", "shrink_jpeg", "sign_in"]
