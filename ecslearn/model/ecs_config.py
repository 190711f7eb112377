"""What an instance's user data writes to /etc/ecs/ecs.config, read without running it.

On an ECS-optimized AMI, cloud-init runs the user data before the ECS agent starts, and the agent
reads its settings from /etc/ecs/ecs.config. ecslearn does not run shell scripts; it reads the
lines that write that file, in the forms AWS's guides and common templates use:

- ``echo ECS_CLUSTER=web >> /etc/ecs/ecs.config`` (``>`` starts the file afresh; quotes around
  the setting or its value are removed; ``| tee [-a] /etc/ecs/ecs.config`` works the same way);
- a here-document written to the file: ``cat <<EOF >> /etc/ecs/ecs.config`` (or ``> ...``,
  ``| sudo tee /etc/ecs/ecs.config``, ``cat > /etc/ecs/ecs.config <<'EOF'``), whose
  ``KEY=VALUE`` lines are the settings;
- shell variables set earlier in the script by ``NAME=value`` lines, expanded as ``$NAME`` or
  ``${NAME}`` in those lines (not inside a quoted ``<<'EOF'`` here-document, as in bash);
- a MIME multi-part user data (what launch templates made by the console and by AWS Batch look
  like): each ``text/x-shellscript`` part, in order.

User data may be gzip-compressed, as cloud-init accepts it. Anything else in the script (package
installs, other files) is ignored; so is a ``#cloud-config`` document.
"""

from __future__ import annotations

import base64
import binascii
import email
import functools
import gzip
import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from ecslearn.model.container_instance import DEFAULT_RESERVED_PORTS

CONFIG_FILE = "/etc/ecs/ecs.config"
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


class UserDataError(ValueError):
    """User data that is not base64 (EC2 refuses it at launch)."""


def decode_user_data(encoded: str | None) -> str:
    """The user data as text: base64 decoded, gunzipped if it was compressed."""
    if not encoded:
        return ""
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise UserDataError("Invalid BASE64 encoding of user data.") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return ""
    return raw.decode("utf-8", errors="replace")


def scripts(text: str) -> list[str]:
    """The shell scripts in the user data: the text itself, or each shell part of a MIME
    multi-part document."""
    head = text.lstrip()[:400].lower()
    if head.startswith(("content-type: multipart", "mime-version")):
        message = email.message_from_string(text.lstrip())
        parts = []
        for part in message.walk():
            if part.get_content_type() in ("text/x-shellscript", "text/cloud-boothook"):
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    parts.append(payload.decode("utf-8", errors="replace"))
        return parts
    return [text]


def _expand(text: str, variables: dict[str, str]) -> str:
    return _VARIABLE.sub(lambda m: variables.get(m.group(1) or m.group(2), m.group(0)), text)


def _unquote(text: str) -> str:
    try:
        words = shlex.split(text, comments=False, posix=True)
    except ValueError:
        return text.strip()
    return " ".join(words)


def _setting(line: str, shell: bool) -> tuple[str, str] | None:
    """``KEY=VALUE`` from a line: as the shell passes it to echo (quotes removed), or as a
    here-document writes it (verbatim; the agent reads the file as Docker's env-file)."""
    match = _ASSIGNMENT.match(_unquote(line.strip()) if shell else line.strip())
    if match is None:
        return None
    return match.group(1), match.group(2)


def _writes_config(command: str) -> str | None:
    """``>>`` or ``>`` when `command` writes the config file, else None."""
    if CONFIG_FILE not in command:
        return None
    before = command.split(CONFIG_FILE, 1)[0].rstrip()
    if before.endswith(">>") or re.search(r"\btee\s+(-a|--append)\b", before):
        return ">>"
    if before.endswith(">") or re.search(r"\btee\b", before):
        return ">"
    return None


def read_config(script: str, config: dict[str, str]) -> None:
    """Apply one script's writes of /etc/ecs/ecs.config to `config` (in place)."""
    variables: dict[str, str] = {}
    lines = script.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line or line.startswith("#"):
            continue
        heredoc = _HEREDOC.search(line)
        mode = _writes_config(line)
        if heredoc is not None:
            quoted, end = heredoc.group(1), heredoc.group(2)
            body = []
            while index < len(lines) and lines[index].strip() != end:
                body.append(lines[index])
                index += 1
            index += 1
            if mode is None:
                continue
            if mode == ">":
                config.clear()
            for entry in body:
                found = _setting(entry if quoted else _expand(entry, variables), shell=False)
                if found:
                    config[found[0]] = found[1]
            continue
        if mode is not None and re.match(r"^(sudo\s+)?(echo|printf)\b", line):
            said = line.split(">", 1)[0] if ">" in line else line.split("|", 1)[0]
            said = re.sub(r"^(sudo\s+)?(echo|printf)(\s+-[ne]+)*\s*", "", said).strip()
            if mode == ">":
                config.clear()
            found = _setting(_expand(said, variables), shell=True)
            if found:
                config[found[0]] = found[1]
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment is not None and " " not in assignment.group(2).strip("\"'"):
            variables[assignment.group(1)] = _unquote(_expand(assignment.group(2), variables))


