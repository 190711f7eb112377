"""Which ecslearn errors a function can raise, read from the source with `ast`.

The reading errs on the side of too many, never too few, so a test built on it cannot miss a
raise site:

- constructing an error class anywhere counts as raising it (helpers such as
  ``container_error(...)`` build the error that their caller raises);
- a call is followed into the function it names when the name can be looked up in the module
  (``resolve(...)``, ``checks.service(...)``, ``TaskDefinition.from_json(...)``); a method called
  on a value whose type is not written down (``ctx.state.cluster(...)``, ``self._x(...)``) is
  followed into EVERY ecslearn method or property of that name in the engine's layers;
- a function named without being called (a callback, ``key=...``) counts as called;
- the only thing taken away is what a ``try`` catches around it: an ``except`` of the error's
  class or a base removes it, and a bare ``raise`` (or ``raise error`` of the caught name) in the
  handler puts back what it caught.

Functions are analysed until nothing changes (recursion and cycles between helpers reach a fixed
point). Each error comes back with the places that raise it, ``module:line``, for the failure
message.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ecslearn.errors import EcsError

PACKAGE = Path(importlib.import_module("ecslearn").__file__ or "").parent
#: Where a method named on an untyped value may live: the engine and what it stands on.
SEARCHED = ("model", "control", "agents", "services", "protocols")

Raised = dict[type[EcsError], frozenset[str]]


@dataclass
class Unit:
    """One function to analyse: its node, the module its names are looked up in, its name."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: ModuleType
    name: str
    local: set[str] = field(default_factory=set)
    #: names imported inside the function (``from ... import place as engine_place``)
    imported: dict[str, Any] = field(default_factory=dict)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text())


