"""RegisterTaskDefinition and the calls that list, describe, deregister and delete revisions."""

from __future__ import annotations

from typing import Any

from ecslearn.control.arns import ACCOUNT_ID, parse_arn
from ecslearn.control.paging import paged_response
from ecslearn.control.state import RegionState
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.model.validation import validate_task_definition
from ecslearn.services.ecs import checks
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.handlers import RequestContext, operation

#: Who registered a definition, as RegisterTaskDefinition records it.
REGISTERED_BY = f"arn:aws:iam::{ACCOUNT_ID}:user/learner"


def split_reference(reference: str) -> tuple[str, int | None]:
    """``family``, ``family:3`` or a task-definition ARN -> (family, revision or None)."""
    text = reference
    if reference.startswith("arn:"):
        parts = parse_arn(reference)
        if parts is None or not parts["resource"].startswith("task-definition/"):
            raise ClientException(  # ecslearn's wording
                f"'{reference}' is not a task definition ARN.",
                hint="Use family, family:revision or "
                f"arn:aws:ecs:REGION:{ACCOUNT_ID}:task-definition/family:revision.",
            )
        text = parts["resource"].split("/", 1)[1]
    family, _, revision = text.partition(":")
    if revision == "":
        return family, None
    if not revision.isdigit() or int(revision) < 1:
        raise ClientException(  # ecslearn's wording
            f"Invalid revision '{revision}' in '{reference}'.",
            hint=BAD_REVISION_HINT,
        )
    return family, int(revision)


BAD_REVISION_HINT = "A revision is a whole number from 1, e.g. 'web:3'."
#: What CreateService and UpdateService answer for a reference whose revision is not a number,
#: as AWS words it (hashicorp/terraform#17746, hashicorp/terraform-provider-aws#30313,
#: aws/amazon-ecs-agent#1354).
INVALID_REVISION = "Invalid revision number."


#: AWS's texts. DescribeTaskDefinition: getmoto/moto#5910 (checked against AWS),
#: sil-org/ecs-deploy#145. CreateService (and the calls that start tasks): Cloud-CV/EvalAI#2419,
#: remind101/empire#353. An INACTIVE revision (InvalidParameterException): DefangLabs/defang#775.
UNABLE_TO_DESCRIBE = "Unable to describe task definition."
NOT_FOUND = "TaskDefinition not found."
INACTIVE = "TaskDefinition is inactive"


def resolve(state: RegionState, reference: str, *, for_new_tasks: bool = False) -> TaskDefinition:
    """The revision a reference names; a bare family means its latest ACTIVE revision.

    With `for_new_tasks` (RunTask, StartTask, CreateService, UpdateService), a missing revision
    is "TaskDefinition not found." and an INACTIVE one is refused, as ECS refuses it, and so is
    a revision that is not a number (InvalidParameterException "Invalid revision number.": the
    text AWS answers CreateService and UpdateService; the calls that start tasks are taken to
    answer alike).
    """
    try:
        family, revision = split_reference(reference)
    except ClientException as bad:
        if not for_new_tasks or bad.hint != BAD_REVISION_HINT:
            raise
        raise InvalidParameterException(
            INVALID_REVISION, hint=f"'{reference}': {BAD_REVISION_HINT}"
        ) from None
    revisions = state.task_definitions.get(family, {})
    missing = NOT_FOUND if for_new_tasks else UNABLE_TO_DESCRIBE
    if revision is None:
        active = [td for td in revisions.values() if td.status == "ACTIVE"]
        if not active:
            raise ClientException(
                missing,
                hint=f"Family '{family}' has no ACTIVE revision. Register one with "
                "register_task_definition.",
            )
        return active[-1]
    td = revisions.get(revision)
    if td is None or td.status == "DELETE_IN_PROGRESS":
        raise ClientException(
            missing,
            hint=f"'{family}:{revision}' does not exist. Registered revisions of '{family}': "
            + (", ".join(str(r) for r in revisions) or "none")
            + ".",
        )
    if for_new_tasks and td.status != "ACTIVE":
        raise InvalidParameterException(
            INACTIVE,
            hint=f"'{family}:{revision}' was deregistered, so no new tasks can start from it. "
            "Use an ACTIVE revision.",
        )
    return td


