import pytest

from services.inspections import statuses


def test_the_phone_may_edit_only_before_a_supervisor_decided():
    assert statuses.EDITABLE_BY_PHONE == {"submitted", "returned"}


@pytest.mark.parametrize(("action", "current", "expected"), [
    ("approve", "submitted", "approved"),
    ("approve", "returned", None),
    ("approve", "approved", None),
    ("return", "submitted", "returned"),
    ("return", "approved", None),
    ("correct", "submitted", "corrected"),
    ("correct", "approved", "corrected"),
    ("correct", "corrected", "corrected"),
    ("correct", "returned", None),
])
def test_transitions(action, current, expected):
    assert statuses.next_status(action, current) == expected


def test_every_status_is_in_the_inspection_schema():
    import json
    from pathlib import Path
    schema = json.loads((Path(__file__).parents[3] / "schemas" / "inspection.schema.json").read_text())
    assert set(schema["properties"]["status"]["enum"]) == set(statuses.ALL)
