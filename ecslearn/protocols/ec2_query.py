"""EC2's protocol: the query protocol's form body with EC2's names, and EC2's own envelopes.

Request names (`botocore.serialize.EC2Serializer`): a member's ``queryName``, else its
``locationName`` with the first letter capitalised, else its name; every list is ``Name.N``
(never ``.member.``), and an empty list is not sent at all.

Answer (``text/xml``)::

    <OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
      <requestId>...</requestId>
      ...the output shape's members, by locationName, list items as <item>...
    </OpResponse>

Errors (note ``RequestID``, not ``RequestId``)::

    <Response><Errors><Error><Code>...</Code><Message>...</Message></Error></Errors>
      <RequestID>...</RequestID></Response>
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from botocore.model import OperationModel, Shape

from ecslearn.errors import EcsError
from ecslearn.protocols.aws_query import XML_TYPE, QueryCodec, namespaced, text_child
from ecslearn.protocols.form import FormNaming
from ecslearn.protocols.wire import WireResponse
from ecslearn.protocols.xml_writer import to_bytes, write_members


class Ec2Naming:
    """`botocore.serialize.EC2Serializer`'s names."""

    empty_list_marker = False

    def name(self, shape: Shape, default: str) -> str:
        if "queryName" in shape.serialization:
            return shape.serialization["queryName"]
        name = shape.serialization.get("name")
        return name[0].upper() + name[1:] if name else default

    def list_items(self, shape: Shape, key: str) -> str:
        return key


class Ec2Codec(QueryCodec):
    protocol = "ec2"
    naming: FormNaming = Ec2Naming()

    def answer(
        self, response: dict[str, Any], model: OperationModel, request_id: str
    ) -> WireResponse:
        root = namespaced(f"{model.name}Response", model.service_model)
        text_child(root, "requestId", request_id)
        if model.output_shape is not None:
            write_members(root, response, model.output_shape)
        headers = {"Content-Type": XML_TYPE, "x-amzn-RequestId": request_id}
        return WireResponse(200, headers, to_bytes(root), model.name)

    def error(self, error: EcsError, service: Any, request_id: str) -> WireResponse:
        root = ET.Element("Response")
        detail = ET.SubElement(ET.SubElement(root, "Errors"), "Error")
        text_child(detail, "Code", error.code)
        text_child(detail, "Message", error.message)
        text_child(root, "RequestID", request_id)
        headers = {"Content-Type": XML_TYPE, "x-amzn-RequestId": request_id}
        return WireResponse(
            error.http_status, headers, to_bytes(root), error_code=error.code, hint=error.hint
        )
