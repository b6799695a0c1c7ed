"""Pinyin of a venue's Chinese name, so that "yh", "yinhang" or "yinh" finds 银行.

Every reading of every character is kept (pypinyin's heteronyms): 支行 is zhihang but a
dictionary without that phrase reads 行 as xing, and the inspector must find it either way.
The readings are computed once when a venue is stored (pypinyin's dictionaries take a moment
to load); matching a query against them is plain Python over one county's few hundred venues.
pypinyin is pure Python.
"""

from __future__ import annotations

import json


def readings(name_zh: str) -> list[list[str]]:
    """Per character (or run of non-Chinese text), its readings in lower case without tones."""
    if not name_zh:
        return []
    from pypinyin import Style, pinyin

    out = []
    for options in pinyin(name_zh, style=Style.NORMAL, heteronym=True, errors="default"):
        kept = list(dict.fromkeys(o.lower().replace(" ", "") for o in options if o.strip()))
        if kept:
            out.append(kept)
    return out


def search_keys(name_zh: str) -> tuple[str, str]:
    """(initials of the first reading, JSON of every reading): what the venues table keeps."""
    found = readings(name_zh)
    return "".join(r[0][0] for r in found), json.dumps(found, ensure_ascii=False)


def _matches_from(found: list[list[str]], start: int, query: str) -> bool:
    if not query:
        return True
    if start == len(found):
        return False
    for syllable in found[start]:
        if syllable.startswith(query):
            return True  # the query ends inside this syllable
        if query.startswith(syllable) and _matches_from(found, start + 1, query[len(syllable):]):
            return True
        if query[0] == syllable[0] and _matches_from(found, start + 1, query[1:]):
            return True  # an initial, then the rest
    return False


def matches(readings_json: str, query: str) -> bool:
    """Whether ``query`` (latin letters, any case) spells a run of the name's characters, each by
    its initial or its whole syllable: "yh", "yinhang", "yinh", "slyh" all find 示例银行."""
    query = query.lower().replace(" ", "")
    found = json.loads(readings_json) if readings_json else []
    return bool(query) and any(_matches_from(found, start, query) for start in range(len(found)))
