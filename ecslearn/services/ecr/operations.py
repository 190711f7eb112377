"""ECR: CreateRepository, DescribeRepositories, DeleteRepository, PutImageTagMutability,
PutImage, DescribeImages, ListImages, BatchGetImage, BatchDeleteImage, GetAuthorizationToken.

The account's private registry as ECR's API shows it. Images arrive by PutImage (a simulated
push: the manifest is the image) or by `ecslearn.image_push.push`, which pushes a real local
image to a real local registry and records it here through the same rules
(`ecslearn.services.ecr.rules`).
"""

from __future__ import annotations

import base64
from typing import Any

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.paging import paged_response
from ecslearn.errors import (
    ImageDigestDoesNotMatchException,
    ImageNotFoundException,
    InvalidParameterException,
    RepositoryAlreadyExistsException,
    RepositoryNotEmptyException,
)
from ecslearn.model.ecr import REPOSITORY_NAME, Image, Repository
from ecslearn.services.ecr import rules
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "ecr"
#: How long GetAuthorizationToken's token lasts (ECR: 12 hours).
TOKEN_SECONDS = 12 * 3600


def _registry(request: dict) -> None:
    registry = request.get("registryId")
    if registry not in (None, ACCOUNT_ID):
        raise InvalidParameterException(  # ecslearn's wording
            f"Invalid parameter at 'registryId': '{registry}' is another account's registry.",
            hint=f"ecslearn's account is '{ACCOUNT_ID}'; leave registryId out.",
        )


def _mutability(request: dict) -> tuple[str, list[dict[str, Any]] | None]:
    mode = request.get("imageTagMutability") or "MUTABLE"
    filters = request.get("imageTagMutabilityExclusionFilters")
    if mode.endswith("_WITH_EXCLUSION") and not filters:
        raise InvalidParameterException(  # ecslearn's wording
            f"imageTagMutability {mode} needs imageTagMutabilityExclusionFilters.",
            hint="The filters name the tags (wildcards allowed) that are the exception.",
        )
    if filters and not mode.endswith("_WITH_EXCLUSION"):
        raise InvalidParameterException(
            "imageTagMutabilityExclusionFilters can only be used with imageTagMutability "
            "MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION."
        )
    return mode, filters


