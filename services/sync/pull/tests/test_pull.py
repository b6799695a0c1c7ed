"""Pull against the real local CouchDB: what a first pull holds, what later pulls add, what never leaks."""

import gzip
import json
import random
from pathlib import Path

import pytest

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.sync.pull import service as pull_service
from services.sync.pull.checkpoint import Checkpoint, decode, encode, scope_of
from services.sync.pull.service import pull
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template

COUNTY, NEIGHBOUR, OTHER_PREFECTURE = "540102", "540103", "540202"
DOLMA = Principal("dolma", "inspector", Jurisdiction("county", (COUNTY,)))
CATALOG_DIR = Path(__file__).resolve().parents[4] / "schemas" / "catalog"


def _first(couch, principal=DOLMA):
    return pull(couch, principal, Checkpoint(who=scope_of(principal)))


def _notice(number, venue_id, county, status="issued"):
    return {"_id": f"notice:{number}", "type": "notice", "number": number, "venue_id": venue_id,
            "county_code": county, "inspection_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "status": status,
            "deadline": "2026-06-30", "access_code": "SECRET-CODE", "business_contact": "13800000000"}


@pytest.fixture
def world(couch):
    seed(couch, "catalog", [make_template("bank-basic", 1), make_template("bank-basic", 2),
                            make_template("bank-basic", 3, status="draft"), make_template("hospital", 1),
                            {"_id": "region:540102", "type": "region", "level": "county", "code": COUNTY,
                             "parent": "540100", "name": {"zh": "城关区", "bo": "ཁྲིན་ཀོན་ཆུས།"}}])
    seed(couch, "venues", [make_venue("a", COUNTY), make_venue("b", COUNTY), make_venue("n", NEIGHBOUR),
                           make_venue("x", OTHER_PREFECTURE)])
    seed(couch, "notices", [_notice("2026-0001", "a", COUNTY), _notice("2026-0002", "n", NEIGHBOUR)])


def test_first_pull_holds_the_users_world_and_nothing_else(couch, world):
    payload, checkpoint, more = _first(couch)
    assert not more and payload["full"] is True
    assert sorted((t["template_id"], t["version"]) for t in payload["templates"]) == [
        ("bank-basic", 2),
        ("hospital", 1),
    ]
    assert sorted(v["venue_id"] for v in payload["venues"]) == ["a", "b"]
    assert [n["_id"] for n in payload["notices"]] == ["notice:2026-0001"]
    assert "access_code" not in payload["notices"][0] and "business_contact" not in payload["notices"][0]
    assert [r["code"] for r in payload["regions"]] == [COUNTY]
    assert payload["returned"] == []
    # Notice 2026-0001's deadline has passed and it is not closed: venue a is to be inspected again.
    assert [(a["venue_id"], a["reason"]) for a in payload["assignments"]] == [("a", "overdue_notice")]
    assert checkpoint.venues is not None and checkpoint.catalog is not None


def test_prefecture_and_region_reach(couch, world):
    prefecture = Principal("sup", "inspector", Jurisdiction("prefecture", ("540100",)))
    region = Principal("root", "inspector", Jurisdiction("region"))
    assert sorted(v["venue_id"] for v in _first(couch, prefecture)[0]["venues"]) == ["a", "b", "n"]
    assert sorted(v["venue_id"] for v in _first(couch, region)[0]["venues"]) == ["a", "b", "n", "x"]


def test_later_pulls_send_only_changes_and_removals(couch, world):
    _, checkpoint, _ = _first(couch)
    quiet, checkpoint, _ = pull(couch, DOLMA, checkpoint)
    assert quiet["full"] is False
    assert quiet["venues"] == quiet["templates"] == quiet["notices"] == [] and quiet["returned"] is None

    venues = couch.db("venues").all_docs(["venue:a", "venue:b"])
    moved = {**venues["venue:b"], "county_code": NEIGHBOUR}
    deleted = {**venues["venue:a"], "_deleted": True}
    seed(couch, "venues", [moved, deleted, make_venue("c", COUNTY), make_venue("y", NEIGHBOUR)])
    seed(couch, "catalog", [make_template("bank-basic", 4), make_template("school", 1, status="draft")])
    notice = couch.db("notices").all_docs(["notice:2026-0001"])["notice:2026-0001"]
    seed(couch, "notices", [{**notice, "status": "answered"}, _notice("2026-0003", "y", NEIGHBOUR)])

    payload, checkpoint, more = pull(couch, DOLMA, checkpoint)
    assert not more
    assert [v["venue_id"] for v in payload["venues"]] == ["c"]
    assert sorted(payload["venues_removed"]) == ["a", "b"]
    assert [(t["template_id"], t["version"]) for t in payload["templates"]] == [("bank-basic", 4)]
    assert [(n["_id"], n["status"]) for n in payload["notices"]] == [("notice:2026-0001", "answered")]
    again, _, _ = pull(couch, DOLMA, checkpoint)
    assert again["venues"] == again["venues_removed"] == again["templates"] == again["notices"] == []


