"""Give a summary to inspections stored before the push wrote one, so that the queue and the
statistics see them: ``python -m services.inspections.backfill`` (idempotent; run once after
deploying the review pages). Each write keeps the document's ``_rev``, so a phone or supervisor
writing at the same moment wins and the inspection is left for the next run."""

from __future__ import annotations

import sys

from services.catalog import service as catalog
from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.settings import SettingsError, load_settings
from services.inspections import store as inspections
from services.inspections.summary import summarize
from services.venues import service as venues

BATCH = 500


def add_missing_summaries(couch: Couch) -> dict[str, int]:
    """``{written, conflicts, without_template}`` over every inspection lacking a summary."""
    tally = {"written": 0, "conflicts": 0, "without_template": 0}
    db = couch.db(inspections.DB)
    while True:
        docs = db.find({"type": "inspection", "summary": {"$exists": False}}, limit=BATCH).docs
        if not docs:
            return tally
        keys = sorted({(d["template"]["id"], d["template"]["version"]) for d in docs})
        templates = {}
        for key in keys:
            try:
                templates[key] = catalog.get_version(couch, *key)
            except KoraError:
                templates[key] = None
        places = venues.get_many(couch, [d["venue_id"] for d in docs])
        writes = []
        for doc in docs:
            template = templates[(doc["template"]["id"], doc["template"]["version"])]
            tally["without_template"] += template is None
            writes.append({**doc, "summary": summarize(doc, template, places.get(doc["venue_id"]))})
        results = inspections.write_many(couch, writes)
        tally["written"] += sum(1 for r in results if not r.get("error"))
        tally["conflicts"] += sum(1 for r in results if r.get("error"))
        if tally["conflicts"] and len(docs) < BATCH:
            return tally  # what lost a race is left for the next run rather than looped on


def main() -> int:
    try:
        couch = Couch(load_settings())
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        print(f"backfill: {add_missing_summaries(couch)}")
    finally:
        couch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
