"""Putting images into the simulated account's ECR: a real push, or a simulated one.

On AWS you ``docker tag`` an image with the repository URI and ``docker push`` it; ECR stores it
and answers DescribeImages with its digest and tags. Here:

- `push` does it for real: the local image goes to the local registry (`ecslearn.local_registry`)
  under the repository's name, and the push is recorded in the simulation's ECR with the
  registry's digest, after the same checks ECR makes (the repository exists; an IMMUTABLE tag
  never moves). Docker instances then pull it from there by that digest.
- `push_simulated` needs no Docker: it records an image with a manifest made from `content`
  through ECR's own PutImage, for lessons that run only the simulated agent.

(A bare ``docker push 123456789012.dkr.ecr...`` cannot work offline: that host is AWS's and
needs TLS and a login. The URI is mapped to the local registry instead.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import TYPE_CHECKING, Any

from ecslearn import local_registry as registry
from ecslearn.control.arns import ACCOUNT_ID
from ecslearn.errors import ImageAlreadyExistsException, InvalidParameterException
from ecslearn.model.ecr import ECR_HOST, parse_image_reference
from ecslearn.services.ecr import rules as ecr

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


def _target(sim: Simulation, image_uri: str) -> tuple[str, str, str]:
    """(region, repository, tag) of an ECR image URI of this account."""
    host, name, tag, digest = parse_image_reference(image_uri)
    match = ECR_HOST.match(host or "")
    if match is None or match.group(1) != ACCOUNT_ID:
        raise InvalidParameterException(
            f"'{image_uri}' is not an image URI of this account's ECR: expected "
            f"'{ACCOUNT_ID}.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>' (the "
            "repositoryUri DescribeRepositories gives, plus a tag)."
        )
    if digest or not tag:
        raise InvalidParameterException(
            f"Push to a tag, not a digest: '{image_uri}'. The registry computes the digest."
        )
    return match.group(2), name, tag


def push(sim: Simulation, local_image: str, image_uri: str, *, client: Any = None) -> dict:
    """``docker tag`` + ``docker push`` of `local_image` to `image_uri` (an ECR URI with a tag),
    stored in the local registry and recorded in the simulation's ECR. Returns the image's
    ImageDetail, as boto3's DescribeImages shows it.

    ECR's refusals come before any bytes move: RepositoryNotFoundException, and
    ImageTagAlreadyExistsException for a tag that exists in an IMMUTABLE repository.
    """
    from ecslearn.agents.docker import docker_client

    region, name, tag = _target(sim, image_uri)
    state = sim.region_state(region)
    ecr.repository(state, name)
    where = registry.require()
    client = client or docker_client()
    import docker.errors

    try:
        source = client.images.get(local_image)
    except docker.errors.ImageNotFound:
        raise InvalidParameterException(
            f"There is no local image '{local_image}' to push: build it first (for ecslearn's "
            "demo images, `ecslearn images build`)."
        ) from None
    target = registry.local_name(name, where)
    already = {  # digests this very image already has in that repository of the registry
        ref.split("@", 1)[1]
        for ref in source.attrs.get("RepoDigests") or []
        if ref.startswith(target + "@")
    }
    ecr.check_push(state, name, tag, same_as=already)
    source.tag(target, tag)
    digest, size, failure = None, None, None
    for line in client.images.push(target, tag=tag, stream=True, decode=True):
        failure = line.get("error") or failure
        aux = line.get("aux") or {}
        digest, size = aux.get("Digest", digest), aux.get("Size", size)
    if failure or not digest:
        raise registry.RegistryUnavailable(f"docker push to {where} failed: {failure}")
    manifest = registry.manifest(name, digest, where).decode()
    with contextlib.suppress(ImageAlreadyExistsException):  # the same image to the same tag
        ecr.record_push(
            state, name, manifest, tag=tag, now=sim.world.clock.timestamp, digest=digest
        )
    return _described(sim, region, name, digest)


def push_simulated(sim: Simulation, image_uri: str, content: str = "") -> dict:
    """Record a simulated push of `image_uri` (an ECR URI with a tag): a manifest whose layer
    is `content`, so different content gives a different digest and the same content the same.
    Goes through ECR's PutImage, so ECR's rules and errors apply. Returns its ImageDetail, as
    boto3's DescribeImages shows it."""
    region, name, tag = _target(sim, image_uri)
    layer = content.encode() or name.encode()
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": ecr.DOCKER_MANIFEST,
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 2,
                "digest": "sha256:" + hashlib.sha256(b"{}").hexdigest(),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1024 + len(layer),
                    "digest": "sha256:" + hashlib.sha256(layer).hexdigest(),
                }
            ],
        },
        indent=3,
    )
    reply = sim.world.dispatcher.call(
        "ecr",
        "PutImage",
        {"repositoryName": name, "imageManifest": manifest, "imageTag": tag},
        region,
    )
    return _described(sim, region, name, reply["image"]["imageId"]["imageDigest"])


def _described(sim: Simulation, region: str, name: str, digest: str) -> dict:
    """The image as DescribeImages shows it through boto3 (timestamps as datetimes)."""
    client = sim.client("ecr", region_name=region)
    details = client.describe_images(repositoryName=name, imageIds=[{"imageDigest": digest}])
    return details["imageDetails"][0]
