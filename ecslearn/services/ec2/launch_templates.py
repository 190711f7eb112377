"""EC2 launch templates: CreateLaunchTemplate, CreateLaunchTemplateVersion, ModifyLaunchTemplate,
DeleteLaunchTemplate, DescribeLaunchTemplates, DescribeLaunchTemplateVersions.

A template keeps each version's LaunchTemplateData as it was given; RunInstances (and, later,
Auto Scaling, through `resolve`) launches from one version, the request's own parameters winning
over the template's. As on AWS, a template is not checked against the account when it is made
(an AMI that does not exist is found out at launch). A new version made from a SourceVersion
starts from that version's data, the new data's members replacing the source's.

Messages ecslearn could not find AWS's exact words for (a version that does not exist) are
marked where they are written.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from botocore.model import Shape

from ecslearn.control.shapes import service_model
from ecslearn.errors import (
    InvalidLaunchTemplateIdMalformed,
    InvalidLaunchTemplateIdNotFound,
    InvalidLaunchTemplateNameAlreadyExists,
    InvalidLaunchTemplateNameNotFound,
    InvalidLaunchTemplateVersionNotFound,
    InvalidParameterValue,
    MissingParameter,
)
from ecslearn.model.ec2 import Ec2State, LaunchTemplate, LaunchTemplateVersion
from ecslearn.services.ec2.common import (
    OWNER_ID,
    Values,
    check_filters,
    dry_run,
    ec2_state,
    filtered,
    matches,
    page,
    tag_list,
    tags_for,
)
from ecslearn.services.handlers import RequestContext, operation

NAME = re.compile(r"^[a-zA-Z0-9().\-/_]{3,128}$")
FILTERS = ("launch-template-name", "create-time")
VERSION_FILTERS = ("image-id", "instance-type", "is-default-version", "iam-instance-profile")
CREATED_BY = f"arn:aws:iam::{OWNER_ID}:user/ecslearn"


def fit(value: Any, shape: Shape) -> Any:
    """`value` with only the members `shape` has (a request's data shown in a response shape)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return {
            name: fit(item, shape.members[name])
            for name, item in value.items()
            if name in shape.members
        }
    if shape.type_name == "list" and isinstance(value, list):
        return [fit(item, shape.member) for item in value]
    return value


def _response_data(data: dict[str, Any]) -> dict[str, Any]:
    return fit(copy.deepcopy(data), service_model("ec2").shape_for("ResponseLaunchTemplateData"))


def find(ec2: Ec2State, template_id: str | None, name: str | None) -> LaunchTemplate:
    """A template by ID or by name (EC2's errors for either)."""
    if template_id:
        if not template_id.startswith("lt-"):
            raise InvalidLaunchTemplateIdMalformed(
                f"The specified launch template ID {template_id} is malformed."
            )
        template = ec2.launch_templates.get(template_id)
        if template is None:
            raise InvalidLaunchTemplateIdNotFound(
                f"The specified launch template, with template ID {template_id}, does not exist."
            )
        return template
    if name:
        for template in ec2.launch_templates.values():
            if template.name == name:
                return template
        raise InvalidLaunchTemplateNameNotFound(
            f"The specified launch template, with template name {name}, does not exist."
        )
    raise MissingParameter(
        "The request must contain the parameter launchTemplateName or launchTemplateId"
    )


def version_of(template: LaunchTemplate, wanted: str | None) -> LaunchTemplateVersion:
    """``$Latest``, ``$Default`` (the default when omitted) or a version number."""
    wanted = wanted or "$Default"
    if wanted == "$Latest":
        number = template.latest_version
    elif wanted == "$Default":
        number = template.default_version
    elif wanted.isdigit():
        number = int(wanted)
    else:
        raise InvalidParameterValue(
            f"Invalid launch template version '{wanted}': give a number, $Latest or $Default."
        )
    version = template.versions.get(number)
    if version is None:
        # ecslearn's wording: AWS's exact text for this case is not documented.
        raise InvalidLaunchTemplateVersionNotFound(
            f"Could not find launch template version {wanted} of launch template "
            f"{template.template_id}."
        )
    return version


