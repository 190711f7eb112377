"""Reading a query-protocol form (``Action=...&Name.member.1=...``) back into a request dict.

botocore flattens a request into ``key=value`` pairs (`botocore.serialize.QuerySerializer` and
`EC2Serializer`); this walks the operation's input shape the same way and reads each member from
the key botocore would have written it under, so the two cannot disagree on a name. Values are
converted to the types the JSON handlers use: numbers, booleans, timestamps as epoch seconds,
blobs left as base64 text.

Only keys that the shape accounts for are read; anything left over (a misspelt member) is a
parameter error naming the key, as AWS answers an unknown parameter. List items are read in the
order of their index (AWS requires 1..N; ecslearn accepts gaps and keeps the order).
"""

from __future__ import annotations

import bisect
import urllib.parse
from typing import Any, Protocol

from botocore.model import Shape
from botocore.utils import parse_timestamp

from ecslearn.errors import InvalidParameterException, SerializationException

#: Fields every query request carries besides its members.
ENVELOPE = ("Action", "Version")
_MISSING: Any = object()


def decode_form(body: bytes) -> dict[str, str]:
    """The fields of an ``application/x-www-form-urlencoded`` body (the last of repeated keys)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SerializationException(f"Request body is not UTF-8 text: {error}.") from None
    return dict(urllib.parse.parse_qsl(text, keep_blank_values=True))


class FormNaming(Protocol):
    """Where a protocol writes a member, a list's items and a map's entries."""

    def name(self, shape: Shape, default: str) -> str: ...

    def list_items(self, shape: Shape, key: str) -> str:
        """The prefix items of the list at `key` are numbered under (``key.member``, ...)."""
        ...

    #: Whether an empty list is sent as ``key=`` (query does; ec2 sends nothing).
    empty_list_marker: bool


class QueryNaming:
    """`botocore.serialize.QuerySerializer`'s names."""

    empty_list_marker = True

    def name(self, shape: Shape, default: str) -> str:
        return shape.serialization.get("name", default)

    def list_items(self, shape: Shape, key: str) -> str:
        if shape.serialization.get("flattened"):
            if shape.member.serialization.get("name"):
                renamed = self.name(shape.member, "")
                return ".".join([*key.split(".")[:-1], renamed])
            return key
        return f"{key}.{shape.member.serialization.get('name', 'member')}"


class FormReader:
    """Reads one request's fields by its input shape; `read` raises `InvalidParameterException`
    for a value of the wrong type or a key no member accounts for."""

    def __init__(self, fields: dict[str, str], naming: FormNaming) -> None:
        self.fields = fields
        self.naming = naming
        self.keys = sorted(fields)
        self.used: set[str] = set(ENVELOPE)

    def read(self, shape: Shape | None, operation: str) -> dict[str, Any]:
        request = {} if shape is None else self._read(shape, "")
        unknown = sorted(set(self.fields) - self.used)
        if unknown:
            raise InvalidParameterException(
                f"{operation} has no parameter '{unknown[0]}'"
                + (f" (nor {len(unknown) - 1} other key(s) sent)" if len(unknown) > 1 else "")
                + "."
            )
        return request if request is not _MISSING else {}

    # -- where keys are ---------------------------------------------------------------------
    def _under(self, prefix: str) -> list[str]:
        """The keys that start with ``prefix.``."""
        start = prefix + "."
        at = bisect.bisect_left(self.keys, start)
        found = []
        while at < len(self.keys) and self.keys[at].startswith(start):
            found.append(self.keys[at])
            at += 1
        return found

    def _indices(self, prefix: str) -> list[int]:
        indices = set()
        for key in self._under(prefix):
            head = key[len(prefix) + 1 :].split(".", 1)[0]
            if head.isdigit():
                indices.add(int(head))
        return sorted(indices)

    # -- the walk -----------------------------------------------------------------------------
    def _read(self, shape: Shape, key: str) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape, key)
        if kind == "list":
            return self._list(shape, key)
        if kind == "map":
            return self._map(shape, key)
        raw = self.fields.get(key)
        if raw is None:
            return _MISSING
        self.used.add(key)
        return self._scalar(shape, key, raw)

    def _structure(self, shape: Shape, key: str) -> Any:
        if key and key not in self.fields and not self._under(key):
            return _MISSING
        if key in self.fields:
            self.used.add(key)
        value: dict[str, Any] = {}
        for name, member in shape.members.items():
            member_key = self.naming.name(member, name)
            found = self._read(member, f"{key}.{member_key}" if key else member_key)
            if found is not _MISSING:
                value[name] = found
        return value

    def _list(self, shape: Shape, key: str) -> Any:
        if self.naming.empty_list_marker and self.fields.get(key) == "":
            self.used.add(key)
            return []
        items = self.naming.list_items(shape, key)
        indices = self._indices(items)
        if not indices:
            return _MISSING
        values = [self._read(shape.member, f"{items}.{i}") for i in indices]
        return [v for v in values if v is not _MISSING]

    def _map(self, shape: Shape, key: str) -> Any:
        entries = key if shape.serialization.get("flattened") else f"{key}.entry"
        indices = self._indices(entries)
        if not indices:
            return _MISSING
        key_name = self.naming.name(shape.key, "key")
        value_name = self.naming.name(shape.value, "value")
        value: dict[str, Any] = {}
        for i in indices:
            name = self._read(shape.key, f"{entries}.{i}.{key_name}")
            item = self._read(shape.value, f"{entries}.{i}.{value_name}")
            if name is not _MISSING and item is not _MISSING:
                value[name] = item
        return value

    @staticmethod
    def _scalar(shape: Shape, key: str, raw: str) -> Any:
        kind = shape.type_name
        try:
            if kind in ("integer", "long"):
                return int(raw)
            if kind in ("float", "double"):
                return float(raw)
            if kind == "boolean":
                if raw.lower() not in ("true", "false"):
                    raise ValueError(raw)
                return raw.lower() == "true"
            if kind == "timestamp":
                return parse_timestamp(raw).timestamp()
        except (ValueError, TypeError, OverflowError):
            what = {"boolean": "true or false", "timestamp": "a timestamp"}.get(kind, "a number")
            raise InvalidParameterException(
                f"Parameter {key} must be {what}, not {raw[:60]!r}."
            ) from None
        return raw  # strings, and blobs as their base64 text (what the JSON handlers take)
