"""Two requests pushing the same inspection at the same moment (a retry racing the original on another replica)."""

from schemas.rules.jurisdiction import Jurisdiction
from services.common.auth import Principal
from services.inspections import store as inspections
from services.sync.push import service as push_service
from tests.support.sync_data import make_inspection, make_venue, seed
from tests.support.templates import make_template

DOLMA = Principal("dolma", "inspector", Jurisdiction("county", ("540102",)))


def test_the_loser_of_a_write_race_is_judged_again_against_the_winner(couch, monkeypatch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", "540102")])
    docs = [make_inspection("v1", "540102", "dolma", template) for _ in range(3)]
    real_write = inspections.write_many
    raced = []

    def write_after_a_rival(couch_, writes):
        if not raced:
            raced.append(True)
            rival = push_service.push(couch_, DOLMA, [{"doc": docs[1]}])  # the same request, a moment earlier
            assert rival[0]["result"] == "accepted"
        return real_write(couch_, writes)

    monkeypatch.setattr(inspections, "write_many", write_after_a_rival)
    results = push_service.push(couch, DOLMA, [{"doc": d} for d in docs])
    assert [r["result"] for r in results] == ["accepted", "already_had", "accepted"]
    stored = couch.db("inspections").all_docs([d["_id"] for d in docs])
    assert [stored[d["_id"]]["_rev"] for d in docs] == [r["rev"] for r in results]
    assert all(rev.startswith("1-") for rev in (r["rev"] for r in results))


def test_a_deleted_inspection_is_not_brought_back_by_a_late_retry(couch):
    template = make_template()
    seed(couch, "catalog", [template])
    seed(couch, "venues", [make_venue("v1", "540102")])
    doc = make_inspection("v1", "540102", "dolma", template)
    rev = push_service.push(couch, DOLMA, [{"doc": doc}])[0]["rev"]
    seed(couch, "inspections", [{"_id": doc["_id"], "_rev": rev, "_deleted": True}])
    result = push_service.push(couch, DOLMA, [{"doc": doc}])[0]
    assert result["result"] == "refused" and "deleted" in result["reason"] and result["refusal"] == "deleted_on_server"
    assert couch.db("inspections").all_docs([doc["_id"]])[doc["_id"]] is None
