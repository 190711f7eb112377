"""EC2's DescribeAvailabilityZones: the zones of the region the client is in.

Every simulated region has three zones, ``<region>a`` to ``<region>c``: the zones
`Simulation.add_instances` spreads instances over by default, and the ones the lessons name.
Zone IDs follow AWS's form (``use1-az1`` for us-east-1a); in real AWS the name-to-ID pairing
differs per account, here ``a`` is ``az1``, ``b`` is ``az2``, ``c`` is ``az3``.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from ecslearn.errors import DryRunOperation, InvalidParameterException
from ecslearn.model.ec2 import ZONE_LETTERS, zone_id_prefix
from ecslearn.services.handlers import RequestContext, operation

#: The filters DescribeAvailabilityZones honours, by the member of the zone each one reads.
FILTERS = {
    "zone-name": "ZoneName",
    "zone-id": "ZoneId",
    "state": "State",
    "region-name": "RegionName",
    "zone-type": "ZoneType",
    "group-name": "GroupName",
    "opt-in-status": "OptInStatus",
}


def zones_of(region: str) -> list[dict[str, Any]]:
    """The region's zones as EC2's AvailabilityZone records."""
    prefix = zone_id_prefix(region)
    return [
        {
            "OptInStatus": "opt-in-not-required",
            "Messages": [],
            "RegionName": region,
            "ZoneName": f"{region}{letter}",
            "ZoneId": f"{prefix}-az{index}",
            "GroupName": region,
            "NetworkBorderGroup": region,
            "ZoneType": "availability-zone",
            "State": "available",
        }
        for index, letter in enumerate(ZONE_LETTERS, 1)
    ]


def _matches(zone: dict[str, Any], filters: list[dict[str, Any]]) -> bool:
    """EC2's filter rule: every filter must match; a filter matches if any value does
    (values may use ``*`` and ``?`` wildcards)."""
    for item in filters:
        name = item.get("Name", "")
        member = FILTERS.get(name)
        if member is None:
            raise InvalidParameterException(  # EC2's words for a filter it does not know
                f"The filter '{name}' is invalid",
                hint=f"DescribeAvailabilityZones in ecslearn filters by {', '.join(FILTERS)}.",
            )
        values = item.get("Values") or []
        if not any(fnmatch.fnmatchcase(str(zone[member]), value) for value in values):
            return False
    return True


def _wanted(zones: list[dict[str, Any]], member: str, names: list[str], what: str) -> None:
    known = {zone[member] for zone in zones}
    unknown = [name for name in names if name not in known]
    if unknown:
        # AWS's text for zone names ("Invalid availability zone: [us-east-1b]" in fog's mock,
        # Eucalyptus and CloudFormation events); for zone IDs the same words, unverified
        raise InvalidParameterException(
            f"Invalid availability zone{what}: [{', '.join(unknown)}]",
            hint=f"This region's zones are {', '.join(sorted(known))}.",
        )


@operation("DescribeAvailabilityZones", service="ec2")
def describe_availability_zones(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    if request.get("DryRun"):
        # AWS's text: the AWS CLI's output, quoted in guides and getmoto/moto's tests
        raise DryRunOperation("Request would have succeeded, but DryRun flag is set.")
    zones = zones_of(ctx.region)
    names, ids = request.get("ZoneNames") or [], request.get("ZoneIds") or []
    _wanted(zones, "ZoneName", names, "")
    _wanted(zones, "ZoneId", ids, " ID")
    if names or ids:
        zones = [z for z in zones if z["ZoneName"] in names or z["ZoneId"] in ids]
    filters = request.get("Filters") or []
    return {"AvailabilityZones": [z for z in zones if _matches(z, filters)]}
