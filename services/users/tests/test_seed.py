from services.users import passwords
from services.users.seed import DEMO_ACCOUNTS, seed_demo_accounts


def test_seed_creates_demo_accounts_once(couch):
    first = seed_demo_accounts(couch)
    second = seed_demo_accounts(couch)
    assert f"({len(DEMO_ACCOUNTS)} created)" in first and "(0 created)" in second
    for account in DEMO_ACCOUNTS:
        doc = couch.db("users").get(f"user:{account['name']}")
        assert doc["role"] == account["role"] and passwords.verify(doc["password_hash"], account["password"])
        assert account["password"] in first
