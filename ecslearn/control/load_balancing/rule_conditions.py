"""Whether a request matches a listener rule's conditions, as an Application Load Balancer
decides it (ELB's user guide, "Condition types for listener rules").

A rule matches when every condition does; a condition when any of its values does.

- ``path-pattern``: the URL's path, case-sensitively; ``*`` any characters, ``?`` one.
- ``host-header``: the host name, case-insensitively, same wildcards.
- ``http-header``: the named header (its name case-insensitive, no wildcards); its values
  case-insensitive with wildcards. A header sent several times is searched in order until one
  matches.
- ``http-request-method``: the method, case-sensitively, no wildcards.
- ``query-string``: a ``Key``/``Value`` pair (the key optional), case-insensitive with
  wildcards, ``\\*`` and ``\\?`` for the literal characters; any pair of the query string may
  match.
- ``source-ip``: the client's address in one of the CIDR blocks; it is the address the
  connection came from, never ``X-Forwarded-For``.

What AWS leaves unsaid and ecslearn chose: the query string's keys and values are compared
after URL-decoding; a condition on a header the request does not carry does not match.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: The client address requests come from unless the learner says otherwise (TEST-NET-3, an
#: address documentation uses: it is nobody's).
DEFAULT_SOURCE_IP = "203.0.113.10"


@dataclass(frozen=True)
class RequestFacts:
    """What a rule can look at in one request."""

    host: str
    path: str
    method: str = "GET"
    headers: Sequence[tuple[str, str]] = ()
    query: Sequence[tuple[str, str]] = ()
    source_ip: str = DEFAULT_SOURCE_IP
    _lowered: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def header_values(self, name: str) -> list[str]:
        """The values of header `name` (any case), in the order they were sent."""
        if not self._lowered and self.headers:
            for key, value in self.headers:
                self._lowered.setdefault(key.lower(), []).append(value)
        return self._lowered.get(name.lower(), [])


@cache
def wildcard(value: str, ignore_case: bool, escapes: bool = False) -> re.Pattern[str]:
    """`value` with ``*`` and ``?`` as wildcards (and, with `escapes`, ``\\*``/``\\?`` as the
    characters themselves), matched against a whole string."""
    body, index = [], 0
    while index < len(value):
        ch = value[index]
        if escapes and ch == "\\" and index + 1 < len(value) and value[index + 1] in "*?\\":
            body.append(re.escape(value[index + 1]))
            index += 2
            continue
        body.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        index += 1
    return re.compile("^" + "".join(body) + "$", re.IGNORECASE if ignore_case else 0)


def _config(condition: dict[str, Any], name: str) -> dict[str, Any]:
    return condition.get(name) or {}


def _query_matches(wanted: dict[str, Any], facts: RequestFacts) -> bool:
    key, value = wanted.get("Key"), wanted.get("Value", "")
    value_pattern = wildcard(value, True, True)
    for sent_key, sent_value in facts.query:
        if key is not None and not wildcard(key, True, True).match(sent_key):
            continue
        if value_pattern.match(sent_value):
            return True
    return False


@cache
def _network(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(cidr, strict=False)


def _source_matches(cidr: str, facts: RequestFacts) -> bool:
    try:
        return ipaddress.ip_address(facts.source_ip) in _network(cidr)
    except ValueError:
        return False


def condition_matches(condition: dict[str, Any], facts: RequestFacts) -> bool:
    """Whether one condition (as ELB answers it: Field, Values and the field's config) holds."""
    kind = condition["Field"]
    if kind == "path-pattern":
        return any(wildcard(v, False).match(facts.path) for v in condition["Values"])
    if kind == "host-header":
        return any(wildcard(v, True).match(facts.host) for v in condition["Values"])
    if kind == "http-header":
        config = _config(condition, "HttpHeaderConfig")
        sent = facts.header_values(config.get("HttpHeaderName", ""))
        return any(wildcard(v, True).match(s) for s in sent for v in config.get("Values", []))
    if kind == "http-request-method":
        return facts.method in _config(condition, "HttpRequestMethodConfig").get("Values", [])
    if kind == "query-string":
        wanted = _config(condition, "QueryStringConfig").get("Values", [])
        return any(_query_matches(pair, facts) for pair in wanted)
    if kind == "source-ip":
        cidrs = _config(condition, "SourceIpConfig").get("Values", [])
        return any(_source_matches(cidr, facts) for cidr in cidrs)
    return False


def rule_matches(conditions: list[dict[str, Any]], facts: RequestFacts) -> bool:
    """Whether every condition holds (a rule with none matches every request)."""
    return all(condition_matches(condition, facts) for condition in conditions)
