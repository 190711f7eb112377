"""ECR in the simulation: repositories, simulated pushes, tag rules, and ECS pinning digests.

Everything here is the simulated side (no Docker): images arrive through ECR's PutImage, via
`ecslearn.image_push.push_simulated`. tests/agents/test_ecr_registry.py pushes real images.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecslearn import Simulation, explain
from ecslearn.errors import InvalidParameterException
from ecslearn.image_push import push_simulated
from tests.conftest import error_code, error_message

URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web"


@pytest.fixture
def ecr(sim: Simulation) -> Any:
    return sim.client("ecr")


def manifest(layer: str) -> str:
    return json.dumps({"schemaVersion": 2, "layers": [{"size": 10, "digest": layer}]})


def tags_by_digest(ecr: Any, name: str = "web") -> dict[str, list[str]]:
    details = ecr.describe_images(repositoryName=name)["imageDetails"]
    return {d["imageDigest"]: sorted(d.get("imageTags", [])) for d in details}


def test_a_repository_has_ecr_uri_arn_and_defaults(ecr) -> None:
    repo = ecr.create_repository(repositoryName="team-a/web")["repository"]
    assert repo["repositoryUri"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/team-a/web"
    assert repo["repositoryArn"] == "arn:aws:ecr:us-east-1:123456789012:repository/team-a/web"
    assert repo["imageTagMutability"] == "MUTABLE"
    described = ecr.describe_repositories(repositoryNames=["team-a/web"])["repositories"]
    assert [r["repositoryName"] for r in described] == ["team-a/web"]


def test_repository_errors_speak_ecr(ecr) -> None:
    ecr.create_repository(repositoryName="web")
    with pytest.raises(ecr.exceptions.RepositoryAlreadyExistsException) as exists:
        ecr.create_repository(repositoryName="web")
    assert "already exists in the registry with id '123456789012'" in error_message(exists)
    with pytest.raises(ecr.exceptions.RepositoryNotFoundException) as missing:
        ecr.describe_images(repositoryName="api")
    assert error_message(missing) == (
        "The repository with name 'api' does not exist in the registry with id '123456789012'"
    )
    with pytest.raises(ecr.exceptions.InvalidParameterException) as bad:
        ecr.create_repository(repositoryName="Web_App")
    # AWS's text names the constraint; ecslearn's advice (explain) says it in words
    assert error_message(bad).startswith("Invalid parameter at 'repositoryName' failed to satisfy")
    assert "lowercase" in (explain(bad.value) or "")


def test_a_repository_with_images_is_deleted_only_with_force(sim, ecr) -> None:
    ecr.create_repository(repositoryName="web")
    push_simulated(sim, URI + ":v1", "one")
    with pytest.raises(ecr.exceptions.RepositoryNotEmptyException):
        ecr.delete_repository(repositoryName="web")
    ecr.delete_repository(repositoryName="web", force=True)
    assert ecr.describe_repositories()["repositories"] == []


def test_the_digest_is_the_manifests_sha256_and_a_mutable_tag_moves(ecr) -> None:
    ecr.create_repository(repositoryName="web")
    first = ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="latest")
    ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")
    second = ecr.put_image(repositoryName="web", imageManifest=manifest("b"), imageTag="latest")
    a, b = first["image"]["imageId"]["imageDigest"], second["image"]["imageId"]["imageDigest"]
    import hashlib

    assert a == "sha256:" + hashlib.sha256(manifest("a").encode()).hexdigest()
    assert tags_by_digest(ecr) == {a: ["v1"], b: ["latest"]}
    ecr.batch_delete_image(repositoryName="web", imageIds=[{"imageTag": "v1"}])
    assert tags_by_digest(ecr) == {b: ["latest"]}  # the image went with its last tag


def test_an_image_left_without_tags_is_untagged_not_gone(ecr) -> None:
    ecr.create_repository(repositoryName="web")
    old = ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="latest")
    ecr.put_image(repositoryName="web", imageManifest=manifest("b"), imageTag="latest")
    untagged = ecr.describe_images(repositoryName="web", filter={"tagStatus": "UNTAGGED"})
    assert [d["imageDigest"] for d in untagged["imageDetails"]] == [
        old["image"]["imageId"]["imageDigest"]
    ]
    assert "imageTags" not in untagged["imageDetails"][0]
    listed = ecr.list_images(repositoryName="web")["imageIds"]
    assert {"imageDigest": old["image"]["imageId"]["imageDigest"]} in listed


def test_an_immutable_tag_never_moves(ecr) -> None:
    ecr.create_repository(repositoryName="web", imageTagMutability="IMMUTABLE")
    ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException) as refused:
        ecr.put_image(repositoryName="web", imageManifest=manifest("b"), imageTag="v1")
    assert error_message(refused) == (
        "The image tag 'v1' already exists in the 'web' repository and cannot be overwritten "
        "because the repository is immutable."
    )
    assert len(tags_by_digest(ecr)) == 1  # nothing changed
    with pytest.raises(ecr.exceptions.ImageAlreadyExistsException):
        ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")


def test_exclusion_filters_make_some_tags_the_exception(ecr) -> None:
    ecr.create_repository(
        repositoryName="web",
        imageTagMutability="IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters=[{"filterType": "WILDCARD", "filter": "latest*"}],
    )
    for layer in ("a", "b"):
        ecr.put_image(repositoryName="web", imageManifest=manifest(layer), imageTag="latest")
    ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException):
        ecr.put_image(repositoryName="web", imageManifest=manifest("c"), imageTag="v1")
    with pytest.raises(ecr.exceptions.InvalidParameterException):
        ecr.put_image_tag_mutability(
            repositoryName="web", imageTagMutability="MUTABLE_WITH_EXCLUSION"
        )


def test_mutability_can_be_changed_later(ecr) -> None:
    ecr.create_repository(repositoryName="web")
    ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")
    reply = ecr.put_image_tag_mutability(repositoryName="web", imageTagMutability="IMMUTABLE")
    assert reply["imageTagMutability"] == "IMMUTABLE"
    with pytest.raises(ecr.exceptions.ImageTagAlreadyExistsException):
        ecr.put_image(repositoryName="web", imageManifest=manifest("b"), imageTag="v1")


def test_batch_get_and_delete_report_what_is_missing(ecr) -> None:
    ecr.create_repository(repositoryName="web")
    ecr.put_image(repositoryName="web", imageManifest=manifest("a"), imageTag="v1")
    got = ecr.batch_get_image(
        repositoryName="web", imageIds=[{"imageTag": "v1"}, {"imageTag": "x"}]
    )
    assert got["images"][0]["imageManifest"] == manifest("a")
    assert got["failures"] == [
        {
            "imageId": {"imageTag": "x"},
            "failureCode": "ImageNotFound",
            "failureReason": "Requested image not found",
        }
    ]
    with pytest.raises(ecr.exceptions.ImageNotFoundException) as missing:
        ecr.describe_images(repositoryName="web", imageIds=[{"imageTag": "x"}])
    assert "imageTag:'x'" in error_message(missing)


def test_the_authorization_token_has_ecrs_shape(ecr) -> None:
    import base64

    data = ecr.get_authorization_token()["authorizationData"][0]
    assert base64.b64decode(data["authorizationToken"]).decode().startswith("AWS:")
    assert data["proxyEndpoint"] == "https://123456789012.dkr.ecr.us-east-1.amazonaws.com"


def test_push_simulated_wants_an_ecr_uri_with_a_tag(sim, ecr) -> None:
    ecr.create_repository(repositoryName="web")
    with pytest.raises(InvalidParameterException, match="not an image URI of this account"):
        push_simulated(sim, "nginx:1.27")
    with pytest.raises(InvalidParameterException, match="Push to a tag"):
        push_simulated(sim, URI + "@sha256:" + "0" * 64)
    same = push_simulated(sim, URI + ":v1", "x")
    assert push_simulated(sim, URI + ":v2", "x")["imageDigest"] == same["imageDigest"]


# -- ECS and ECR together ----------------------------------------------------------------------
@pytest.fixture
def cluster(sim: Simulation, ecs: Any, ecr: Any) -> str:
    ecs.create_cluster(clusterName="lab")
    sim.launch_instances("lab", count=2)
    ecr.create_repository(repositoryName="web")
    return "lab"


def register(ecs: Any, **container: Any) -> None:
    ecs.register_task_definition(
        family="web",
        containerDefinitions=[
            {"name": "web", "image": URI + ":latest", "memory": 128, **container}
        ],
    )


def running_digests(ecs: Any) -> list[str]:
    arns = ecs.list_tasks(cluster="lab", desiredStatus="RUNNING")["taskArns"]
    tasks = ecs.describe_tasks(cluster="lab", tasks=arns)["tasks"] if arns else []
    return sorted(t["containers"][0].get("imageDigest", "") for t in tasks)


def test_a_task_reports_the_digest_of_the_ecr_image_it_pulled(sim, ecs, cluster) -> None:
    pushed = push_simulated(sim, URI + ":latest", "one")
    register(ecs)
    ecs.run_task(cluster="lab", taskDefinition="web")
    sim.run_until_stable()
    assert running_digests(ecs) == [pushed["imageDigest"]]


def test_an_image_missing_from_ecr_cannot_be_pulled(sim, ecs, cluster) -> None:
    register(ecs)
    arn = ecs.run_task(cluster="lab", taskDefinition="web")["tasks"][0]["taskArn"]
    sim.run_until_stable()
    task = ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]
    assert task["lastStatus"] == "STOPPED"
    assert task["stopCode"] == "TaskFailedToStart"
    assert task["containers"][0]["reason"].startswith("CannotPullContainerError")
    assert URI + ":latest" in task["containers"][0]["reason"]


def test_a_deployment_pins_the_digest_and_force_new_deployment_takes_the_new_push(
    sim, ecs, cluster
) -> None:
    first = push_simulated(sim, URI + ":latest", "one")["imageDigest"]
    register(ecs)
    ecs.create_service(cluster="lab", serviceName="web", taskDefinition="web", desiredCount=2)
    sim.run_until_stable()
    second = push_simulated(sim, URI + ":latest", "two")["imageDigest"]
    assert second != first
    ecs.update_service(cluster="lab", service="web", desiredCount=3)  # scaling: same deployment
    sim.run_until_stable()
    assert running_digests(ecs) == [first] * 3  # the new task runs what the others run
    ecs.update_service(cluster="lab", service="web", forceNewDeployment=True)
    sim.run_until_stable()
    assert running_digests(ecs) == [second] * 3


def test_a_pinned_digest_deleted_from_ecr_fails_new_tasks_of_that_deployment(
    sim, ecs, ecr, cluster
) -> None:
    digest = push_simulated(sim, URI + ":latest", "one")["imageDigest"]
    register(ecs)
    ecs.create_service(cluster="lab", serviceName="web", taskDefinition="web", desiredCount=1)
    sim.run_until_stable()
    ecr.batch_delete_image(repositoryName="web", imageIds=[{"imageDigest": digest}])
    push_simulated(sim, URI + ":latest", "two")  # the tag exists again, but not that digest
    ecs.update_service(cluster="lab", service="web", desiredCount=2)
    sim.advance(30)
    stopped = ecs.list_tasks(cluster="lab", desiredStatus="STOPPED")["taskArns"]
    reasons = {
        t["containers"][0]["reason"]
        for t in ecs.describe_tasks(cluster="lab", tasks=stopped)["tasks"]
    }
    assert any(digest in reason for reason in reasons), reasons


def test_version_consistency_disabled_pulls_the_tag_each_time(sim, ecs, cluster) -> None:
    push_simulated(sim, URI + ":latest", "one")
    register(ecs, versionConsistency="disabled")
    ecs.create_service(cluster="lab", serviceName="web", taskDefinition="web", desiredCount=1)
    sim.run_until_stable()
    second = push_simulated(sim, URI + ":latest", "two")["imageDigest"]
    ecs.update_service(cluster="lab", service="web", desiredCount=2)
    sim.run_until_stable()
    assert second in running_digests(ecs)
    assert len(set(running_digests(ecs))) == 2


def test_images_and_pinned_digests_survive_save_and_load(sim, ecs, cluster, tmp_path) -> None:
    first = push_simulated(sim, URI + ":latest", "one")["imageDigest"]
    register(ecs)
    ecs.create_service(cluster="lab", serviceName="web", taskDefinition="web", desiredCount=1)
    sim.run_until_stable()
    push_simulated(sim, URI + ":latest", "two")
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json")
    again = loaded.client()
    again.update_service(cluster="lab", service="web", desiredCount=2)
    loaded.run_until_stable()
    assert running_digests(again) == [first, first]
    assert len(loaded.client("ecr").describe_images(repositoryName="web")["imageDetails"]) == 2


def test_another_accounts_registry_is_refused(ecr) -> None:
    with pytest.raises(ecr.exceptions.InvalidParameterException) as refused:
        ecr.describe_repositories(registryId="210987654321")
    assert error_code(refused) == "InvalidParameterException"
