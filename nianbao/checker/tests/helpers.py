"""Helpers for the checker tests: run selected rule families on a text snippet."""

from __future__ import annotations

from nianbao.checker.engine import check_document
from nianbao.checker.model import Finding
from nianbao.checker.readers import read_bytes


def run(text: str, *rules: str, data: dict | None = None) -> list[Finding]:
    doc = read_bytes(text.encode("utf-8"), "snippet.txt")
    return check_document(doc, rules=rules or None, data=data)


def codes(findings: list[Finding], severity: str | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity == severity]