def resolve(ec2: Ec2State, spec: dict[str, Any]) -> tuple[LaunchTemplate, LaunchTemplateVersion]:
    """A LaunchTemplateSpecification ({LaunchTemplateId or LaunchTemplateName, Version}) as
    the template and the version it names: what RunInstances and Auto Scaling launch from."""
    template = find(ec2, spec.get("LaunchTemplateId"), spec.get("LaunchTemplateName"))
    return template, version_of(template, spec.get("Version"))


def template_json(template: LaunchTemplate) -> dict[str, Any]:
    data: dict[str, Any] = {
        "LaunchTemplateId": template.template_id,
        "LaunchTemplateName": template.name,
        "CreateTime": template.created_at,
        "CreatedBy": CREATED_BY,
        "DefaultVersionNumber": template.default_version,
        "LatestVersionNumber": template.latest_version,
    }
    if template.tags:
        data["Tags"] = tag_list(template.tags)
    return data


def version_json(template: LaunchTemplate, version: LaunchTemplateVersion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "LaunchTemplateId": template.template_id,
        "LaunchTemplateName": template.name,
        "VersionNumber": version.number,
        "CreateTime": version.created_at,
        "CreatedBy": CREATED_BY,
        "DefaultVersion": version.number == template.default_version,
        "LaunchTemplateData": _response_data(version.data),
    }
    if version.description:
        data["VersionDescription"] = version.description
    return data


def _check_data(data: dict[str, Any]) -> None:
    image = data.get("ImageId")
    if image is not None and not (image.startswith("ami-") or image.startswith("resolve:ssm:")):
        raise InvalidParameterValue(
            f'Invalid id: "{image}" (expecting "ami-..." or "resolve:ssm:<parameter>")'
        )


