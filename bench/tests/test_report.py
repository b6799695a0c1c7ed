"""The report computes what it says: ratio to the physical limit, Kora over each baseline."""

import json

import pytest

from bench.couch_server import BenchError
from bench.link import LinkProfile
from bench.report import figure, kora_versus, line, ratio_lines, summary, write

LINK = LinkProfile("test", down_bps=80_000, up_bps=16_000, rtt=0.5)
HOST = {"commit": "abc", "date": "2026-05-04T00:00:00+00:00"}


def counts(up: int, down: int, exchanges: int = 3) -> dict[str, int]:
    return {
        "bytes_up": up,
        "bytes_down": down,
        "connects": 1,
        "exchanges": exchanges,
        "retransmissions": 0,
        "cuts": 0,
        "drops": 0,
    }


def test_the_ratio_to_the_limit_is_wall_time_over_serialisation_plus_one_rtt(two_inspections):
    fig = figure("kora", LINK, 0.5, two_inspections, 30.0, counts(20_000, 10_000), HOST)
    limit = 20_000 * 8 / 16_000 + 10_000 * 8 / 80_000 + 0.5  # 10 + 1 + 0.5
    assert fig["physical_limit_seconds"] == pytest.approx(11.5)
    assert fig["ratio_to_limit"] == pytest.approx(30.0 / limit)
    assert fig["bytes_total"] == 30_000 and fig["round_trips"] == 3
    assert fig["benchmark"] == "kora-test" and fig["inspections"] == 2 and fig["machine"] == HOST
    assert fig["photo_bytes"] == two_inspections.photo_bytes and "x limit 2.61" in line(fig)


def test_kora_is_divided_by_each_baseline_of_the_same_link(two_inspections, tmp_path) -> None:
    kora = figure("kora", LINK, 0.5, two_inspections, 30.0, counts(20_000, 10_000, 4), HOST)
    odk = figure("odk", LINK, 0.5, two_inspections, 40.0, counts(30_000, 10_000, 8), HOST)
    repl = figure(
        "couch_replication", LINK, 0.5, two_inspections, 20.0, counts(25_000, 5_000, 2), HOST
    )
    assert kora_versus(kora, odk) == {
        "wall": 0.75,
        "bytes": 0.75,
        "bytes_up": 20_000 / 30_000,
        "round_trips": 0.5,
    }
    result = summary([kora, odk, repl], HOST)
    versus = result["links"]["test"]["kora_versus"]
    assert versus["odk"]["wall"] == 0.75 and versus["couch_replication"]["wall"] == 1.5
    assert (
        versus["couch_replication"]["bytes"] == 1.0
        and versus["couch_replication"]["round_trips"] == 2
    )
    assert len(ratio_lines(result)) == 2
    write(tmp_path, [kora, odk, repl], result)
    assert {p.name for p in tmp_path.iterdir()} == {
        "kora-test.json",
        "odk-test.json",
        "couch_replication-test.json",
        "summary.json",
    }
    assert (
        json.loads((tmp_path / "summary.json").read_text())["links"]["test"]["kora_versus"]
        == versus
    )


def test_figures_of_different_days_or_links_are_never_compared(two_inspections) -> None:
    kora = figure("kora", LINK, 0.5, two_inspections, 30.0, counts(1, 1), HOST)
    other_scale = figure("odk", LINK, 1.0, two_inspections, 30.0, counts(1, 1), HOST)
    other_link = figure(
        "odk", LinkProfile("test", 1, 1, 1), 0.5, two_inspections, 30.0, counts(1, 1), HOST
    )
    for baseline in (other_scale, other_link):
        with pytest.raises(BenchError):
            kora_versus(kora, baseline)
