import pytest

from bench.__main__ import DEFAULT_SCALE, _listed
from bench.link import PROFILES


def test_lists_from_the_environment_are_checked(monkeypatch) -> None:
    monkeypatch.setenv("BENCH_LINKS", "3g, gprs-loss2")
    assert _listed("BENCH_LINKS", list(PROFILES), list(PROFILES)) == ["3g", "gprs-loss2"]
    monkeypatch.setenv("BENCH_LINKS", "5g")
    with pytest.raises(SystemExit, match="5g"):
        _listed("BENCH_LINKS", list(PROFILES), list(PROFILES))
    monkeypatch.delenv("BENCH_LINKS")
    assert _listed("BENCH_LINKS", ["a"], ["a", "b"]) == ["a"]


def test_every_link_has_a_default_share_of_the_day() -> None:
    assert {name.split("-")[0] for name in PROFILES} == set(DEFAULT_SCALE)
