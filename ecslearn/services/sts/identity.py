"""STS's GetCallerIdentity: who is calling.

ecslearn does not check signatures, so every caller is the same IAM user of the simulated
account (`ACCOUNT_ID`, AWS's documentation account): ``arn:aws:iam::123456789012:user/ecslearn``.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.services.handlers import RequestContext, operation

#: The simulated caller: an IAM user (an IAM user ID is ``AIDA`` and 17 letters or digits).
USER_NAME = "ecslearn"
USER_ID = "AIDAECSLEARNUSER00001"


@operation("GetCallerIdentity", service="sts")
def get_caller_identity(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "UserId": USER_ID,
        "Account": ACCOUNT_ID,
        "Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{USER_NAME}",
    }
