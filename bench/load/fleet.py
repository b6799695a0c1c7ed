"""The region's inspectors for the load benchmark: ten counties, their venues, one account each.

Accounts go through the users domain's own code path (``services.users.service.create_user``, as
the demo seed does: policy, schema, jurisdiction codes, argon2 hash, save). Every bench account
has the same password, so its argon2 hash is computed once and reused (``one_hash``): hashing is
0.25 s of CPU per account and says nothing about sync. Tokens are signed as POST /auth/login signs
them (``issue_token``); the revocation check still reads each account on every sync.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import issue_token
from services.common.couch import Couch
from services.common.errors import KoraError
from services.users import passwords, service
from tests.support.sync_data import make_venue, seed
from tests.support.templates import make_template

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ROOT / "schemas" / "regions" / "regions.json"
COUNTIES = 10
VENUES_PER_COUNTY = 120
TEMPLATE_ITEMS = 60
PASSWORD = "Load-bench-2026"


@dataclass(frozen=True)
class Phone:
    name: str
    county: str
    token: str


def counties(count: int = COUNTIES) -> list[str]:
    regions = json.loads(REGIONS.read_text(encoding="utf-8"))["regions"]
    return sorted(r["code"] for r in regions if r["level"] == "county")[:count]


def venues(county: str, count: int = VENUES_PER_COUNTY) -> list[dict]:
    return [make_venue(f"load-{county}-{k:03d}", county, random.Random(f"{county}-{k}")) for k in range(count)]


def template() -> dict:
    return make_template("load-checklist", items=TEMPLATE_ITEMS)


def seed_reference_data(couch: Couch) -> dict[str, list[dict]]:
    """The checklist and every county's venues; returns the venues by county."""
    seed(couch, "catalog", [template()])
    by_county = {county: venues(county) for county in counties()}
    for county_venues in by_county.values():
        seed(couch, "venues", county_venues)
    return by_county


@contextmanager
def one_hash() -> Iterator[None]:
    original = passwords.hash_password
    passwords.hash_password = cache(original)
    try:
        yield
    finally:
        passwords.hash_password = original


def create_accounts(couch: Couch, count: int) -> list[tuple[str, str]]:
    """``count`` inspectors, spread over the ten counties: [(name, county)]. Idempotent."""
    places = counties()
    accounts = [(f"load{n:04d}", places[n % len(places)]) for n in range(count)]

    def create(account: tuple[str, str]) -> None:
        name, county = account
        try:
            service.create_user(couch, {"name": name, "password": PASSWORD, "role": "inspector",
                                        "display_name": f"Inspector {name}",
                                        "jurisdiction": {"level": "county", "codes": [county]}})
        except KoraError as exc:
            if exc.code != "already_exists":
                raise

    with one_hash(), ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, accounts))
    return accounts


def phones(settings, accounts: list[tuple[str, str]]) -> list[Phone]:
    return [Phone(name, county, issue_token(settings, name, "inspector", Jurisdiction("county", (county,)))[0])
            for name, county in accounts]
