from xml.etree.ElementTree import fromstring

import pytest

from bench.baselines.openrosa_instance import (
    FORM_ID,
    ORX,
    instance_id,
    instance_xml,
    photo_file_name,
)


def test_the_instance_carries_every_field_its_id_and_photos_by_file_name(two_inspections) -> None:
    doc = two_inspections.docs[0]
    xml = instance_xml(doc)
    assert xml.startswith(b"<?xml version='1.0' ?>") and xml == instance_xml(doc)
    root = fromstring(xml)
    assert root.tag == "data" and root.get("id") == FORM_ID
    assert instance_id(xml) == doc["_id"]
    assert root.findtext("venue_id") == doc["venue_id"]
    assert len(root.find("answers")) == len(doc["answers"])
    named = [e.text for e in root.iter("item") if e.text and e.text.endswith(".jpg")]
    assert sorted(named) == sorted(
        photo_file_name(sha) for sha in two_inspections.inspections[0].photos
    )
    assert root.find(f"{{{ORX}}}meta/{{{ORX}}}instanceID").text == f"uuid:{doc['_id']}"


@pytest.mark.parametrize(
    "xml",
    [
        b"<data>",
        b"<data/>",
        (
            b"<data xmlns:orx='http://openrosa.org/xforms'>"
            b"<orx:meta><orx:instanceID>42</orx:instanceID></orx:meta></data>"
        ),
    ],
)
def test_a_submission_without_a_well_formed_uuid_instance_id_is_refused(xml) -> None:
    with pytest.raises(ValueError):
        instance_id(xml)


def test_a_key_that_cannot_be_an_element_name_is_refused() -> None:
    with pytest.raises(ValueError):
        instance_xml({"_id": "x", "answers": {"1st item": {"value": "yes"}}})
