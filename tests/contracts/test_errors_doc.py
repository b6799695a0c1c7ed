from services.common.errors import CATALOGUE
from services.common.errors_doc import DOC_PATH, render


def test_docs_errors_md_matches_the_catalogue():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), (
        "docs/errors.md differs from CATALOGUE: run .venv/bin/python -m services.common.errors_doc"
    )


def test_every_code_has_a_row_with_its_status():
    text = render()
    for code, kind in CATALOGUE.items():
        assert f"| `{code}` | {kind.status} |" in text
