"""Notice numbers: ``<prefecture>-<year>-<sequence>``, e.g. ``5401-2026-0001`` for Lhasa (5401).

One counter document per prefecture and year, ``counter:5401-2026``, holds the last number given
and which request got each number. A number is taken by writing the counter with the ``_rev``
read; a 409 means another replica took one meanwhile, so the counter is read again and the write
retried. CouchDB's revision check is the only lock, so any number of service replicas can issue
at once without a duplicate, and since the counter only ever goes up by one, without a gap.

A request asking again (a retry after a crash between taking the number and storing the notice)
finds its number in ``assigned`` and gets the same one back: no number is taken twice for one
request, and none is left unused.
"""

from __future__ import annotations

import random
import time
from typing import Any

from services.common.couch import Couch
from services.common.errors import KoraError
from services.notices import store

MAX_ROUNDS = 200


def counter_id(prefecture: str, year: int) -> str:
    return f"counter:{prefecture}-{year}"


def format_number(prefecture: str, year: int, sequence: int) -> str:
    return f"{prefecture}-{year}-{sequence:04d}"


def prefecture_of(county_code: str) -> str:
    """The four digits naming a county's prefecture (540102 -> 5401)."""
    return county_code[:4]


def assign(couch: Couch, prefecture: str, year: int, request_id: str) -> str:
    """The number of the notice issued for ``request_id``: the one it already has, else the next."""
    for attempt in range(MAX_ROUNDS):
        doc: dict[str, Any] = store.get(couch, counter_id(prefecture, year)) or {
            "_id": counter_id(prefecture, year), "type": "counter",
            "prefecture": prefecture, "year": year, "last": 0, "assigned": {}}
        held = doc["assigned"].get(request_id)
        if held is not None:
            return format_number(prefecture, year, held)
        sequence = doc["last"] + 1
        if store.put(couch, {**doc, "last": sequence,
                             "assigned": {**doc["assigned"], request_id: sequence}}) is not None:
            return format_number(prefecture, year, sequence)
        # Lost the race: back off a little at random so that many replicas do not collide in step.
        time.sleep(random.uniform(0, 0.005 * min(attempt + 1, 20)))
    raise KoraError("database_unavailable", f"could not take a number in {prefecture}-{year} after {MAX_ROUNDS} tries")
