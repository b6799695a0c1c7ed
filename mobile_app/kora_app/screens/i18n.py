"""The app's own words in Chinese and Tibetan, from the gettext catalogs in locale/.

The .po files are read at start with polib (pinned), so there is no compile step to forget.
Checklist and region text comes from the catalog data in the store, not from here. The layers
below the screens say what they have to say as Messages (kora_app/message.py), put into words
here by ``say`` with the same catalogs. ``tr`` raises KeyError on a word missing from a catalog:
tests/test_i18n.py finds them all first, in the screens and in the Messages of the code below.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

from mobile_app.kora_app.message import Message

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("zh", "bo")
DOMAIN = "kora"


def N_(msgid: str) -> str:
    """Marks a word kept for later ``tr`` (the catalog test finds it, as xgettext would)."""
    return msgid


@cache
def catalog(language: str) -> dict[str, str]:
    po = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"))
    return {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}


def tr(msgid: str, language: str, **values: object) -> str:
    """The word ``msgid`` in ``language`` ("zh" or "bo"), with ``{name}`` places filled in."""
    found = catalog(language if language in LANGUAGES else "zh")[msgid]
    return found.format(**values) if values else found


def say(message: Message | None, language: str) -> str:
    """A Message from the layers below the screens in ``language``; values that are Messages
    themselves (a duration) are said first. None says nothing."""
    if message is None:
        return ""
    values = {name: say(value, language) if isinstance(value, Message) else value
              for name, value in message.params.items()}
    return tr(message.id, language, **values)


def error_text(error: object, language: str) -> str:
    """A view-model's error (a StoreError, whose ``message`` is a Message) in ``language``."""
    return "" if error is None else say(error.message, language)


def local_time(stamp: str) -> str:
    """A stored UTC stamp ("2026-05-04T10:00:00Z") as the phone's own clock reads it: 2026-05-04 18:00."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp
