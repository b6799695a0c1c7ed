"""An inspection as ODK Collect would hold it: an XForms instance XML document.

Every field of the inspection becomes an element (lists repeat an ``item`` element); photos are
named by the file that travels with the submission (``<sha256>.jpg``), as an ODK image question
names its answer; the OpenRosa meta block carries ``uuid:<inspection id>`` as the instanceID.
The XML is deterministic, so the receiver's stored copy can be compared byte for byte.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement, fromstring, tostring

FORM_ID = "kora_inspection"
FORM_VERSION = "1"
ORX = "http://openrosa.org/xforms"
XML_DECLARATION = b"<?xml version='1.0' ?>"
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def photo_file_name(sha256: str) -> str:
    return f"{sha256}.jpg"


def _append(parent: Element, key: str, value: Any) -> None:
    if not _XML_NAME.fullmatch(key):
        raise ValueError(f"{key!r} cannot be an XML element name")
    element = SubElement(parent, key)
    if isinstance(value, dict):
        for child_key, child in value.items():
            _append(element, child_key, child)
    elif isinstance(value, list):
        for child in value:
            if key == "photos":
                child = photo_file_name(child)
            _append(element, "item", child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)


def instance_xml(doc: dict[str, Any]) -> bytes:
    """The submission XML for one inspection (``_id`` goes to meta/instanceID)."""
    root = Element("data", {"id": FORM_ID, "version": FORM_VERSION, "xmlns:orx": ORX})
    for key, value in doc.items():
        if key != "_id":
            _append(root, key, value)
    meta = SubElement(root, "orx:meta")
    SubElement(meta, "orx:instanceID").text = f"uuid:{doc['_id']}"
    return XML_DECLARATION + tostring(root, encoding="unicode").encode("utf-8")


def instance_id(xml: bytes) -> str:
    """The instanceID of a submission, without its ``uuid:`` scheme; ValueError if there is none."""
    try:
        root = fromstring(xml)
    except ParseError as exc:
        raise ValueError(f"the submission is not well-formed XML: {exc}") from None
    found = root.find(f"{{{ORX}}}meta/{{{ORX}}}instanceID")
    if found is None or not (found.text or "").startswith("uuid:") or len(found.text) < 6:
        raise ValueError("the submission has no meta/instanceID of the form uuid:...")
    return found.text[5:]
