"""Demo data for `make run`: each domain's seed step, run in order, each idempotent."""

from __future__ import annotations

import sys

from services.common.couch import Couch
from services.common.settings import load_settings

SEED_STEPS: list = []  # callables taking a Couch and returning a line to print


def main() -> int:
    couch = Couch(load_settings())
    try:
        for step in SEED_STEPS:
            print(f"seed: {step(couch)}")
    finally:
        couch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