def ecs_config(encoded_user_data: str | None) -> dict[str, str]:
    """The settings the user data leaves in /etc/ecs/ecs.config (later lines win)."""
    return dict(_ecs_config(encoded_user_data or ""))


@functools.lru_cache(maxsize=256)
def _ecs_config(encoded_user_data: str) -> dict[str, str]:
    """`ecs_config`, read once per distinct user data (many instances share theirs)."""
    config: dict[str, str] = {}
    for script in scripts(decode_user_data(encoded_user_data)):
        read_config(script, config)
    return config


def ecs_user_data(settings: dict[str, str]) -> str:
    """User data (base64) that writes `settings` to /etc/ecs/ecs.config, one echo a line: what
    ``sim.launch_instances`` gives the instances it launches."""
    lines = ["#!/bin/bash"]
    for key, value in settings.items():
        lines.append(f"echo {shlex.quote(f'{key}={value}')} >> {CONFIG_FILE}")
    return base64.b64encode(("\n".join(lines) + "\n").encode()).decode()


@dataclass
class AgentConfig:
    """The ecs.config settings ecslearn's agent honours (every other one is ignored):

    - ``ECS_CLUSTER``: the cluster to register in (name or ARN; ``default`` when absent, and the
      agent creates ``default`` if it does not exist, as the real agent does);
    - ``ECS_RESERVED_MEMORY``: MiB kept back from tasks, taken off the registered MEMORY;
    - ``ECS_RESERVED_PORTS`` / ``ECS_RESERVED_PORTS_UDP``: JSON lists of ports the instance keeps
      (defaults: [22, 2375, 2376, 51678, 51679] and []);
    - ``ECS_INSTANCE_ATTRIBUTES``: a JSON object of custom attributes to register with (an empty
      value registers an attribute without a value);
    - ``ECS_CONTAINER_INSTANCE_TAGS``: a JSON object of tags for the container instance;
    - ``ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM``: ``ec2_instance`` copies the EC2 instance's
      tags (not its ``aws:`` ones) onto the container instance; ``none`` (the default) does not.

    A value the agent cannot read stops it, as it stops the real agent; `from_settings` raises
    ValueError saying which.
    """

    cluster: str = "default"
    reserved_memory: int = 0
    reserved_ports: list[str] = field(default_factory=lambda: list(DEFAULT_RESERVED_PORTS))
    reserved_udp_ports: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    propagate_tags_from: str = "none"

    @classmethod
    def from_settings(cls, settings: dict[str, str]) -> AgentConfig:
        config = cls()
        config.cluster = settings.get("ECS_CLUSTER") or "default"
        raw = settings.get("ECS_RESERVED_MEMORY", "0").strip() or "0"
        if not raw.isdigit():
            raise ValueError(f"ECS_RESERVED_MEMORY must be a whole number of MiB, not {raw!r}")
        config.reserved_memory = int(raw)
        for name, member in (
            ("ECS_RESERVED_PORTS", "reserved_ports"),
            ("ECS_RESERVED_PORTS_UDP", "reserved_udp_ports"),
        ):
            if name in settings:
                ports = _json(settings[name], name, list)
                if not all(isinstance(p, int) and 0 < p < 65536 for p in ports):
                    raise ValueError(f"{name} must be a JSON list of port numbers")
                setattr(config, member, [str(p) for p in ports])
        for name, member in (
            ("ECS_INSTANCE_ATTRIBUTES", "attributes"),
            ("ECS_CONTAINER_INSTANCE_TAGS", "tags"),
        ):
            if name in settings:
                values = _json(settings[name], name, dict)
                if not all(isinstance(v, str) for v in values.values()):
                    raise ValueError(f"{name} must be a JSON object of strings")
                setattr(config, member, values)
        config.propagate_tags_from = settings.get(
            "ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM", "none"
        )
        if config.propagate_tags_from not in ("none", "ec2_instance"):
            raise ValueError(
                "ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM must be ec2_instance or none, not "
                f"{config.propagate_tags_from!r}"
            )
        return config


def _json(raw: str, name: str, kind: type) -> Any:
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, kind):
        what = "list" if kind is list else "object"
        raise ValueError(f"{name} must be a JSON {what}, not {raw[:80]!r}")
    return value
