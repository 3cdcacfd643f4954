"""Report checker engine (年报体检引擎): read a report, run every rule family, return findings
sorted by place. Pure Python: used by the CLI and the platform."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from nianbao.checker.context import Context
from nianbao.checker.model import SEVERITIES, Document, Finding
from nianbao.checker.quantities import QuantityIndex
from nianbao.checker.readers import read_bytes, read_path
from nianbao.checker.rules import consistency, growth, numbering, percentages, prose, tables
from nianbao.checker.rules import data as data_rule
from nianbao.checker.rules import framework as framework_rules
from nianbao.cycles.frameworks import available_editions, load_framework

__all__ = [
    "NO_FRAMEWORK",
    "RULE_FAMILIES",
    "check_bytes",
    "check_document",
    "check_path",
    "default_edition",
    "summarize",
]

RULE_FAMILIES = (
    "percent", "growth", "consistency", "table", "prose", "numbering", "framework", "case", "data",
)  # fmt: skip
_MODULES = {"percent": percentages, "growth": growth, "consistency": consistency,
            "table": tables, "prose": prose, "numbering": numbering}  # fmt: skip


NO_FRAMEWORK = "none"


def default_edition() -> str:

    editions = available_editions()
    return editions[-1] if editions else ""


def check_document(
    doc: Document,
    *,
    framework: str | None = None,
    data: dict | None = None,
    kind: str = "school",
    rules: Collection[str] | None = None,
) -> list[Finding]:
    """All findings for a document. `framework` is an edition (default: the newest;
    "none" for an excerpt, which is checked without the framework's required parts);
    `data` the submitted data tables as accepted by `rules.data.parse_data`; `rules` limits
    the run to some of `RULE_FAMILIES`. Raises `FrameworkError` for an unknown edition."""
    selected = set(RULE_FAMILIES if rules is None else rules)
    ctx = Context(doc, excerpt=framework == NO_FRAMEWORK)
    index = QuantityIndex(ctx)
    findings: list[Finding] = []
    for family, module in _MODULES.items():
        if family in selected:
            findings.extend(module.check(ctx, index))
    edition = framework or default_edition()
    if edition and edition != NO_FRAMEWORK and "framework" in selected:

        parts = load_framework(edition).parts(kind)
        findings.extend(framework_rules.check_framework(ctx, parts, edition))
    if "case" in selected:
        findings.extend(framework_rules.check_cases(ctx))
    if data and "data" in selected:
        findings.extend(data_rule.check(ctx, index, data))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (f.location.block, f.location.row or 0, order[f.severity]))
    return _dedupe(findings)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.code, f.location, f.values, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def check_path(path: str | Path, **options) -> list[Finding]:
    """Read a report file and check it (options as for `check_document`); raises `ReadError`
    for unreadable files."""
    return check_document(read_path(path), **options)


def check_bytes(
    content: bytes,
    filename: str,
    **options,
) -> list[Finding]:
    """For uploads: the file's bytes and its name (the extension gives the format); options
    as for `check_document`."""
    return check_document(read_bytes(content, filename), **options)


def summarize(findings: list[Finding]) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for f in findings:
        out[f.severity] += 1
    out["total"] = len(findings)
    return out
