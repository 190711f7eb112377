"""ECR repositories and images: where task definitions' images come from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal

#: ECR's repository-name pattern (lowercase, ``/`` namespaces).
REPOSITORY_NAME = re.compile(
    r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*"
)
#: A registry host of ECR: ``<account>.dkr.ecr.<region>.amazonaws.com``.
ECR_HOST = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$")


@dataclass(kw_only=True)
class Repository(EcsObject):
    repository_arn: str | None = None
    registry_id: str | None = None
    repository_name: str | None = None
    repository_uri: str | None = None
    created_at: float | None = None
    image_tag_mutability: str | None = None
    image_scanning_configuration: dict[str, Any] | None = None
    encryption_configuration: dict[str, Any] | None = None
    image_tag_mutability_exclusion_filters: list[dict[str, Any]] | None = None


@dataclass(kw_only=True)
class Image(EcsObject):
    """An image in a repository: a digest, and the tags that currently point at it."""

    registry_id: str | None = None
    repository_name: str | None = None
    image_digest: str | None = None
    image_tags: list[str] | None = None
    image_size_in_bytes: int | None = None
    image_pushed_at: float | None = None
    image_manifest_media_type: str | None = None
    # The manifest itself (what BatchGetImage returns); ECR keeps it, DescribeImages never shows it.
    image_manifest: str = internal("")


def parse_image_reference(image: str) -> tuple[str | None, str, str | None, str | None]:
    """Split ``host/repo:tag`` or ``host/repo@sha256:...`` into (host, repo, tag, digest).

    The host is only recognised when the first path part looks like one (has a dot or a
    colon, or is ``localhost``), as Docker decides it.
    """
    host: str | None = None
    rest = image
    first, _, remainder = image.partition("/")
    if remainder and ("." in first or ":" in first or first == "localhost"):
        host, rest = first, remainder
    digest = None
    if "@" in rest:
        rest, digest = rest.split("@", 1)
    tag = None
    if ":" in rest:
        rest, tag = rest.rsplit(":", 1)
    if digest is None and tag is None:
        tag = "latest"
    return host, rest, tag, digest


def pinned_reference(image: str, digest: str) -> str:
    """``host/repo@sha256:...``: the exact image a pinned task pulls."""
    host, name, _, _ = parse_image_reference(image)
    return f"{host}/{name}@{digest}" if host else f"{name}@{digest}"


def is_ecr_reference(image: str) -> bool:
    """Whether `image` names a repository in an account's private ECR registry."""
    host, _, _, _ = parse_image_reference(image)
    return bool(host and ECR_HOST.match(host))
