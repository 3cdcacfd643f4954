"""Validation findings (校验结果): what a rule reports about one school's values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is: errors block submission until fixed or explained."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed rule for one school.

    `rule_id` is the rule's stable id; rules expanded per indicator (generated structural rules,
    `for_each` rules) carry `<rule id>/<indicator code>`. `numbers` maps each message placeholder
    to the formatted value shown in the message.
    """

    rule_id: str
    kind: str
    severity: Severity
    message: str
    indicators: tuple[str, ...]
    numbers: dict[str, str] = field(default_factory=dict, hash=False, compare=True)

    def to_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "severity": str(self.severity),
            "message": self.message,
            "indicators": list(self.indicators),
            "numbers": dict(self.numbers),
        }
