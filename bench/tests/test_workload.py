import hashlib

from bench.workload import make_day


def test_day_is_reproducible_and_realistic() -> None:
    day = make_day(seed=5, scale=1 / 12)
    again = make_day(seed=5, scale=1 / 12)
    assert len(day) == 1
    assert day[0].doc == again[0].doc and day[0].photos == again[0].photos
    insp = day[0]
    assert 40 <= len(insp.doc["answers"]) <= 60
    assert 2 <= len(insp.photos) <= 4
    for sha, data in insp.photos.items():
        assert data[:2] == b"\xff\xd8"  # a real JPEG
        assert 120_000 <= len(data) <= 180_000
        assert hashlib.sha256(data).hexdigest() == sha
