"""The whole world as one JSON document, and back.

Everything a simulation holds is plain data: the regions' ECS state, the virtual clock, the
random source, the queue of what is scheduled, the timeline and each agent's own bookkeeping
(`ecslearn.agents.agent_state.AgentState`: what it is starting or stopping, its image cache, what it
owes while disconnected). Saving writes it all; loading rebuilds a simulation that carries on
exactly as the original would have, so a learner's cluster survives a kernel restart and a
lesson can start from a prepared state.

Real containers do not travel in a file: a Docker instance's work continues, after loading, on
a simulated agent (its Docker actions become the simulated agent's; see `_without_docker`), and
the timeline says so.

Encoding follows the type hints of the dataclasses, so a new field in the state or in a model
class needs no code here.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecslearn.agents.agent_state import AgentState
from ecslearn.control.queue import Action
from ecslearn.control.state import RegionState
from ecslearn.control.timeline import Event, Timeline, event_document
from ecslearn.model.base import EcsObject

if TYPE_CHECKING:
    from ecslearn.control.world import World

FORMAT = "ecslearn-state/1"
INTERNAL_KEY = "_ecslearn"


def encode(value: Any, hint: Any) -> Any:
    """`value` as JSON data, guided by its type hint."""
    hint = _unwrap(hint)
    if value is None:
        return None
    if isinstance(value, EcsObject):
        return _encode_object(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # an agent's state
        hints = _hints(type(value))
        codecs = _codecs(type(value))
        return {
            f.name: (
                codecs[f.name][0](getattr(value, f.name))
                if f.name in codecs
                else encode(getattr(value, f.name), hints[f.name])
            )
            for f in dataclasses.fields(value)
        }
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is dict:
        return {str(k): encode(v, args[1] if args else Any) for k, v in value.items()}
    if origin in (list, set, frozenset, tuple) or isinstance(value, (list, set, tuple)):
        item = args[0] if args else Any
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [encode(v, item) for v in items]
    return value


def decode(data: Any, hint: Any) -> Any:
    """The inverse of `encode`."""
    hint = _unwrap(hint)
    if data is None:
        return None
    if isinstance(hint, type) and issubclass(hint, EcsObject):
        return _decode_object(hint, data)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        codecs = _codecs(hint)
        return hint(
            **{
                name: codecs[name][1](raw) if name in codecs else decode(raw, hints[name])
                for name, raw in data.items()
            }
        )
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is dict:
        key_type = args[0] if args else str
        return {
            (int(k) if key_type is int else k): decode(v, args[1] if args else Any)
            for k, v in data.items()
        }
    if origin in (list, set, frozenset, tuple):
        items = [decode(v, args[0] if args else Any) for v in data]
        return origin(items) if origin is not list else items
    return data


def _encode_object(obj: EcsObject) -> dict[str, Any]:
    """Like `to_json`, but nested objects keep their internal fields too."""
    data: dict[str, Any] = {}
    for spec in obj._specs():
        value = getattr(obj, spec.attr)
        if value is None:
            continue
        if spec.kind == "object":
            data[spec.key] = _encode_object(value)
        elif spec.kind == "list":
            data[spec.key] = [_encode_object(v) for v in value]
        elif spec.kind == "dict":
            data[spec.key] = {k: _encode_object(v) for k, v in value.items()}
        else:
            data[spec.key] = encode(value, Any)
    for key, value in obj.extra.items():
        data.setdefault(key, value)
    hints = _hints(type(obj))
    internals = {
        f.name: encode(getattr(obj, f.name), hints[f.name])
        for f in dataclasses.fields(obj)
        if f.metadata.get("internal")
    }
    if internals:
        data[INTERNAL_KEY] = internals
    return data


def _decode_object(cls: type[EcsObject], data: dict[str, Any]) -> EcsObject:
    body = dict(data)
    internals = body.pop(INTERNAL_KEY, {})
    nested = {}
    for spec in cls._specs():
        if spec.key not in body or body[spec.key] is None or spec.kind == "plain":
            continue
        raw = body.pop(spec.key)
        if spec.kind == "object":
            nested[spec.attr] = _decode_object(spec.item, raw)
        elif spec.kind == "list":
            nested[spec.attr] = [_decode_object(spec.item, v) for v in raw]
        else:
            nested[spec.attr] = {k: _decode_object(spec.item, v) for k, v in raw.items()}
    obj = cls.from_json(body)
    for name, value in nested.items():
        setattr(obj, name, value)
    hints = _hints(cls)
    for name, raw in internals.items():
        if name in hints:  # older files kept agent bookkeeping here; the agents' state has it
            setattr(obj, name, decode(raw, hints[name]))
    return obj


def _unwrap(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _codecs(cls: type) -> dict[str, tuple[Any, Any]]:
    """A dataclass's own (encode, decode) for fields it keeps better in another form (its
    ``SNAPSHOT_FIELDS``; e.g. CloudWatch's buckets as runs)."""
    return getattr(cls, "SNAPSHOT_FIELDS", {})


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a class, once per class: resolving them evaluates every
    annotation's string, which cost more than all the rest of a save or a load."""
    return typing.get_type_hints(cls)


