"""Fixtures of the fault scenarios: one throwaway CouchDB-protocol server of their own (restarting
it must not disturb the session's shared server) and a rig per scenario on its own databases."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.faults.rig import OwnCouch, Rig


@pytest.fixture(scope="session")
def own_couch() -> Iterator[OwnCouch]:
    with tempfile.TemporaryDirectory(prefix="kora-faults-couch-") as root:
        couch = OwnCouch(Path(root))
        couch.start()
        try:
            yield couch
        finally:
            couch.close()


@pytest.fixture
def make_rig(own_couch: OwnCouch, tmp_path: Path) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(seed: int, profile, **faults) -> Rig:
        print(f"fault seed {seed}; service log and data under {tmp_path}")
        rig = Rig(own_couch, tmp_path, seed, profile, **faults)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.close()