@operation("RegisterTaskDefinition")
def register_task_definition(ctx: RequestContext, request: dict) -> dict:
    checks.task_definition(request)
    body = {k: v for k, v in request.items() if k != "tags"}
    td = validate_task_definition(TaskDefinition.from_json(body))
    tags = checked_tags(request.get("tags"), {})
    state = ctx.state
    family = td.family or ""
    revision = state.last_revision.get(family, 0) + 1
    td.revision = revision
    td.task_definition_arn = ctx.arn(f"task-definition/{family}:{revision}")
    td.status = "ACTIVE"
    td.registered_at = ctx.now
    td.registered_by = REGISTERED_BY
    state.last_revision[family] = revision
    state.task_definitions.setdefault(family, {})[revision] = td
    state.tags[td.task_definition_arn] = tags
    return {"taskDefinition": td.to_json(), "tags": tags_json(ctx, td.task_definition_arn)}


@operation("DescribeTaskDefinition")
def describe_task_definition(ctx: RequestContext, request: dict) -> dict:
    td = resolve(ctx.state, request["taskDefinition"])
    response: dict[str, Any] = {"taskDefinition": td.to_json()}
    if "TAGS" in (request.get("include") or []):
        response["tags"] = tags_json(ctx, td.task_definition_arn or "")
    return response


def _status_filter(request: dict, default: str = "ACTIVE") -> str:
    return request.get("status") or default


@operation("ListTaskDefinitions")
def list_task_definitions(ctx: RequestContext, request: dict) -> dict:
    status = _status_filter(request)
    prefix = request.get("familyPrefix")
    chosen = [
        td
        for family, revisions in sorted(ctx.state.task_definitions.items())
        if prefix is None or family == prefix
        for td in revisions.values()
        if td.status == status
    ]
    chosen.sort(key=lambda td: (td.family or "", td.revision or 0))
    if request.get("sort") == "DESC":
        chosen.reverse()
    return paged_response("taskDefinitionArns", [td.task_definition_arn for td in chosen], request)


@operation("ListTaskDefinitionFamilies")
def list_task_definition_families(ctx: RequestContext, request: dict) -> dict:
    status = _status_filter(request)
    prefix = request.get("familyPrefix") or ""
    families = []
    for family, revisions in sorted(ctx.state.task_definitions.items()):
        if not family.startswith(prefix):
            continue
        has_active = any(td.status == "ACTIVE" for td in revisions.values())
        if status == "ALL" or (status == "ACTIVE") == has_active:
            families.append(family)
    return paged_response("families", families, request)


@operation("DeregisterTaskDefinition")
def deregister_task_definition(ctx: RequestContext, request: dict) -> dict:
    reference = request["taskDefinition"]
    if split_reference(reference)[1] is None:
        # AWS's text (issue 15 quotes it; getmoto/moto's RevisionNotFoundException)
        raise ClientException(
            "Revision is missing.", hint="Name one revision: family:revision, e.g. 'web:1'."
        )
    td = resolve(ctx.state, reference)
    if td.status == "ACTIVE":
        td.status = "INACTIVE"
        td.deregistered_at = ctx.now
    return {"taskDefinition": td.to_json()}


@operation("DeleteTaskDefinitions")
def delete_task_definitions(ctx: RequestContext, request: dict) -> dict:
    references = request["taskDefinitions"]
    if not 1 <= len(references) <= 10:
        raise InvalidParameterException(
            f"DeleteTaskDefinitions takes 1 to 10 task definitions; it got {len(references)}."
        )
    deleted, failures = [], []
    for reference in references:
        try:
            _family, revision = split_reference(reference)
            if revision is None:
                raise ClientException("Revision must be specified.")
            td = resolve(ctx.state, reference)
        except ClientException as error:
            failures.append(
                {"arn": reference, "reason": "TASK_DEFINITION_NOT_FOUND", "detail": error.message}
            )
            continue
        if td.status == "ACTIVE":
            failures.append(
                {
                    "arn": td.task_definition_arn,
                    "reason": "The specified task definition is still in ACTIVE status. Please "
                    "deregister the target and try again.",
                }
            )
            continue
        td.status = "DELETE_IN_PROGRESS"
        td.delete_requested_at = ctx.now
        deleted.append(td.to_json())
    return {"taskDefinitions": deleted, "failures": failures}