@operation("CreateLaunchTemplate", service="ec2")
def create_launch_template(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    name = request["LaunchTemplateName"]
    if not NAME.match(name):
        raise InvalidParameterValue(
            f"Launch template name '{name[:130]}' is not valid: 3 to 128 letters, digits and "
            "the characters ( ) . - / _"
        )
    if any(t.name == name for t in ec2.launch_templates.values()):
        raise InvalidLaunchTemplateNameAlreadyExists("Launch template name already in use.")
    data = request["LaunchTemplateData"]
    _check_data(data)
    tags = tags_for(request, "launch-template")
    dry_run(request)
    template = LaunchTemplate(
        template_id=ec2.next_id("lt", ctx.region),
        name=name,
        created_at=ctx.now,
        tags=tags,
    )
    template.versions[1] = LaunchTemplateVersion(
        number=1,
        data=copy.deepcopy(data),
        created_at=ctx.now,
        description=request.get("VersionDescription"),
    )
    ec2.launch_templates[template.template_id] = template
    return {"LaunchTemplate": template_json(template)}


@operation("CreateLaunchTemplateVersion", service="ec2")
def create_launch_template_version(ctx: RequestContext, request: dict[str, Any]) -> dict:
    ec2 = ec2_state(ctx)
    template = find(ec2, request.get("LaunchTemplateId"), request.get("LaunchTemplateName"))
    data = copy.deepcopy(request["LaunchTemplateData"])
    if request.get("SourceVersion"):
        source = version_of(template, request["SourceVersion"])
        data = {**copy.deepcopy(source.data), **data}
    _check_data(data)
    dry_run(request)
    number = template.latest_version + 1
    version = LaunchTemplateVersion(
        number=number, data=data, created_at=ctx.now, description=request.get("VersionDescription")
    )
    template.versions[number] = version
    template.latest_version = number
    return {"LaunchTemplateVersion": version_json(template, version)}


@operation("ModifyLaunchTemplate", service="ec2")
def modify_launch_template(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    template = find(ec2, request.get("LaunchTemplateId"), request.get("LaunchTemplateName"))
    wanted = request.get("DefaultVersion")
    version = version_of(template, wanted) if wanted else None
    dry_run(request)
    if version is not None:
        template.default_version = version.number
    return {"LaunchTemplate": template_json(template)}


@operation("DeleteLaunchTemplate", service="ec2")
def delete_launch_template(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    ec2 = ec2_state(ctx)
    template = find(ec2, request.get("LaunchTemplateId"), request.get("LaunchTemplateName"))
    dry_run(request)
    del ec2.launch_templates[template.template_id]
    return {"LaunchTemplate": template_json(template)}


def _values(template: LaunchTemplate) -> Values:
    return {"launch-template-name": [template.name], "create-time": [str(template.created_at)]}


@operation("DescribeLaunchTemplates", service="ec2")
def describe_launch_templates(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    dry_run(request)
    ec2 = ec2_state(ctx)
    check_filters(request.get("Filters") or [], FILTERS)
    templates = list(ec2.launch_templates.values())
    ids, names = request.get("LaunchTemplateIds") or [], request.get("LaunchTemplateNames") or []
    if ids or names:
        try:
            templates = [find(ec2, i, None) for i in ids] + [find(ec2, None, n) for n in names]
        except InvalidLaunchTemplateNameNotFound:
            raise InvalidLaunchTemplateNameNotFound(
                "At least one of the launch templates specified in the request does not exist."
            ) from None
    found = filtered(templates, request, _values, lambda t: t.tags)
    shown, token = page(found, request, low=1, high=200)
    answer: dict[str, Any] = {"LaunchTemplates": [template_json(t) for t in shown]}
    if token:
        answer["NextToken"] = token
    return answer


def _version_values(template: LaunchTemplate, version: LaunchTemplateVersion) -> Values:
    profile = version.data.get("IamInstanceProfile") or {}
    return {
        "image-id": [version.data.get("ImageId", "")],
        "instance-type": [version.data.get("InstanceType", "")],
        "is-default-version": ["true" if version.number == template.default_version else "false"],
        "iam-instance-profile": [v for v in (profile.get("Arn"), profile.get("Name")) if v],
    }


def _numbers(template: LaunchTemplate, request: dict[str, Any]) -> list[int]:
    wanted = request.get("Versions") or []
    if wanted:
        numbers = [version_of(template, v).number for v in wanted]
    else:
        numbers = sorted(template.versions)
    low, high = request.get("MinVersion"), request.get("MaxVersion")
    if low and low.isdigit():
        numbers = [n for n in numbers if n >= int(low)]
    if high and high.isdigit():
        numbers = [n for n in numbers if n <= int(high)]
    return list(dict.fromkeys(numbers))


@operation("DescribeLaunchTemplateVersions", service="ec2")
def describe_launch_template_versions(ctx: RequestContext, request: dict[str, Any]) -> dict:
    dry_run(request)
    ec2 = ec2_state(ctx)
    filters = request.get("Filters") or []
    check_filters(filters, VERSION_FILTERS)
    if request.get("LaunchTemplateId") or request.get("LaunchTemplateName"):
        templates = [find(ec2, request.get("LaunchTemplateId"), request.get("LaunchTemplateName"))]
    else:
        if any(v not in ("$Latest", "$Default") for v in request.get("Versions") or ["x"]):
            raise InvalidParameterValue(
                "To describe the versions of every launch template, give Versions $Latest or "
                "$Default only; otherwise name a template (LaunchTemplateId or Name)."
            )
        templates = list(ec2.launch_templates.values())
    versions = [
        (template, template.versions[number])
        for template in templates
        for number in _numbers(template, request)
        if matches(_version_values(template, template.versions[number]), {}, filters)
    ]
    shown, token = page(versions, request, low=1, high=200)
    answer: dict[str, Any] = {"LaunchTemplateVersions": [version_json(t, v) for t, v in shown]}
    if token:
        answer["NextToken"] = token
    return answer
