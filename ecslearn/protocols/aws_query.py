"""AWS's query protocol (STS; later ELBv2 and EC2 Auto Scaling): a form body in, XML out.

Request: ``POST /`` with ``Content-Type: application/x-www-form-urlencoded`` and
``Action=<Operation>&Version=<apiVersion>&<members>``; lists as ``Name.member.N`` (or, flattened,
``Name.N``), maps as ``Name.entry.N.key`` / ``.value`` (`form`).

Answer (``text/xml``)::

    <OpResponse xmlns="<the model's xmlNamespace>">
      <OpResult>...the output shape's members...</OpResult>
      <ResponseMetadata><RequestId>...</RequestId></ResponseMetadata>
    </OpResponse>

where ``OpResult`` is the output shape's ``resultWrapper`` (members go straight under the root
when it has none). Errors::

    <ErrorResponse xmlns="..."><Error><Type>Sender</Type><Code>...</Code>
      <Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>

with the error's HTTP status; ``Type`` is ``Sender`` for a 4xx and ``Receiver`` for a 5xx, as AWS
writes it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from botocore.model import OperationModel, ServiceModel

from ecslearn.errors import EcsError
from ecslearn.protocols.form import FormNaming, FormReader, QueryNaming, decode_form
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.protocols.xml_writer import to_bytes, write_members

XML_TYPE = "text/xml"


def namespaced(tag: str, service: ServiceModel | None) -> ET.Element:
    root = ET.Element(tag)
    namespace = service.metadata.get("xmlNamespace") if service is not None else None
    if namespace:
        root.set("xmlns", namespace)
    return root


def text_child(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child


class QueryCodec:
    protocol = "query"
    naming: FormNaming = QueryNaming()

    def parse(self, request: WireRequest, model: OperationModel) -> dict[str, Any]:
        fields = request.form if request.form is not None else decode_form(request.body)
        return FormReader(fields, self.naming).read(model.input_shape, model.name)

    def answer(
        self, response: dict[str, Any], model: OperationModel, request_id: str
    ) -> WireResponse:
        root = namespaced(f"{model.name}Response", model.service_model)
        shape = model.output_shape
        if shape is not None:
            wrapper = shape.serialization.get("resultWrapper")
            parent = ET.SubElement(root, wrapper) if wrapper else root
            write_members(parent, response, shape)
        metadata = ET.SubElement(root, "ResponseMetadata")
        text_child(metadata, "RequestId", request_id)
        headers = {"Content-Type": XML_TYPE, "x-amzn-RequestId": request_id}
        return WireResponse(200, headers, to_bytes(root), model.name)

    def error(self, error: EcsError, service: ServiceModel | None, request_id: str) -> WireResponse:
        root = namespaced("ErrorResponse", service)
        detail = ET.SubElement(root, "Error")
        text_child(detail, "Type", "Receiver" if error.http_status >= 500 else "Sender")
        text_child(detail, "Code", error.code)
        text_child(detail, "Message", error.message)
        text_child(root, "RequestId", request_id)
        headers = {"Content-Type": XML_TYPE, "x-amzn-RequestId": request_id}
        return WireResponse(
            error.http_status, headers, to_bytes(root), error_code=error.code, hint=error.hint
        )
