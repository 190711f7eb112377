"""ECR's rules on plain data: repositories, what a push does to tags, and tag -> digest.

The ECR operations (`ecslearn.services.ecr.operations`), the push to a real local registry
(`ecslearn.image_push`) and the control plane's digest pinning all go through these functions, so a
simulated push and a real one obey the same tag-mutability rules.

A digest is ``sha256:<hex>`` of the manifest's bytes, as registries compute it; a tag is a
movable pointer to one. On a MUTABLE repository a push re-points the tag and the image it left
keeps its other tags, or becomes untagged; on an IMMUTABLE one a tag, once pushed, never moves.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Collection
from typing import Any

from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.control.state import RegionState
from ecslearn.errors import (
    ImageAlreadyExistsException,
    ImageTagAlreadyExistsException,
    RepositoryNotFoundException,
)
from ecslearn.model.ecr import (
    ECR_HOST,
    Image,
    Repository,
    parse_image_reference,
)

DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"


def registry_host(region: str) -> str:
    """The account's private registry, ``<account>.dkr.ecr.<region>.amazonaws.com``."""
    return f"{ACCOUNT_ID}.dkr.ecr.{region}.amazonaws.com"


def repository_uri(region: str, name: str) -> str:
    return f"{registry_host(region)}/{name}"


def repository(state: RegionState, name: str) -> Repository:
    """The repository, or ECR's RepositoryNotFoundException."""
    found = state.repositories.get(name)
    if found is None:
        raise RepositoryNotFoundException(  # AWS's text (Terraform and CLI errors quote it)
            f"The repository with name '{name}' does not exist in the registry with id "
            f"'{ACCOUNT_ID}'"
        )
    return found


def manifest_digest(manifest: str) -> str:
    """What a registry names a manifest by: the SHA-256 of its exact bytes."""
    return "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()


def manifest_facts(manifest: str) -> tuple[str, int]:
    """(media type, image size in bytes) read from a manifest; ECR's size is its layers'."""
    try:
        parsed = json.loads(manifest)
    except ValueError:
        return DOCKER_MANIFEST, 0
    if not isinstance(parsed, dict):
        return DOCKER_MANIFEST, 0
    layers = parsed.get("layers") or []
    size = sum(int(layer.get("size") or 0) for layer in layers if isinstance(layer, dict))
    return str(parsed.get("mediaType") or DOCKER_MANIFEST), size


def tag_is_immutable(repo: Repository, tag: str) -> bool:
    """Whether `tag` may never move in `repo` (exclusion filters are ECR's wildcards)."""
    mode = repo.image_tag_mutability or "MUTABLE"
    if mode in ("MUTABLE", "IMMUTABLE"):
        return mode == "IMMUTABLE"
    excluded = any(
        fnmatch.fnmatchcase(tag, f.get("filter", ""))
        for f in repo.image_tag_mutability_exclusion_filters or []
    )
    # IMMUTABLE_WITH_EXCLUSION: immutable except the excluded; MUTABLE_WITH_EXCLUSION: the reverse.
    return excluded != (mode == "IMMUTABLE_WITH_EXCLUSION")


def find_image(
    state: RegionState, name: str, *, digest: str | None, tag: str | None
) -> Image | None:
    for image in state.images.get(name, []):
        if digest and image.image_digest != digest:
            continue
        if tag and tag not in (image.image_tags or []):
            continue
        if digest or tag:
            return image
    return None


def record_push(
    state: RegionState,
    name: str,
    manifest: str,
    *,
    tag: str | None,
    now: float,
    digest: str | None = None,
    size: int | None = None,
    media_type: str | None = None,
) -> Image:
    """What a push (or PutImage) does to the repository's images, or ECR's refusal.

    `digest`/`size` come from a real registry when there is one; otherwise they are worked out
    from the manifest as a registry would.
    """
    repo = repository(state, name)
    digest = digest or manifest_digest(manifest)
    found_media, found_size = manifest_facts(manifest)
    images = state.images.setdefault(name, [])
    same = next((i for i in images if i.image_digest == digest), None)
    if tag is not None:
        holder = find_image(state, name, digest=None, tag=tag)
        if holder is not None and holder is same:
            raise ImageAlreadyExistsException(
                f"Image with digest '{digest}' and tag '{tag}' already exists in the repository "
                f"with name '{name}' in registry with id '{ACCOUNT_ID}'"
            )
        if holder is not None and tag_is_immutable(repo, tag):
            raise ImageTagAlreadyExistsException(
                f"The image tag '{tag}' already exists in the '{name}' repository and cannot be "
                "overwritten because the repository is immutable."
            )
        if holder is not None:
            holder.image_tags = [t for t in holder.image_tags or [] if t != tag]
    elif same is not None:
        raise ImageAlreadyExistsException(
            f"Image with digest '{digest}' and tag 'null' already exists in the repository with "
            f"name '{name}' in registry with id '{ACCOUNT_ID}'"
        )
    if same is None:
        same = Image(
            registry_id=ACCOUNT_ID,
            repository_name=name,
            image_digest=digest,
            image_tags=[],
            image_size_in_bytes=found_size if size is None else size,
            image_manifest_media_type=media_type or found_media,
            image_manifest=manifest,
        )
        images.append(same)
    same.image_pushed_at = now
    if tag is not None:
        same.image_tags = [*(same.image_tags or []), tag]
    return same


def check_push(state: RegionState, name: str, tag: str, same_as: Collection[str] = ()) -> None:
    """Refuse, before any bytes move, a push ECR would refuse: no repository, or a tag that may
    not move. Pushing again the image the tag already names (its digest in `same_as`) is
    harmless, as with ``docker push``."""
    repo = repository(state, name)
    holder = find_image(state, name, digest=None, tag=tag)
    if holder is not None and holder.image_digest not in same_as and tag_is_immutable(repo, tag):
        raise ImageTagAlreadyExistsException(
            f"The image tag '{tag}' already exists in the '{name}' repository and cannot be "
            "overwritten because the repository is immutable."
        )


def resolve(state: RegionState, image: str) -> tuple[str, str] | None:
    """(repository name, digest) an ECR image reference points at now; None when the image is
    not from this account's ECR or is not there (ECS then pulls the reference as written and
    the pull fails)."""
    host, name, tag, digest = parse_image_reference(image)
    if not host or not ECR_HOST.match(host) or name not in state.repositories:
        return None
    found = find_image(state, name, digest=digest, tag=None if digest else tag)
    if found is None or not found.image_digest:
        return None
    return name, found.image_digest


def pin_images(state: RegionState, container_definitions: list[Any]) -> dict[str, str]:
    """Container name -> the digest its image resolves to now (ECS's software version
    consistency), for the containers whose `versionConsistency` is not ``disabled``."""
    pinned: dict[str, str] = {}
    for definition in container_definitions:
        if (definition.extra or {}).get("versionConsistency") == "disabled":
            continue
        resolved = resolve(state, definition.image or "")
        if resolved is not None:
            pinned[definition.name or ""] = resolved[1]
    return pinned
