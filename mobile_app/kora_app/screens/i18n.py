"""The app's own words in Chinese and Tibetan, from the gettext catalogs in locale/.

The .po files are read at start with polib (pinned), so there is no compile step to forget.
Checklist and region text comes from the catalog data in the store, not from here. ``tr``
raises KeyError on a word missing from a catalog: tests/test_i18n.py finds them all first.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

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


def error_text(error: object, language: str) -> str:
    """A view-model's error in the chosen language: the catalog's ``error:<code>`` when it has one,
    else the error's own (Chinese) message."""
    if error is None:
        return ""
    key = f"error:{getattr(error, 'code', '')}"
    if key in catalog(language if language in LANGUAGES else "zh"):
        count = getattr(error, "count", None)
        return tr(key, language, count=len(getattr(error, "problems", [])) if count is None else count)
    return getattr(error, "message", str(error))
