"""ECS account settings: PutAccountSetting, PutAccountSettingDefault, ListAccountSettings and
DeleteAccountSetting, per region as ECS keeps them (the API reference; "Amazon ECS account
settings" in the developer guide).

A setting is held for a principal (a user or role ARN) or for the account's root user, whose
setting is the default for every principal without its own. PutAccountSetting without a
``principalArn`` sets the caller's own (ecslearn's caller is STS's
``arn:aws:iam::123456789012:user/ecslearn``); PutAccountSettingDefault sets the root's. With
``effectiveSettings`` ListAccountSettings answers, for each setting, the principal's own value,
else the root's, else AWS's default for a new account.

What a setting changes in ecslearn: ``containerInsights`` is the value a new cluster created
without ``settings`` gets. The others are stored and answered only; in particular
``awsvpcTrunking`` does not raise the ENI limit of instances here (ecslearn has no table of the
trunking limits per instance type) — the effect AWS documents is for instances registered after
the setting is turned on.

AWS's rules kept: each setting's allowed values; ``guardDutyActivate`` is AWS-managed
(``type: aws_managed``) and read-only; ``fargateTaskRetirementWaitPeriod`` can be set only for
the root user; a ``value`` filter needs a ``name``. The refusals' messages are ecslearn's
wording.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import paged_response
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.services.handlers import RequestContext, operation

ROOT = f"arn:aws:iam::{ACCOUNT_ID}:root"
CALLER = f"arn:aws:iam::{ACCOUNT_ID}:user/ecslearn"
ENABLED = ("enabled", "disabled")
ON = ("on", "off")
#: Each setting's allowed values; the first is AWS's default for a new account.
SETTINGS: dict[str, tuple[str, ...]] = {
    "serviceLongArnFormat": ENABLED,
    "taskLongArnFormat": ENABLED,
    "containerInstanceLongArnFormat": ENABLED,
    "awsvpcTrunking": ENABLED[::-1],
    "containerInsights": ("disabled", "enabled", "enhanced"),
    "fargateFIPSMode": ENABLED[::-1],
    "tagResourceAuthorization": ON,
    "fargateTaskRetirementWaitPeriod": ("7", "0", "14"),
    "guardDutyActivate": ON[::-1],
    "defaultLogDriverMode": ("non-blocking", "blocking"),
    "fargateEventWindows": ENABLED[::-1],
}
AWS_MANAGED = {"guardDutyActivate"}
ROOT_ONLY = {"fargateTaskRetirementWaitPeriod"}


def effective(state: RegionState, name: str, principal: str = CALLER) -> tuple[str, str]:
    """(value, principal it comes from) of setting `name` for `principal`."""
    held = state.account_settings
    for owner in (principal, ROOT):
        value = held.get(owner, {}).get(name)
        if value is not None:
            return value, owner
    return SETTINGS[name][0], ROOT


def _setting(name: str, value: str, principal: str) -> dict[str, Any]:
    kind = "aws_managed" if name in AWS_MANAGED else "user"
    return {"name": name, "value": value, "principalArn": principal, "type": kind}


def _checked(name: str, value: str, principal: str) -> None:
    if name in AWS_MANAGED:
        raise InvalidParameterException(
            f"The {name} account setting is managed by AWS and cannot be changed."
        )
    if value not in SETTINGS[name]:
        raise InvalidParameterException(
            f"Account setting {name} cannot be {value!r}; use one of "
            f"{', '.join(sorted(SETTINGS[name]))}."
        )
    if name in ROOT_ONLY and principal != ROOT:
        raise InvalidParameterException(
            f"The {name} account setting can be set only for the root user ({ROOT})."
        )


def _put(ctx: RequestContext, name: str, value: str, principal: str) -> dict[str, Any]:
    _checked(name, value, principal)
    ctx.state.account_settings.setdefault(principal, {})[name] = value
    return {"setting": _setting(name, value, principal)}


@operation("PutAccountSetting")
def put_account_setting(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    principal = request.get("principalArn") or CALLER
    return _put(ctx, request["name"], request["value"], principal)


@operation("PutAccountSettingDefault")
def put_account_setting_default(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return _put(ctx, request["name"], request["value"], ROOT)


@operation("DeleteAccountSetting")
def delete_account_setting(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    """Remove the principal's own value; the answer is the setting it now has (ecslearn's
    choice: AWS answers a Setting and does not say which)."""
    name, principal = request["name"], request.get("principalArn") or CALLER
    if name in AWS_MANAGED:
        _checked(name, "", principal)
    ctx.state.account_settings.get(principal, {}).pop(name, None)
    value, _ = effective(ctx.state, name, principal)
    return {"setting": _setting(name, value, principal)}


@operation("ListAccountSettings")
def list_account_settings(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    name, value = request.get("name"), request.get("value")
    if value is not None and name is None:
        raise InvalidParameterException("To filter by value you must also specify a name.")
    principal = request.get("principalArn") or CALLER
    names = [name] if name is not None else list(SETTINGS)
    found = []
    for each in names:
        if request.get("effectiveSettings"):
            current, owner = effective(ctx.state, each, principal)
        else:
            current, owner = ctx.state.account_settings.get(principal, {}).get(each), principal
        if current is not None and (value is None or current == value):
            found.append(_setting(each, current, owner))
    return paged_response("settings", found, request, default_size=10, max_size=10)