def to_document(world: World) -> dict[str, Any]:
    """The simulation as one JSON-ready document."""
    region_hints = _hints(RegionState)
    regions = {
        state.region: {
            f.name: encode(getattr(state, f.name), region_hints[f.name])
            for f in dataclasses.fields(RegionState)
            if not f.metadata.get("derived")  # indexes: rebuilt on load
        }
        for state in world.regions()
    }
    return {
        "format": FORMAT,
        "seed": world.seed,
        "region": world.region,
        "clock": {"now": world.clock.now, "epochStart": world.clock.epoch_start},
        "random": _random_state(world),
        "timings": dataclasses.asdict(world.timings),
        "queue": {
            "sequence": world.queue.sequence,
            "actions": [
                {"time": a.time, "seq": a.seq, "kind": a.kind, "args": a.args}
                for a in world.queue.actions()
            ],
        },
        "events": [event_document(e) for e in world.events],
        "agents": {
            arn: encode(agent.state, AgentState)
            for arn, agent in world.plane.agents.items()
            if isinstance(getattr(agent, "state", None), AgentState) and not agent.state.empty
        },
        "regions": regions,
    }


def from_document(document: dict[str, Any], *, strict: bool = False) -> World:
    """Rebuild a simulation from `to_document`'s output."""
    import ecslearn.agents.agent  # noqa: F401  (registers the "agent" actions loaded below)
    from ecslearn.agents.interface import AgentTimings
    from ecslearn.control.assemble import build_world
    from ecslearn.control.services.reconcile import restore_ticks

    if document.get("format") != FORMAT:
        raise ValueError(f"Not an ecslearn state document (format {document.get('format')!r}).")
    world = build_world(
        seed=document["seed"],
        region=document["region"],
        strict=strict,
        timings=AgentTimings(**document["timings"]),
    )
    world.clock.now = document["clock"]["now"]
    world.clock.epoch_start = document["clock"]["epochStart"]
    version, internal, gauss = document["random"]
    world.rng.setstate((version, tuple(internal), gauss))
    actions, docker_instances = _without_docker(document["queue"]["actions"])
    world.queue.restore(
        document["queue"]["sequence"],
        [Action(a["time"], a["seq"], a["kind"], a["args"]) for a in actions],
    )
    world.events = Timeline(Event(**e) for e in document["events"])
    region_hints = _hints(RegionState)
    for name, fields in document["regions"].items():
        state = world.region_state(name)
        for key, raw in fields.items():
            setattr(state, key, decode(raw, region_hints[key]))
        state.reindex()
    agents = document.get("agents", {})
    for arn, deferred in document.get("deferred", {}).items():  # files saved before "agents"
        agents[arn] = {"deferred": deferred}
    for arn, raw in agents.items():
        region = next(s for s in world.regions() if arn in s.instances or arn in s.tasks)
        world.plane.agent_for(region, arn).state = decode(raw, AgentState)  # type: ignore[attr-defined]
    for arn in sorted(docker_instances):
        world.record(
            "instance",
            f"{arn.rsplit('/', 1)[-1][:8]} ran its tasks as Docker containers; loaded from a file, "
            "it carries on with a simulated agent (the containers stayed behind)",
        )
    restore_ticks(world)
    return world


def _without_docker(actions: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], set[str]]:
    """The queue with the Docker agent's work handed to simulated agents, and the instances
    that had it. The polling tick goes (nothing to poll); an agent step becomes the simulated
    agent's step of the same name, and a pending "pull" (queued by Docker agents before the task
    runner) is a pull that has just finished."""
    kept, instances = [], set()
    for action in actions:
        if action["kind"] == "docker.tick":
            continue
        if action["kind"] == "docker.agent":
            args = dict(action["args"])
            instances.add(args["instance"])
            if args.get("step") == "pull":
                args["step"] = "pulled"
            action = {**action, "kind": "agent", "args": args}
        kept.append(action)
    return kept, instances


def _random_state(world: World) -> list[Any]:
    """Python's Mersenne Twister state: (version, 625 integers, cached gauss value)."""
    version, internal, gauss = world.rng.getstate()
    return [version, list(internal), gauss]


def save(world: World, path: str | Path) -> Path:
    """Write the simulation to `path` atomically (a killed writer never leaves half a file)."""
    target = Path(path)
    partial = target.with_suffix(target.suffix + ".partial")
    partial.write_text(json.dumps(to_document(world)))
    partial.replace(target)
    return target


def load(path: str | Path, *, strict: bool = False) -> World:
    return from_document(json.loads(Path(path).read_text()), strict=strict)
