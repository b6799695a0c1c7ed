"""Property-based API testing (bounded for `make test`; `make fuzz` runs it deeper)."""

from __future__ import annotations

from tests.authz.live import live_services
from tests.fuzz.schemathesis_run import examples, fuzz_all


def test_every_operation_as_every_role(couchdb_url, tmp_path):
    with live_services(couchdb_url, tmp_path) as suite:
        count, failures = fuzz_all(suite, examples())
    assert count >= 3 * 28
    assert failures == [], "\n\n".join(failures)
