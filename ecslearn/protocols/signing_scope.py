"""What a SigV4 ``Authorization`` header's credential scope says: the region and the service a
request was signed for (``Credential=AKID/20250101/us-west-2/ecs/aws4_request``).

Signatures are never verified; the scope only routes a request (its region, and for the query
protocols its service). `ecslearn serve` reads it from every request, and `mock_aws` from a
request made by a client it did not build.
"""

from __future__ import annotations

import re

#: ``Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request``
_SCOPE = re.compile(
    r"Credential=[^/,\s]+/\d{8}/([a-z]{2}(?:-[a-z]+)+-\d{1,2})/([^/,\s]+)/aws4_request"
)


def region_from(authorization: str | None, default: str) -> str:
    """The region a SigV4 ``Authorization`` header is scoped to, or `default`."""
    match = _SCOPE.search(authorization or "")
    return match.group(1) if match else default


def signing_service_from(authorization: str | None) -> str | None:
    """The service a SigV4 ``Authorization`` header is scoped to (``ecs``, ``sts``, ``ec2``)."""
    match = _SCOPE.search(authorization or "")
    return match.group(2) if match else None