def _defs(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method at module or class level, with its qualified name."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield f"{node.name}.{item.name}", item


@cache
def _module_units(name: str) -> dict[str, Unit]:
    """The units of one ecslearn module, by qualified name."""
    module = importlib.import_module(name)
    path = Path(inspect.getsourcefile(module) or "")
    return {
        qualname: Unit(node, module, f"{name}.{qualname}", _locals(node), _imports(node, name))
        for qualname, node in _defs(_tree(path))
    }


@cache
def _methods_named() -> dict[str, list[Unit]]:
    """Method (and property) name -> every such method in the searched layers."""
    found: dict[str, list[Unit]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        if name.split(".")[1:2] and name.split(".")[1] in SEARCHED:
            for qualname, unit in _module_units(name).items():
                if "." in qualname:
                    found.setdefault(qualname.rsplit(".", 1)[1], []).append(unit)
    return found


def _locals(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names bound inside the function, which must not be looked up in the module."""
    names = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            names |= {a.arg for a in ast.walk(child.args) if isinstance(a, ast.arg)}
        elif isinstance(child, ast.ExceptHandler) and child.name:
            names.add(child.name)
    return names


def _imports(node: ast.FunctionDef | ast.AsyncFunctionDef, module: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for child in ast.walk(node):
        if isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                base = ".".join([*module.split(".")[: -child.level], base]).strip(".")
            source = importlib.import_module(base)
            for alias in child.names:
                value = getattr(source, alias.name, None)
                if value is None:
                    value = importlib.import_module(f"{base}.{alias.name}")
                found[alias.asname or alias.name] = value
        elif isinstance(child, ast.Import):
            for alias in child.names:
                found[alias.asname or alias.name.split(".")[0]] = importlib.import_module(
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
    return found


def unit_of(function: Callable[..., Any]) -> Unit:
    """The unit of a live function or method (unwrapping decorators and bound methods)."""
    function = inspect.unwrap(getattr(function, "__func__", function))
    key = (function.__module__, function.__qualname__)
    unit = _module_units(key[0]).get(key[1]) if key[0].startswith("ecslearn") else None
    if unit is None:
        raise LookupError(f"{key} is not a module- or class-level function of ecslearn")
    return unit


def _lookup(expr: ast.expr, unit: Unit) -> Any:
    """The object an expression names in the unit's module, or None (a local, or unknown)."""
    if isinstance(expr, ast.Name):
        if expr.id in unit.imported:
            return unit.imported[expr.id]
        if expr.id in unit.local:
            return None
        if expr.id in vars(unit.module):
            return vars(unit.module)[expr.id]
        return getattr(builtins, expr.id, None)
    if isinstance(expr, ast.Attribute):
        base = expr.value
        if isinstance(base, ast.Call):  # ``_Parser(text).parse()``: a method of that class
            made = _lookup(base.func, unit)
            return getattr(made, expr.attr, None) if isinstance(made, type) else None
        found = _lookup(base, unit)
        if isinstance(found, ModuleType | type):
            return getattr(found, expr.attr, None)
    return None


def _error_class(value: Any) -> type[EcsError] | None:
    if isinstance(value, type) and issubclass(value, EcsError):
        return value
    return None


def _callees(value: Any) -> list[Unit]:
    """The ecslearn units a looked-up object runs when called (a class runs its constructor)."""
    if isinstance(value, type):
        if not value.__module__.startswith("ecslearn"):
            return []
        members = [getattr(value, n, None) for n in ("__init__", "__post_init__", "__new__")]
    elif callable(value) and getattr(value, "__module__", None):
        members = [value]
    else:
        return []
    found = []
    for member in members:
        # not ecslearn's, or generated (a dataclass's __init__ runs no ecslearn code)
        with contextlib.suppress(LookupError, TypeError, AttributeError):
            found.append(unit_of(member))
    return found


class Analysis:
    """The errors each unit can raise, computed to a fixed point."""

    def __init__(self) -> None:
        self.results: dict[str, Raised] = {}
        self.units: dict[str, Unit] = {}
        self.changed = False

    def raised(self, function: Callable[..., Any]) -> Raised:
        root = unit_of(function)
        self._need(root)
        self.changed = True
        while self.changed:
            self.changed = False
            for unit in list(self.units.values()):
                new = self._block(unit.node.body, unit)
                if new != self.results[unit.name]:
                    self.results[unit.name] = new
                    self.changed = True
        return self.results[root.name]

    def _need(self, unit: Unit) -> Raised:
        if unit.name not in self.units:
            self.units[unit.name] = unit
            self.results[unit.name] = {}
            self.changed = True
        return self.results[unit.name]

    # -- statements -----------------------------------------------------------------------------
    def _block(self, body: list[ast.stmt], unit: Unit) -> Raised:
        out: Raised = {}
        for statement in body:
            _merge(out, self._statement(statement, unit))
        return out

    def _statement(self, node: ast.stmt, unit: Unit) -> Raised:
        if isinstance(node, ast.Try | ast.TryStar):
            return self._try(node, unit)
        out: Raised = {}
        for name, value in ast.iter_fields(node):
            if name == "decorator_list":
                continue
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                _merge(out, self._block(value, unit))
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        _merge(out, self._expression(item, unit))
            elif isinstance(value, ast.AST):
                _merge(out, self._expression(value, unit))
        return out

    def _try(self, node: ast.Try | ast.TryStar, unit: Unit) -> Raised:
        body = self._block(node.body, unit)
        out: Raised = {}
        caught_all: set[type[EcsError]] = set()
        for handler in node.handlers:
            caught = self._caught(handler, unit)
            taken = {cls for cls in body if any(issubclass(cls, c) for c in caught)}
            handled = self._block(handler.body, unit)
            if _reraises(handler):
                _merge(handled, {cls: body[cls] for cls in taken})
            caught_all |= taken
            _merge(out, handled)
        _merge(out, {cls: sites for cls, sites in body.items() if cls not in caught_all})
        _merge(out, self._block(node.orelse, unit))
        _merge(out, self._block(node.finalbody, unit))
        return out

    def _caught(self, handler: ast.ExceptHandler, unit: Unit) -> tuple[type, ...]:
        if handler.type is None:
            return (BaseException,)
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        found = tuple(k for k in (_lookup(t, unit) for t in kinds) if isinstance(k, type))
        assert len(found) == len(kinds), f"{unit.name}: an except clause names an unknown type"
        return found

    # -- expressions ----------------------------------------------------------------------------
    def _expression(self, node: ast.AST, unit: Unit) -> Raised:
        out: Raised = {}
        for child in ast.walk(node):
            if isinstance(child, ast.Name | ast.Attribute):
                _merge(out, self._reference(child, unit))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                _merge(out, self._block(child.body, unit))  # nested definitions
        return out

    def _reference(self, node: ast.Name | ast.Attribute, unit: Unit) -> Raised:
        value = _lookup(node, unit)
        error = _error_class(value)
        if error is not None:
            module = unit.module.__name__
            return {error: frozenset({f"{module}:{node.lineno}"})}
        out: Raised = {}
        if value is not None:
            for callee in _callees(value):
                _merge(out, self._need(callee))
        elif isinstance(node, ast.Attribute):  # a method or property of an untyped value
            for callee in _methods_named().get(node.attr, []):
                _merge(out, self._need(callee))
        return out


def _reraises(handler: ast.ExceptHandler) -> bool:
    for node in ast.walk(handler):
        if isinstance(node, ast.Raise) and (
            node.exc is None or (isinstance(node.exc, ast.Name) and node.exc.id == handler.name)
        ):
            return True
    return False


def _merge(into: Raised, more: Raised) -> None:
    for cls, sites in more.items():
        into[cls] = into.get(cls, frozenset()) | sites


def raised_by(function: Callable[..., Any]) -> Raised:
    """The ecslearn errors `function` can raise, each with the places that raise it."""
    return Analysis().raised(function)
