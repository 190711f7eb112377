"""AWS's wire protocols, each a codec driven by botocore's service model.

A codec turns one operation's request body into the plain dict the handlers take (botocore's
member names, JSON-typed values: timestamps as epoch seconds, blobs as base64 text) and turns a
handler's dict, or an error, back into the bytes and headers that protocol's clients parse.
Nothing is written per operation: the input and output shapes say where every member goes.

- ``json`` (`aws_json`): JSON 1.0/1.1, routed by the ``X-Amz-Target`` header (ECS, ECR,
  Application Auto Scaling; later CloudWatch Logs).
- ``query`` (`aws_query`): a form body (``Action=...&Version=...``), XML answers (STS; later
  ELBv2, EC2 Auto Scaling).
- ``ec2`` (`ec2_query`): the query protocol with EC2's naming and envelope.
- ``smithy-rpc-v2-cbor`` (`rpc_v2_cbor`): ``POST /service/<Name>/operation/<Operation>`` with
  CBOR bodies (CloudWatch, Cloud Map).

`routing` finds which service and operation a request is for.
"""

from __future__ import annotations

from ecslearn.protocols.aws_json import JsonCodec
from ecslearn.protocols.aws_query import QueryCodec
from ecslearn.protocols.ec2_query import Ec2Codec
from ecslearn.protocols.rpc_v2_cbor import RpcV2CborCodec
from ecslearn.protocols.wire import Codec, WireResponse

#: One codec per botocore protocol name (a service model's ``metadata.protocol``).
CODECS: dict[str, Codec] = {
    "json": JsonCodec(),
    "query": QueryCodec(),
    "ec2": Ec2Codec(),
    "smithy-rpc-v2-cbor": RpcV2CborCodec(),
}


def codec_for(protocol: str) -> Codec:
    """The codec for a botocore protocol name; KeyError names the ones ecslearn speaks."""
    try:
        return CODECS[protocol]
    except KeyError:
        raise KeyError(
            f"ecslearn does not speak the {protocol!r} protocol; it speaks {', '.join(CODECS)}."
        ) from None


__all__ = ["CODECS", "Codec", "WireResponse", "codec_for"]
