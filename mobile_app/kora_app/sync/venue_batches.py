"""Which POST /sync carries each venue added on the spot: the first whose inspections name it, so that
the server creates the venue before it judges them (docs/sync-protocol.md, ``new_venues``)."""

from __future__ import annotations


def venues_by_batch(batches: list[list[dict]], new_venues: list[dict]) -> list[list[dict]]:
    """Each new venue in the first batch whose inspections name it, else in the first batch."""
    out: list[list[dict]] = [[] for _ in batches]
    for venue in new_venues:
        number = next((n for n, batch in enumerate(batches)
                       if any(isinstance(i.get("doc"), dict) and i["doc"].get("venue_id") == venue.get("venue_id")
                              for i in batch)), 0)
        out[number].append(venue)
    return out
