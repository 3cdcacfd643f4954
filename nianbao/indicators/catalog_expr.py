"""Arithmetic expressions over indicator codes, as used by `aggregate: recompute:<expr>`
(e.g. `full_time_students / full_time_teachers`). Grammar: codes, decimal numbers, + - * /,
parentheses. Parsed once into a small tree; evaluated over a dict of Decimal values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache

__all__ = ["ExpressionError", "evaluate", "expression_codes", "parse_expression"]

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[a-z][a-z0-9_]*)|(?P<op>[-+*/()]))")

# A tree node: ("num", Decimal) | ("code", str) | (op, left, right) | ("neg", operand)
Node = tuple


class ExpressionError(ValueError):
    """The expression is malformed (message in Chinese)."""


@cache
def parse_expression(text: str) -> Node:
    tokens = _tokenize(text)
    node, pos = _parse_sum(tokens, 0, text)
    if pos != len(tokens):
        raise ExpressionError(f"表达式“{text}”在“{tokens[pos][1]}”处多余")
    return node


def expression_codes(text: str) -> tuple[str, ...]:
    """Indicator codes named in the expression, in order of first appearance."""
    seen: dict[str, None] = {}

    def walk(node: Node) -> None:
        if node[0] == "code":
            seen.setdefault(node[1])
        elif node[0] != "num":
            for child in node[1:]:
                walk(child)

    walk(parse_expression(text))
    return tuple(seen)


def evaluate(text: str, values: Mapping[str, object]) -> Decimal | None:
    """Value of the expression; None when an operand is blank or a division is by zero."""

    def ev(node: Node) -> Decimal | None:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "code":
            value = values.get(node[1])
            if value is None or isinstance(value, str):
                return None
            return Decimal(value)
        if kind == "neg":
            inner = ev(node[1])
            return None if inner is None else -inner
        left, right = ev(node[1]), ev(node[2])
        if left is None or right is None:
            return None
        if kind == "+":
            return left + right
        if kind == "-":
            return left - right
        if kind == "*":
            return left * right
        if right == 0:
            return None
        return left / right

    return ev(parse_expression(text))


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if not match:
            raise ExpressionError(f"表达式“{text}”含无法识别的字符“{stripped[pos:].strip()[:1]}”")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    if not tokens:
        raise ExpressionError("表达式为空")
    return tokens


def _parse_sum(tokens: list, pos: int, text: str) -> tuple[Node, int]:
    node, pos = _parse_product(tokens, pos, text)
    while pos < len(tokens) and tokens[pos][1] in "+-":
        op = tokens[pos][1]
        right, pos = _parse_product(tokens, pos + 1, text)
        node = (op, node, right)
    return node, pos


def _parse_product(tokens: list, pos: int, text: str) -> tuple[Node, int]:
    node, pos = _parse_atom(tokens, pos, text)
    while pos < len(tokens) and tokens[pos][1] in "*/":
        op = tokens[pos][1]
        right, pos = _parse_atom(tokens, pos + 1, text)
        node = (op, node, right)
    return node, pos


def _parse_atom(tokens: list, pos: int, text: str) -> tuple[Node, int]:
    if pos >= len(tokens):
        raise ExpressionError(f"表达式“{text}”不完整")
    kind, value = tokens[pos]
    if kind == "num":
        try:
            return ("num", Decimal(value)), pos + 1
        except InvalidOperation:  # pragma: no cover - the regex only admits valid numbers
            raise ExpressionError(f"表达式“{text}”中的数字“{value}”无效")
    if kind == "name":
        return ("code", value), pos + 1
    if value == "-":
        inner, pos = _parse_atom(tokens, pos + 1, text)
        return ("neg", inner), pos
    if value == "(":
        node, pos = _parse_sum(tokens, pos + 1, text)
        if pos >= len(tokens) or tokens[pos][1] != ")":
            raise ExpressionError(f"表达式“{text}”括号不配对")
        return node, pos + 1
    raise ExpressionError(f"表达式“{text}”在“{value}”处不完整")
