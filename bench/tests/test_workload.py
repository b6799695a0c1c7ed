import hashlib

from bench.workload import DAY_INSPECTIONS, make_day
from schemas.rules.answers import answer_problems
from services.common.schemas import schema_errors


def test_day_is_reproducible_and_realistic() -> None:
    day = make_day(seed=5, scale=1 / 12)
    again = make_day(seed=5, scale=1 / 12)
    assert len(day.inspections) == 1
    assert day.docs == again.docs and day.photos == again.photos
    insp = day.inspections[0]
    assert 40 <= len(insp.doc["answers"]) <= 60
    assert 2 <= len(insp.photos) <= 4
    named = [sha for answer in insp.doc["answers"].values() for sha in answer.get("photos", [])]
    assert sorted(named) == sorted(insp.photos)
    for sha, data in insp.photos.items():
        assert data[:2] == b"\xff\xd8"  # a real JPEG
        assert 120_000 <= len(data) <= 180_000
        assert hashlib.sha256(data).hexdigest() == sha


def test_a_whole_day_has_twelve_valid_inspections_and_a_smaller_scale_is_its_start() -> None:
    day = make_day(scale=1.0)
    assert len(day.inspections) == DAY_INSPECTIONS
    assert len({d["_id"] for d in day.docs}) == DAY_INSPECTIONS
    assert make_day(scale=0.25).docs == day.docs[:3]
    for doc in day.docs:
        assert schema_errors("inspection", doc) == []
        assert answer_problems(day.template, doc["answers"]) == []
        assert doc["venue_id"] in {v["venue_id"] for v in day.venues}
