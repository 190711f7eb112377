"""What ecslearn knows about one simulated AWS service besides its handlers."""

from __future__ import annotations

from dataclasses import dataclass, field

from botocore.model import ServiceModel

from ecslearn.errors import (
    EcsError,
    InternalFailure,
    InvalidAction,
    InvalidParameterException,
    RequestEntityTooLargeException,
    SerializationException,
    ServerException,
    UnknownOperationException,
    UnsupportedFeatureException,
    ValidationError,
)


@dataclass(frozen=True)
class ServiceSpec:
    """A simulated service: its botocore name, how messages name it, and its error dialect.

    Handlers (and the dispatcher) raise ECS's names for the errors every service has; `dialect`
    renames them as this service's clients expect (ECS's InvalidParameterException is
    Application Auto Scaling's ValidationException, EC2's InvalidParameterValue, STS's
    ValidationError), keeping the message.

    An operation of the API that ecslearn does not simulate has no AWS answer to copy (AWS
    performs every operation it models). It is refused with the first of `unsimulated` that the
    operation's model lists (ECS's UnsupportedFeatureException says exactly "not supported
    here"), else with `unsimulated_otherwise`: an error every operation of the service models,
    or the protocol's common error for an operation the endpoint does not serve (JSON's
    UnknownOperationException, the query protocol's InvalidAction, EC2's UnsupportedOperation).
    """

    name: str
    display: str
    dialect: dict[type[EcsError], type[EcsError]] = field(default_factory=dict)
    unsimulated: tuple[type[EcsError], ...] = ()
    unsimulated_otherwise: type[EcsError] = UnknownOperationException

    @property
    def model(self) -> ServiceModel:
        from ecslearn.control.shapes import service_model

        return service_model(self.name)

    @property
    def protocol(self) -> str:
        """The protocol botocore's clients speak to the service: the first of the model's
        ``protocols`` that botocore supports, in botocore's order of preference
        (``ServiceModel.resolved_protocol``). Cloud Map's and CloudWatch's models name
        ``smithy-rpc-v2-cbor`` first but list ``json`` too, and botocore 1.44 prefers JSON, so
        a stock client (boto3, the AWS CLI) sends them JSON 1.1 with an X-Amz-Target; RPC v2
        CBOR requests are still routed by their path. (A botocore without
        ``resolved_protocol`` speaks the model's one ``protocol``.)"""
        return getattr(self.model, "resolved_protocol", None) or self.model.protocol

    @property
    def protocols(self) -> tuple[str, ...]:
        """Every protocol the service's model says it answers."""
        return tuple(self.model.metadata.get("protocols") or [self.model.protocol])

    @property
    def target_prefix(self) -> str | None:
        """The ``X-Amz-Target`` prefix of a JSON service (None for query and ec2)."""
        return self.model.metadata.get("targetPrefix")

    @property
    def signing_name(self) -> str:
        """The service name in a SigV4 credential scope (``ec2``, ``sts``, ``ecs``...)."""
        return self.model.signing_name or self.model.endpoint_prefix

    @property
    def api_version(self) -> str:
        return self.model.api_version

    def not_simulated(self, operation: str, message: str) -> EcsError:
        """The refusal of `operation`, a real operation of this API that ecslearn does not
        simulate (see the class)."""
        modelled = {
            shape.error_code for shape in self.model.operation_model(operation).error_shapes
        }
        for error in self.unsimulated:
            if error.code in modelled:
                return error(message)
        return self.unsimulated_otherwise(message)

    def in_dialect(self, error: EcsError) -> EcsError:
        """`error` as this service names it: the same error, or its equivalent."""
        renamed = self.dialect.get(type(error))
        return error if renamed is None else renamed(error.message, error.hint)


def query_service(name: str, display: str) -> ServiceSpec:
    """A service of the query protocol that answers with the protocol's common errors
    ("Common Errors" in the STS, Auto Scaling and ELBv2 API references: ValidationError for a
    bad request, InvalidAction for an unknown operation, InternalFailure): STS, EC2 Auto Scaling
    and ELBv2. None of them has a code for "a real operation not performed here", so those are
    refused with ``InvalidAction`` naming the operation."""
    return ServiceSpec(
        name,
        display,
        {
            InvalidParameterException: ValidationError,
            SerializationException: ValidationError,
            RequestEntityTooLargeException: ValidationError,
            UnsupportedFeatureException: ValidationError,
            UnknownOperationException: InvalidAction,
            ServerException: InternalFailure,
        },
        unsimulated_otherwise=InvalidAction,
    )
