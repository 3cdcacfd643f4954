"""Rule definitions (校验规则) as loaded from `catalog/rules/<edition>/<level>.yaml`.

A `RuleDef` is what the file declares (with its truth-table cases); it expands into one or more
`RuleInstance`s — one per indicator for generated structural rules and `for_each` rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .findings import Severity
from .formatting import Template
from .syntax import Node

KINDS = (
    "type_range",
    "hierarchy",
    "exhaustive_sum",
    "ratio_recompute",
    "cross_table",
    "plausibility",
    "yoy_change",
    "magnitude_slip",
    "peer_outlier",
    "custom",
)
GENERATED_KINDS = ("type_range", "hierarchy", "exhaustive_sum")

SKIP_IF_ANY_MISSING = "skip_if_any_missing"
SKIP_IF_ALL_MISSING = "skip_if_all_missing"
TREAT_MISSING_AS_ZERO = "treat_missing_as_zero"
NEVER_SKIP = "never_skip"
STRATEGIES = (SKIP_IF_ANY_MISSING, SKIP_IF_ALL_MISSING, TREAT_MISSING_AS_ZERO, NEVER_SKIP)

EXPECTATIONS = ("pass", "fail", "skip")


@dataclass(frozen=True, slots=True)
class RuleInstance:
    """One evaluable rule: an assertion that must hold for a school's values."""

    rule_id: str
    kind: str
    severity: Severity
    expr: str
    node: Node
    message: Template
    indicators: tuple[str, ...]
    missing: str = SKIP_IF_ANY_MISSING
    target: str | None = None  # the indicator a per-indicator expansion was made for


@dataclass(frozen=True, slots=True)
class Case:
    """A truth-table row: inputs and the expected outcome of one rule."""

    line: int
    values: dict[str, Any]
    prev: dict[str, Any] = field(default_factory=dict)
    peers: dict[str, dict[str, float]] = field(default_factory=dict)
    expect: str = "fail"
    target: str | None = None  # which expansion (indicator code) of a per-indicator rule
    numbers: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class RuleDef:
    """A rule as declared in the file, or a generated kind (`id` = `<prefix>-<KIND>`)."""

    id: str
    kind: str
    line: int
    cases: tuple[Case, ...]
    instances: tuple[RuleInstance, ...]
    generated: bool = False

    def instance_for(self, code: str | None) -> RuleInstance | None:
        if code is None:
            return self.instances[0] if self.instances else None
        for inst in self.instances:
            if inst.target == code:
                return inst
        return None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules of one edition and level, ready to compile against its catalog."""

    edition: str
    level: str
    definitions: tuple[RuleDef, ...]
    catalog: Any = field(repr=False, compare=False, default=None)
    source: str = ""
    prefix: str = ""

    @property
    def rules(self) -> tuple[RuleInstance, ...]:
        return tuple(inst for d in self.definitions for inst in d.instances)

    def definition(self, rule_id: str) -> RuleDef:
        for d in self.definitions:
            if d.id == rule_id:
                return d
        raise KeyError(rule_id)
