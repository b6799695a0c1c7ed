"""Seed steps for `make run`: the regions, then the demo venues through the normal import."""

from __future__ import annotations

from pathlib import Path

from services.common.couch import Couch
from services.venues.service import import_csv

DEMO_CSV = Path(__file__).with_name("demo") / "demo_venues.csv"


def seed_demo_venues(couch: Couch) -> str:
    report = import_csv(couch, DEMO_CSV.read_bytes(), dry_run=False)
    return f"venues: {report['rows_ok']} demo venues, {report['written']} written"

