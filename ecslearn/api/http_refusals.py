"""What `ecslearn serve` answers a request its HTTP layer refuses (`ecslearn.api.http_connection`):
a malformed request (400), a body too large (413), a request line or headers too long (414,
431), a bug while serving (500) — each as an AWS error in the protocol of the client that sent
it (`ecslearn.services.routing.refusal`), so botocore reads the code.

The protocol is told from the request's headers as parsed, or, when the request was refused
before its headers were (a request line or a header too long), from the header lines that had
arrived. AWS documents no text for these refusals; the messages are ecslearn's, and say the
limit.
"""

from __future__ import annotations

import re
import uuid

from ecslearn.control.dispatch import MAX_BODY_BYTES
from ecslearn.errors import EcsError, RequestEntityTooLargeException, SerializationException
from ecslearn.protocols.signing_scope import signing_service_from
from ecslearn.services.routing import refusal

#: The header lines that tell which protocol a client speaks, by raw bytes.
_TELLING = re.compile(
    rb"^(x-amz-target|content-type|authorization):[ \t]*([^\r\n]{0,2000})", re.I | re.M
)
#: The environment keys (WSGI's) of the same headers.
_TELLING_KEYS = ("X_AMZ_TARGET", "CONTENT_TYPE", "AUTHORIZATION")
_CONTENT_LENGTHS = re.compile(rb"(?im)^content-length:[ \t]*([^\r\n]{0,30})")
_REASONS = {400: "Bad Request", 413: "Request Entity Too Large", 414: "URI Too Long"}
_REASONS |= {431: "Request Header Fields Too Large", 500: "Internal Server Error"}

Answer = tuple[str, list[tuple[str, str]], bytes]


class Refused(Exception):
    """The request cannot be served: answered with `status` and `error`, then the connection
    closes (raised in a parser callback, which stops the parser)."""

    def __init__(self, status: int, error: EcsError) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error


def too_large() -> Refused:
    return Refused(
        413,
        RequestEntityTooLargeException(
            f"Request body is too large; ecslearn accepts at most {MAX_BODY_BYTES} bytes."
        ),
    )


def headers_too_large(limit: int) -> Refused:
    return Refused(
        431,
        SerializationException(
            f"Request Header Fields Too Large: the request line and headers are over {limit} bytes."
        ),
    )


def url_too_long(limit: int) -> Refused:
    return Refused(
        414, SerializationException(f"URI Too Long: the request line is over {limit} bytes.")
    )


def malformed(reason: str, head: bytes) -> Refused:
    """The parser's `reason` for refusing a request whose head began with `head`."""
    if "Content-Length" in reason and ("Duplicate" in reason or "Transfer-Encoding" in reason):
        said = ", ".join(v.decode("latin-1").strip() for v in _CONTENT_LENGTHS.findall(head))
        return Refused(
            400, SerializationException(f"Conflicting Content-Length headers ({said[:60]!r}).")
        )
    return Refused(400, SerializationException(f"Bad Request: {reason}."))


def telling_headers(parsed: dict[str, str], head: bytes, parsed_all: bool) -> dict[str, str]:
    """The headers that tell the client's protocol, by lower-cased name: from `parsed` (WSGI
    keys), else, while the headers were not all parsed, from the `head` that had arrived."""
    told = {
        key.replace("_", "-").lower(): value
        for key, value in parsed.items()
        if key in _TELLING_KEYS
    }
    if told or parsed_all:
        return told
    return {
        name.decode("latin-1").lower(): value.decode("latin-1").strip()
        for name, value in _TELLING.findall(head)
    }


def answer_refusal(refused: Refused, telling: dict[str, str]) -> Answer:
    """`refused` as the status line's text, headers and body, in the protocol `telling` says."""
    answer = refusal(
        refused.error,
        refused.status,
        telling,
        signing_name=signing_service_from(telling.get("authorization")),
        request_id=str(uuid.uuid4()),
    )
    status = f"{refused.status} {_REASONS.get(refused.status, 'Error')}"
    headers = [(k, v) for k, v in answer.headers.items() if k.lower() != "content-length"]
    return status, headers, answer.body