def test_templates_come_from_the_catalog_published_versions_only(couch, world):
    _, checkpoint, _ = _first(couch)
    assert checkpoint.templates is not None
    draft = couch.db("catalog").all_docs(["template:bank-basic@3"])["template:bank-basic@3"]
    seed(couch, "catalog", [{**draft, "title": {**draft["title"], "zh": "草稿改了"}}])  # a draft replaced
    quiet, checkpoint, _ = pull(couch, DOLMA, checkpoint)
    assert quiet["templates"] == []
    draft = couch.db("catalog").all_docs(["template:bank-basic@3"])["template:bank-basic@3"]
    seed(couch, "catalog", [{**draft, "status": "published", "published_at": "2026-05-01T08:00:00Z"}])
    published, checkpoint, _ = pull(couch, DOLMA, checkpoint)
    assert [(t["template_id"], t["version"]) for t in published["templates"]] == [("bank-basic", 3)]
    assert "_rev" not in published["templates"][0] and published["templates"][0]["title"]["zh"] == "草稿改了"
    assert pull(couch, DOLMA, checkpoint)[0]["templates"] == []


def test_a_checkpoint_from_before_the_templates_position_gets_every_template_once(couch, world):
    _, checkpoint, _ = _first(couch)
    older = Checkpoint(who=checkpoint.who, catalog=checkpoint.catalog, venues=checkpoint.venues,
                       notices=checkpoint.notices, returned=checkpoint.returned)
    payload, following, _ = pull(couch, DOLMA, decode(encode(older), DOLMA))
    assert payload["full"] is False and payload["venues"] == []
    assert sorted((t["template_id"], t["version"]) for t in payload["templates"]) == [
        ("bank-basic", 2),
        ("hospital", 1),
    ]
    assert pull(couch, DOLMA, following)[0]["templates"] == []


def test_template_drafts_filling_pages_hold_no_region_change_back_from_a_phone_that_follows_more(
        couch, world, monkeypatch):
    # The catalog feed is read unfiltered (services/catalog/changes.py): drafts take room in a page,
    # and the phone pulls again while ``more`` is true.
    _, checkpoint, _ = _first(couch)
    monkeypatch.setattr(pull_service, "CHANGES_LIMIT", 2)
    seed(couch, "catalog", [make_template(f"draft-{i}", 1, status="draft") for i in range(4)])
    region = couch.db("catalog").all_docs(["region:540102"])["region:540102"]
    seed(couch, "catalog", [{**region, "name": {**region["name"], "zh": "城关区（改）"}}])
    regions, templates, more, pulls = [], [], True, 0
    while more:
        payload, checkpoint, more = pull(couch, DOLMA, checkpoint)
        regions += [r["name"]["zh"] for r in payload["regions"]]
        templates += payload["templates"]
        pulls += 1
        assert pulls <= 5
    assert regions == ["城关区（改）"] and templates == []


def test_returned_inspections_come_with_the_comment_once(couch, world):
    template = couch.db("catalog").all_docs(["template:bank-basic@2"])["template:bank-basic@2"]
    mine = make_inspection("a", COUNTY, "dolma", template)
    theirs = make_inspection("a", COUNTY, "pasang", template)
    review = {"comment": "请补拍现金柜台", "by": "sup", "at": "2026-05-05T09:00:00Z"}
    seed(couch, "inspections", [{**mine, "status": "returned", "review": review},
                                {**theirs, "status": "returned", "review": review},
                                make_inspection("b", COUNTY, "dolma", template)])
    payload, checkpoint, _ = _first(couch)
    assert [(d["_id"], d["review"]["comment"]) for d in payload["returned"]] == [(mine["_id"], "请补拍现金柜台")]
    assert payload["returned"][0]["_rev"].startswith("1-")
    assert pull(couch, DOLMA, checkpoint)[0]["returned"] is None
    stored = couch.db("inspections").all_docs([mine["_id"]])[mine["_id"]]
    seed(couch, "inspections", [{**stored, "status": "approved"}])
    assert pull(couch, DOLMA, checkpoint)[0]["returned"] == []


