"""The phone's store at the start of an inspector's day, for the app benchmarks (bench/app.py).

What an earlier online sign-in and a first pull leave on the phone: the inspector's account (so
signing in is the offline path), the 60-item checklist, 500 venues of the county, four notices due
for re-inspection (today's assignments) and eight drafts begun, each with 40 of its 60 answers
(a few with a note and a photo), as in bench/phone_store.py.
"""

from __future__ import annotations

from pathlib import Path

from mobile_app.kora_app.store import catalog, inspections
from mobile_app.kora_app.store.database import Store
from mobile_app.kora_app.viewmodels.tests.test_signin import keep_account
from tests.support.sync_data import make_venue
from tests.support.templates import make_template

INSPECTOR = "dolma"
PASSWORD = "Lhasa-2026-pw"
COUNTY = "540102"
TEMPLATE_ID = "bench-checklist"
ITEMS = 60
VENUES = 500
ASSIGNMENTS = 4
DRAFTS = 8
ANSWERED = 40
NOW = "2026-05-04T08:00:00Z"


def _notice(n: int, venue_id: str) -> dict:
    number = f"{COUNTY}-2026-{n + 1:04d}"
    return {"_id": f"notice:{number}", "type": "notice", "number": number, "venue_id": venue_id,
            "county_code": COUNTY, "inspection_id": f"earlier-{n}", "template": {"id": TEMPLATE_ID, "version": 1},
            "status": "answered", "issued_at": "2026-04-20T10:00:00Z", "deadline": "2026-05-04T23:59:59+08:00",
            "item_ids": [f"item-{3 * n + 3:02d}", f"item-{3 * n + 7:02d}"]}


def prepare(path: Path) -> list[str]:
    """Fill a new store at ``path`` with the day; returns the drafts' inspection ids."""
    with Store(path) as store:
        keep_account(store, INSPECTOR, PASSWORD)
        template = make_template(TEMPLATE_ID, items=ITEMS, photo="on_no", venue_types=["bank"])
        venues = [make_venue(f"v{n:03d}", COUNTY) for n in range(VENUES)]
        notices = [_notice(n, venues[DRAFTS + n]["venue_id"]) for n in range(ASSIGNMENTS)]
        catalog.apply_pull(store, {"full": True, "templates": [template], "venues": venues, "notices": notices,
                                   "notices_removed": [], "returned": [], "assignments": []}, "cp-1", NOW)
        drafts = []
        for d in range(DRAFTS):
            draft = inspections.start(store, venue=venues[d], template_id=TEMPLATE_ID, template_version=1,
                                      inspector=INSPECTOR, now=NOW)
            for n in range(1, ANSWERED + 1):
                note = "未保留人工服务窗口" if n % 5 == 0 else None
                inspections.set_answer(store, draft, f"item-{n:02d}", "no" if note else "yes", NOW, note=note,
                                       photos=["ab" * 32] if note else None)
            drafts.append(draft)
    return drafts
