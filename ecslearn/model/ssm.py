"""Systems Manager Parameter Store: the account's own parameters (PutParameter), as plain data.

One region's parameters are an `SsmState` (`RegionState.ssm`), saved with the world. AWS's
public parameters (the ECS-optimized AMIs) are not stored here: they are every account's
(`ecslearn.model.amis.public_parameters`).

What AWS leaves unsaid and ecslearn chose:

- Only the current value of a parameter is kept, with its version number (1 when created, one
  more with each overwrite). A ``name:version`` selector names the current version only; an
  older one answers ParameterVersionNotFound (AWS keeps the last 100 versions).
- A ``SecureString`` is stored as given. Read without ``WithDecryption`` its value is an opaque
  base64 text standing for the ciphertext (AWS returns the KMS ciphertext, which a learner
  cannot use either); ECS's agents always read with decryption, as AWS's do.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field


@dataclass
class SsmParameter:
    """One parameter the account put."""

    name: str
    type: str
    value: str
    version: int
    last_modified: float  # epoch seconds on the virtual clock
    description: str | None = None
    data_type: str = "text"

    def shown_value(self, decrypt: bool) -> str:
        """The value GetParameter answers (see the module for SecureString)."""
        if self.type != "SecureString" or decrypt:
            return self.value
        return base64.b64encode(b"ecslearn-kms:" + self.value.encode()).decode()


@dataclass
class SsmState:
    """The region's own parameters by name (names keep their leading slash, if any)."""

    parameters: dict[str, SsmParameter] = field(default_factory=dict)

    def find(self, name: str) -> SsmParameter | None:
        """The parameter by name; a name read from an ARN (always with a slash) also finds a
        parameter put without one."""
        found = self.parameters.get(name)
        if found is None and name.startswith("/"):
            found = self.parameters.get(name[1:])
        return found
