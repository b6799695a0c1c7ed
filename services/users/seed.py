"""Demo accounts for `make run` (local only: production creates accounts through the API)."""

from __future__ import annotations

from services.common.couch import Couch
from services.common.errors import KoraError
from services.users import service

DEMO_ACCOUNTS = [
    {"name": "admin", "password": "Potala-demo-2026", "role": "administrator", "display_name": "Demo administrator",
     "jurisdiction": {"level": "region", "codes": []}},
    {"name": "region.sup", "password": "Region-demo-2026", "role": "supervisor", "display_name": "Region supervisor",
     "jurisdiction": {"level": "region", "codes": []}},
    {"name": "lhasa.sup", "password": "Lhasa-demo-2026", "role": "supervisor", "display_name": "Lhasa supervisor",
     "jurisdiction": {"level": "prefecture", "codes": ["540100"]}},
    {"name": "dawa", "password": "Chengguan-demo-2026", "role": "inspector", "display_name": "Dawa (Chengguan)",
     "jurisdiction": {"level": "county", "codes": ["540102"]}},
    {"name": "pema", "password": "Gerze-demo-2026", "role": "inspector", "display_name": "Pema (Gêrzê, Ngari)",
     "jurisdiction": {"level": "county", "codes": ["542526"]}},
]


def seed_demo_accounts(couch: Couch) -> str:
    created = 0
    for account in DEMO_ACCOUNTS:
        try:
            service.create_user(couch, dict(account))
            created += 1
        except KoraError as exc:
            if exc.code != "already_exists":
                raise
    lines = [
        f"  {a['name']:<11} {a['role']:<13} {a['jurisdiction']['level']} "
        f"{','.join(a['jurisdiction']['codes']) or 'all'}"
        f"  password {a['password']}"
        for a in DEMO_ACCOUNTS
    ]
    return f"demo accounts ({created} created):\n" + "\n".join(lines)
