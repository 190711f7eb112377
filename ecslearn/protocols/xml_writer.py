"""Writing a response dict as XML by its botocore output shape (query and ec2 protocols).

The element names are the ones botocore's XML parser looks for (`botocore.parsers.
BaseXMLResponseParser`): a member's ``locationName`` or else its name; a list is a wrapper
element whose items are ``<member>`` (or the list member's ``locationName``, EC2's ``<item>``),
or, flattened, the item element repeated in place; a map is ``<entry><key/><value/></entry>``.
Scalars: booleans ``true``/``false``, timestamps ISO 8601 in UTC with milliseconds (AWS's
query APIs write them so; the handlers hold epoch seconds), numbers in Python's shortest form.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from botocore.model import Shape


def element_name(shape: Shape, member_name: str) -> str:
    """The element a structure member is written as (botocore's ``_member_key_name``)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        item_name = shape.member.serialization.get("name")
        if item_name is not None:
            return item_name
    return shape.serialization.get("name", member_name)


def iso8601(value: Any) -> str:
    if isinstance(value, str):
        return value
    when = dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def scalar_text(value: Any, shape: Shape) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        return iso8601(value)
    if kind in ("float", "double"):
        return repr(float(value))
    return str(value)


def write_members(parent: ET.Element, value: dict[str, Any], shape: Shape) -> None:
    """Each member of `value` present in `shape`, in the shape's order, under `parent`."""
    for name, member in shape.members.items():
        item = value.get(name)
        if item is not None:
            write_member(parent, element_name(member, name), item, member)


def write_member(parent: ET.Element, tag: str, value: Any, shape: Shape) -> None:
    flattened = shape.serialization.get("flattened")
    if shape.type_name == "list" and flattened:
        for item in value:
            write_value(ET.SubElement(parent, tag), item, shape.member)
    elif shape.type_name == "map" and flattened:
        for key, item in value.items():
            _write_entry(ET.SubElement(parent, tag), key, item, shape)
    else:
        write_value(ET.SubElement(parent, tag), value, shape)


def write_value(element: ET.Element, value: Any, shape: Shape) -> None:
    """`value` as the content of `element` (a non-flattened list or map writes its items)."""
    kind = shape.type_name
    if kind == "structure":
        write_members(element, value, shape)
    elif kind == "list":
        item_tag = shape.member.serialization.get("name", "member")
        for item in value:
            write_value(ET.SubElement(element, item_tag), item, shape.member)
    elif kind == "map":
        for key, item in value.items():
            _write_entry(ET.SubElement(element, "entry"), key, item, shape)
    else:
        element.text = scalar_text(value, shape)


def _write_entry(entry: ET.Element, key: Any, value: Any, shape: Shape) -> None:
    key_tag = shape.key.serialization.get("name") or "key"
    value_tag = shape.value.serialization.get("name") or "value"
    write_value(ET.SubElement(entry, key_tag), key, shape.key)
    write_value(ET.SubElement(entry, value_tag), value, shape.value)


def to_bytes(root: ET.Element) -> bytes:
    """The document with an XML declaration, UTF-8."""
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
