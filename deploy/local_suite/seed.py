"""Demo data for `make run`: each domain's seed step, run in order, each idempotent."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from services.common.couch import Couch
from services.common.errors import KoraError
from services.common.settings import load_settings

SEED_STEPS: list = []  # callables taking a Couch and returning a line to print

from services.catalog.regions import seed_regions
from services.venues.seed import seed_demo_venues

SEED_STEPS += [seed_regions, seed_demo_venues]

from services.catalog.seed import seed_templates

SEED_STEPS += [seed_templates]

from services.users.seed import seed_demo_accounts

SEED_STEPS += [seed_demo_accounts]

from services.review.demo.seed import seed_demo_inspections

SEED_STEPS += [seed_demo_inspections]


DATABASES = Path(__file__).resolve().parents[2] / "services" / "common" / "couchdb" / "databases.json"


def database_states(couch: Couch) -> dict[str, object]:
    """Each Kora database's update_seq (opaque: only compared for equality)."""
    states = {}
    for short in json.loads(DATABASES.read_text()):
        try:
            states[short] = couch.db(short).update_seq()
        except KoraError:
            states[short] = None
    return states


def main() -> int:
    couch = Couch(load_settings())
    try:
        before = database_states(couch)
        for step in SEED_STEPS:
            print(f"seed: {step(couch)}")
        changed = [short for short, seq in database_states(couch).items() if before.get(short) != seq]
        if changed:
            print(f"seed: {len(SEED_STEPS)} step(s) wrote to: {', '.join(changed)}")
        else:
            print(f"seed: {len(SEED_STEPS)} step(s), nothing changed")
    finally:
        couch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