@operation("CreateRepository", service=SERVICE)
def create_repository(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    name = request["repositoryName"]
    if not REPOSITORY_NAME.fullmatch(name):
        raise InvalidParameterException(
            # AWS's text, as two emulators captured it live from CreateRepository (older quotes
            # show another spelling of the same expression)
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy "
            r"regular expression '[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)"
            r"[a-z0-9]+)*)*''",
            hint=f"'{name}': use lowercase letters, digits and '.', '_', '-' inside names, '/' "
            "between namespaces, e.g. 'team-a/web'.",
        )
    if name in ctx.state.repositories:
        raise RepositoryAlreadyExistsException(  # AWS's text
            f"The repository with name '{name}' already exists in the registry with id "
            f"'{ACCOUNT_ID}'"
        )
    mode, filters = _mutability(request)
    repo = Repository(
        repository_arn=f"arn:aws:ecr:{ctx.region}:{ACCOUNT_ID}:repository/{name}",
        registry_id=ACCOUNT_ID,
        repository_name=name,
        repository_uri=rules.repository_uri(ctx.region, name),
        created_at=ctx.now,
        image_tag_mutability=mode,
        image_tag_mutability_exclusion_filters=filters,
        image_scanning_configuration=request.get("imageScanningConfiguration")
        or {"scanOnPush": False},
        encryption_configuration=request.get("encryptionConfiguration")
        or {"encryptionType": "AES256"},
    )
    ctx.state.repositories[name] = repo
    ctx.state.images[name] = []
    ctx.state.tags[repo.repository_arn or ""] = {
        t["Key"]: t.get("Value", "") for t in request.get("tags") or []
    }
    return {"repository": repo.to_json()}


@operation("DescribeRepositories", service=SERVICE)
def describe_repositories(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    names = request.get("repositoryNames")
    if names:
        repos = [rules.repository(ctx.state, name) for name in names]
    else:
        repos = sorted(ctx.state.repositories.values(), key=lambda r: r.repository_name or "")
    return paged_response(
        "repositories", repos, request, shown=Repository.to_json, default_size=100, max_size=1000
    )


@operation("DeleteRepository", service=SERVICE)
def delete_repository(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    name = request["repositoryName"]
    repo = rules.repository(ctx.state, name)
    if ctx.state.images.get(name) and not request.get("force"):
        raise RepositoryNotEmptyException(  # AWS's text
            f"The repository with name '{name}' in registry with id '{ACCOUNT_ID}' cannot be "
            "deleted because it still contains images"
        )
    del ctx.state.repositories[name]
    ctx.state.images.pop(name, None)
    ctx.state.tags.pop(repo.repository_arn or "", None)
    return {"repository": repo.to_json()}


@operation("PutImageTagMutability", service=SERVICE)
def put_image_tag_mutability(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    repo = rules.repository(ctx.state, request["repositoryName"])
    mode, filters = _mutability(request)
    repo.image_tag_mutability = mode
    repo.image_tag_mutability_exclusion_filters = filters
    response = {
        "registryId": ACCOUNT_ID,
        "repositoryName": repo.repository_name,
        "imageTagMutability": mode,
    }
    if filters:
        response["imageTagMutabilityExclusionFilters"] = filters
    return response


@operation("PutImage", service=SERVICE)
def put_image(ctx: RequestContext, request: dict) -> dict:
    """A push without the layers: the manifest names the image (its digest is its SHA-256)."""
    _registry(request)
    name, manifest = request["repositoryName"], request["imageManifest"]
    digest = rules.manifest_digest(manifest)
    if request.get("imageDigest") and request["imageDigest"] != digest:
        raise ImageDigestDoesNotMatchException(  # ecslearn's wording
            f"The imageDigest '{request['imageDigest']}' does not match the digest of the "
            f"manifest, '{digest}'."
        )
    image = rules.record_push(
        ctx.state,
        name,
        manifest,
        tag=request.get("imageTag"),
        now=ctx.now,
        media_type=request.get("imageManifestMediaType"),
    )
    return {"image": _image(image, request.get("imageTag"))}


def _image(image: Image, tag: str | None) -> dict[str, Any]:
    """ECR's `Image` shape: the ID asked for, with the manifest."""
    image_id: dict[str, str] = {"imageDigest": image.image_digest or ""}
    if tag:
        image_id["imageTag"] = tag
    return {
        "registryId": ACCOUNT_ID,
        "repositoryName": image.repository_name,
        "imageId": image_id,
        "imageManifest": image.image_manifest,
        "imageManifestMediaType": image.image_manifest_media_type,
    }


def _detail(image: Image) -> dict[str, Any]:
    detail = image.to_json()
    if not image.image_tags:
        detail.pop("imageTags", None)  # ECR leaves the member out for an untagged image
    return detail


def _lookup(ctx: RequestContext, name: str, image_id: dict) -> Image | None:
    digest, tag = image_id.get("imageDigest"), image_id.get("imageTag")
    return rules.find_image(ctx.state, name, digest=digest, tag=tag)


def _id_text(image_id: dict) -> str:
    return (
        f"{{imageDigest:'{image_id.get('imageDigest', 'null')}', "
        f"imageTag:'{image_id.get('imageTag', 'null')}'}}"
    )


def _tag_status(request: dict) -> str:
    return (request.get("filter") or {}).get("tagStatus") or "ANY"


def _filtered(ctx: RequestContext, name: str, request: dict) -> list[Image]:
    status = _tag_status(request)
    images = sorted(
        ctx.state.images.get(name, []), key=lambda i: (-(i.image_pushed_at or 0), i.image_digest)
    )
    if status == "TAGGED":
        return [i for i in images if i.image_tags]
    if status == "UNTAGGED":
        return [i for i in images if not i.image_tags]
    return images


@operation("DescribeImages", service=SERVICE)
def describe_images(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    name = request["repositoryName"]
    rules.repository(ctx.state, name)
    ids = request.get("imageIds")
    if ids:
        found = []
        for image_id in ids:
            image = _lookup(ctx, name, image_id)
            if image is None:
                # AWS's text: terraform's data "aws_ecr_image" errors quote it
                raise ImageNotFoundException(
                    f"The image with imageId {_id_text(image_id)} does not exist within the "
                    f"repository with name '{name}' in the registry with id '{ACCOUNT_ID}'"
                )
            if image not in found:
                found.append(image)
        images = found
    else:
        images = _filtered(ctx, name, request)
    return paged_response(
        "imageDetails", images, request, shown=_detail, default_size=100, max_size=1000
    )


@operation("ListImages", service=SERVICE)
def list_images(ctx: RequestContext, request: dict) -> dict:
    """One ID per tag (and one, digest only, per untagged image), as ECR lists them."""
    _registry(request)
    name = request["repositoryName"]
    rules.repository(ctx.state, name)
    ids: list[dict[str, str]] = []
    for image in _filtered(ctx, name, request):
        if not image.image_tags:
            ids.append({"imageDigest": image.image_digest or ""})
        ids.extend(
            {"imageDigest": image.image_digest or "", "imageTag": t} for t in image.image_tags
        )
    return paged_response("imageIds", ids, request, default_size=100, max_size=1000)


def _failure(image_id: dict, code: str, reason: str) -> dict[str, Any]:
    return {"imageId": image_id, "failureCode": code, "failureReason": reason}


def _missing_id(image_id: dict) -> dict[str, Any] | None:
    if not image_id.get("imageDigest") and not image_id.get("imageTag"):
        return _failure(
            image_id,
            "MissingDigestAndTag",
            "Invalid request parameters: image ID needs an imageDigest or an imageTag",
        )
    return None


@operation("BatchGetImage", service=SERVICE)
def batch_get_image(ctx: RequestContext, request: dict) -> dict:
    _registry(request)
    name = request["repositoryName"]
    rules.repository(ctx.state, name)
    images, failures = [], []
    for image_id in request["imageIds"]:
        invalid = _missing_id(image_id)
        image = None if invalid else _lookup(ctx, name, image_id)
        if invalid or image is None:
            failures.append(
                invalid or _failure(image_id, "ImageNotFound", "Requested image not found")
            )
            continue
        images.append(_image(image, image_id.get("imageTag")))
    return {"images": images, "failures": failures}


@operation("BatchDeleteImage", service=SERVICE)
def batch_delete_image(ctx: RequestContext, request: dict) -> dict:
    """A tag ID removes that tag (the image goes with its last tag); a digest ID removes the
    image and every tag on it."""
    _registry(request)
    name = request["repositoryName"]
    rules.repository(ctx.state, name)
    images = ctx.state.images.setdefault(name, [])
    deleted, failures = [], []
    for image_id in request["imageIds"]:
        invalid = _missing_id(image_id)
        image = None if invalid else _lookup(ctx, name, image_id)
        if invalid or image is None:
            failures.append(
                invalid or _failure(image_id, "ImageNotFound", "Requested image not found")
            )
            continue
        tag = image_id.get("imageTag")
        if tag and not image_id.get("imageDigest"):
            image.image_tags = [t for t in image.image_tags or [] if t != tag]
            deleted.append({"imageDigest": image.image_digest, "imageTag": tag})
            if image.image_tags:
                continue
        else:
            deleted.extend(
                {"imageDigest": image.image_digest, "imageTag": t} for t in image.image_tags or []
            )
            if not image.image_tags:
                deleted.append({"imageDigest": image.image_digest})
        images.remove(image)
    return {"imageIds": deleted, "failures": failures}


@operation("GetAuthorizationToken", service=SERVICE)
def get_authorization_token(ctx: RequestContext, request: dict) -> dict:
    """A token in ECR's form (``AWS:<password>``, base64) for the account's registry.

    The local registry ecslearn pushes to takes no password, so the token only shows the shape
    `docker login` gets from `aws ecr get-login-password`.
    """
    for registry in request.get("registryIds") or []:
        _registry({"registryId": registry})
    token = base64.b64encode(f"AWS:ecslearn-{ctx.new_id()}".encode()).decode()
    return {
        "authorizationData": [
            {
                "authorizationToken": token,
                "expiresAt": ctx.now + TOKEN_SECONDS,
                "proxyEndpoint": f"https://{rules.registry_host(ctx.region)}",
            }
        ]
    }
