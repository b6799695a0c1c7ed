"""Writes docs/errors.md from the error catalogue: ``python -m services.common.errors_doc``.

tests/contracts/test_errors_doc.py fails when the committed document differs from what this
renders, so adding a code to CATALOGUE is followed by one command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from services.common.errors import CATALOGUE

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "errors.md"

HEADER = """# Kora error codes

Every error a Kora service returns is an `application/problem+json` body whose `code` is one of
the codes below (`services/common/errors.py`, `CATALOGUE`). The title says when it happens; the
`detail` of each response says what exactly was wrong.

This file is generated: after changing the catalogue run

    .venv/bin/python -m services.common.errors_doc

`tests/contracts/test_errors_doc.py` fails while this file and the catalogue differ.

| Code | HTTP status | Title (when it happens) |
|------|-------------|-------------------------|
"""


def _cell(text: str) -> str:
    return text.replace("|", r"\|")


def render() -> str:
    rows = [
        f"| `{code}` | {kind.status} | {_cell(kind.title)} |" for code, kind in CATALOGUE.items()
    ]
    return HEADER + "\n".join(rows) + "\n"


def main() -> int:
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH} ({len(CATALOGUE)} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