def test_changes_are_paged_with_more(couch, world, monkeypatch):
    _, checkpoint, _ = _first(couch)
    seed(couch, "venues", [make_venue(f"p{i}", COUNTY) for i in range(5)])
    monkeypatch.setattr(pull_service, "CHANGES_LIMIT", 2)
    seen, more, rounds = [], True, 0
    while more:
        payload, checkpoint, more = pull(couch, DOLMA, checkpoint)
        seen += [v["venue_id"] for v in payload["venues"]]
        rounds += 1
    assert sorted(seen) == [f"p{i}" for i in range(5)] and rounds >= 3


def test_checkpoint_round_trip_and_scope():
    checkpoint = Checkpoint(who=scope_of(DOLMA), catalog="12-g1AAAA", venues="7", notices="0", returned="ab")
    assert decode(encode(checkpoint), DOLMA) == checkpoint
    moved = Principal("dolma", "inspector", Jurisdiction("county", (NEIGHBOUR,)))
    assert decode(encode(checkpoint), moved).is_first  # another jurisdiction: start again
    assert decode(None, DOLMA).is_first


@pytest.mark.parametrize("token", ["%%%", "bm90IGpzb24", "eyJ2IjoyfQ", "x" * 5000,
                                   "eyJ2IjoxLCJ3aG8iOjV9"])
def test_bad_checkpoints_are_refused(token):
    from services.common.errors import KoraError
    with pytest.raises(KoraError) as caught:
        decode(token, DOLMA)
    assert caught.value.code == "bad_checkpoint"


def _shipped_templates() -> list[dict]:
    """The templates in schemas/catalog/ if the catalog engineer has shipped any, else realistic ones."""
    shipped = []
    for path in sorted(CATALOG_DIR.rglob("*.json")) if CATALOG_DIR.is_dir() else []:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and doc.get("type") == "checklist_template":
            shipped.append({**doc, "_id": f"template:{doc['template_id']}@{doc['version']}", "status": "published"})
    if shipped:
        return shipped
    kinds = ["bank", "railway_station", "bus_station", "airport", "hospital", "shop", "service_hall",
             "telecom_postal", "cultural_venue"]
    return [make_template(f"{kind}-traditional-services", 1, items=30, venue_types=[kind]) for kind in kinds]


def test_first_pull_of_a_500_venue_county_fits_in_a_few_hundred_kilobytes(couch):
    templates = _shipped_templates()
    seed(couch, "catalog", templates)
    rng = random.Random(54)
    seed(couch, "venues", [make_venue(f"540102-{i:04d}", COUNTY, rng) for i in range(500)])
    payload, _, _ = _first(couch)
    assert len(payload["venues"]) == 500 and len(payload["templates"]) == len({t["template_id"] for t in templates})
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    compressed = len(gzip.compress(body, 6))
    print(f"first pull: {len(body)} bytes, {compressed} gzipped")
    assert compressed < 300 * 1024


def test_a_later_pull_reads_templates_and_regions_in_one_catalog_request(couch, world, monkeypatch):
    from services.catalog.service import publish
    from tests.support import couch_requests

    _, checkpoint, _ = _first(couch)
    assert checkpoint.templates == checkpoint.catalog
    seen = couch_requests.record(monkeypatch)
    payload, checkpoint, _ = pull(couch, DOLMA, checkpoint)
    assert payload["templates"] == [] and payload["regions"] == []
    assert [r for r in seen if r[0] == "catalog"] == [("catalog", "GET", "_changes")]

    publish(couch, "bank-basic", 3)
    region = couch.db("catalog").all_docs(["region:540102"])["region:540102"]
    seed(couch, "catalog", [{**region, "name": {**region["name"], "zh": "城关区（改）"}}])
    seen.clear()
    payload, following, more = pull(couch, DOLMA, checkpoint)
    assert [(t["template_id"], t["version"]) for t in payload["templates"]] == [("bank-basic", 3)]
    assert [r["name"]["zh"] for r in payload["regions"]] == ["城关区（改）"] and more is False
    assert following.templates == following.catalog
    assert pull(couch, DOLMA, following)[0]["templates"] == []
