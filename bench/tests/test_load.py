"""The load scenario's parts: the body is the app's, the figures are right, the check catches a
double write, and a small round against the real sync service stores everything exactly once."""

from __future__ import annotations

import gzip

import httpx
import pytest

from bench.couch_server import BenchError
from bench.load import day as days
from bench.load import fleet, verify
from bench.load.phones import Attempt, PhoneRun, Request, run_round
from bench.load.stats import percentile, summarize
from mobile_app.kora_app.sync import SyncClient
from services.sync.app import create_app
from services.users.service import get_user
from tests.support.sync_data import running_service


def test_the_request_is_built_exactly_as_the_apps_client_builds_it():
    docs = days.day("t", fleet.template(), fleet.venues("540102", 20), "load0001")
    sent = []
    transport = httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={}))
    with SyncClient("http://kora.test", "tok", transport=transport) as client:
        client.exchange([{"doc": d, "base_rev": None} for d in docs], "cp-1")
    ours = days.sync_body(docs, "cp-1")
    assert gzip.decompress(ours) == gzip.decompress(sent[0].content)
    app_headers = {k: v for k, v in sent[0].headers.items() if k in days.sync_headers("tok")}
    assert app_headers == days.sync_headers("tok")
    assert len(docs) == days.DAY_INSPECTIONS and len({d["venue_id"] for d in docs}) == days.DAY_INSPECTIONS


def test_percentiles_and_outcomes_by_status():
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0, 4.0], 50) == 2.0 and percentile([1.0, 2.0], 99) == 2.0
    runs = [PhoneRun([Attempt(503, 0.01), Attempt(200, 1.0)], done_after=3.0),
            PhoneRun([Attempt(None, 60.0, "timeout: ReadTimeout")])]
    figures = summarize(runs, wall=4.0, inspections_per_phone=12)
    assert figures["inspections_done"] == 12 and figures["inspections_per_second"] == 3.0
    assert figures["errors_by_status"] == {"503": 1, "timeout": 1}
    assert figures["past_client_timeout"] == 1 and figures["server_errors_other_than_503"] == 0


def test_the_generator_talks_to_the_loopback_only():
    with pytest.raises(ValueError, match="127.0.0.1"):
        run_round("http://example.com:80", [Request("GET", "/", {}, b"")])


def test_a_small_round_is_stored_exactly_once_and_a_second_write_is_caught(settings, couch):
    venues = fleet.seed_reference_data(couch)
    accounts = fleet.create_accounts(couch, 3)
    assert {c for _, c in accounts} <= set(fleet.counties()) and len({c for _, c in accounts}) == 3
    assert get_user(couch, accounts[0][0])["password_hash"].startswith("$argon2")
    phones = fleet.phones(settings, accounts)
    day_docs = [days.day(p.name, fleet.template(), venues[p.county], p.name, count=2) for p in phones]
    with running_service(create_app(settings)) as url:
        runs, _ = run_round(url, [Request("POST", "/sync", days.sync_headers(p.token), days.sync_body(d, None))
                                  for p, d in zip(phones, day_docs, strict=True)], lambda r: r.json())
    assert [a.status for r in runs for a in r.attempts] == [200, 200, 200]
    assert {i["result"] for r in runs for i in r.answer["push"]} == {"accepted"}
    sent = [d for docs in day_docs for d in docs]
    db = couch.name("inspections")
    assert verify.exactly_once(couch, db, sent, len(sent), kora=True)["stored_once"]
    again = verify.stored_docs(couch, db, [sent[0]["_id"]])[sent[0]["_id"]]
    assert couch.http.post(f"/{db}/_bulk_docs", json={"docs": [again]}).status_code == 201
    with pytest.raises(BenchError, match="more than once"):
        verify.exactly_once(couch, db, sent, len(sent), kora=True)
