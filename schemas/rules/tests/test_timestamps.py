from datetime import UTC, datetime, timedelta, timezone

from schemas.rules.timestamps import utc_stamp


def test_every_input_gives_the_same_utc_form():
    moment = datetime(2026, 5, 4, 2, 15, 0, 123456, tzinfo=UTC)
    lhasa = moment.astimezone(timezone(timedelta(hours=8)))
    assert utc_stamp(moment) == utc_stamp(lhasa) == utc_stamp(moment.timestamp()) == "2026-05-04T02:15:00Z"


def test_now_is_a_stamp():
    assert len(utc_stamp()) == 20 and utc_stamp().endswith("Z")
