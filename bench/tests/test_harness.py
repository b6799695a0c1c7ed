"""One measurement per contender on a fast lossy link: delivered, verified, counted."""

import pytest

from bench.contenders import NAMES, make
from bench.harness import measure
from bench.tests.conftest import FAST


@pytest.mark.parametrize("name", NAMES)
def test_each_contender_delivers_the_day_through_the_link(server, namespace, two_inspections, name):
    contender = make(name, server, two_inspections, f"{namespace}_{name}")
    wall, counts = measure(contender, FAST)  # raises if the database lacks anything sent
    assert wall > 0
    assert counts["bytes_up"] > two_inspections.photo_bytes
    assert counts["connects"] >= 1 and counts["exchanges"] >= len(two_inspections.inspections)
    assert counts["cuts"] == 0 and counts["drops"] == 0


def test_an_unknown_contender_is_refused(server, two_inspections) -> None:
    with pytest.raises(ValueError, match="unknown contender"):
        make("rsync", server, two_inspections, "x")
