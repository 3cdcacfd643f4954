"""Scalar back-end: compile an expression AST into nested Python closures.

Closures take `(cur, prev, peers)`: two plain `dict[code, float]` (blank values are absent) and a
`PeerStats`. Floats, not Decimal, are used on purpose: validation compares values against
tolerances (never below 1e-9 relative), so binary rounding cannot change an outcome, and floats
are an order of magnitude faster. A missing operand raises `KeyError`, a division by zero raises
`ZeroDivisionError`; the caller treats both as "undecided" according to the missing-value strategy.
`and`/`or` follow three-valued (Kleene) logic, so `x < 10 or ...` is decided even if the right side
is not — the NumPy back-end does exactly the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .syntax import (
    CUR,
    PEER_MAD,
    PEER_MEDIAN,
    PREV,
    BinOp,
    Call,
    Compare,
    Logic,
    Neg,
    Node,
    Not,
    Num,
    Ref,
)

Fn = Callable[[dict, dict, Any], Any]
EPS = 1e-9  # relative slack for == on floats
UNDECIDED = (KeyError, ZeroDivisionError)


def compile_scalar(node: Node, *, zero_fill: bool = False) -> Fn:
    """Compile `node`; with `zero_fill`, blank current/previous values read as 0."""
    return _Compiler(zero_fill).compile(node)


def decade_shift(x: float, ref: float) -> int:
    """k if x is about 10^k times ref for 2 ≤ |k| ≤ 4 (unit or decimal slip), else 0."""
    if ref == 0:
        raise ZeroDivisionError
    r = x / ref
    if r <= 0:
        return 0
    lg = math.log10(r)
    k = math.floor(lg + 0.5)
    return k if 2 <= abs(k) <= 4 and abs(lg - k) <= 0.35 else 0


def round_half_up(x: float, n: float) -> float:
    f = 10.0**n
    return math.floor(x * f + 0.5) / f


def approx_equal(a: float, b: float, tol: float, relative: bool = False) -> bool:
    scale = max(abs(a), abs(b))
    limit = tol * scale / 100.0 if relative else tol
    return abs(a - b) <= limit + EPS * max(scale, 1.0)


class _Compiler:
    def __init__(self, zero_fill: bool) -> None:
        self.zero_fill = zero_fill

    def compile(self, node: Node) -> Fn:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node)

    def _num(self, node: Num) -> Fn:
        v = node.value
        return lambda c, p, s: v

    def _ref(self, node: Ref) -> Fn:
        code = node.code
        if node.source == CUR:
            if self.zero_fill:
                return lambda c, p, s: c.get(code, 0.0)
            return lambda c, p, s: c[code]
        if node.source == PREV:
            if self.zero_fill:
                return lambda c, p, s: p.get(code, 0.0)
            return lambda c, p, s: p[code]
        if node.source == PEER_MEDIAN:
            return lambda c, p, s: s.median[code]
        if node.source == PEER_MAD:
            return lambda c, p, s: s.mad[code]
        return lambda c, p, s: s.n[code]

    def _neg(self, node: Neg) -> Fn:
        f = self.compile(node.operand)
        return lambda c, p, s: -f(c, p, s)

    def _binop(self, node: BinOp) -> Fn:
        lf, rf = self.compile(node.left), self.compile(node.right)
        op = node.op
        if op == "+":
            return lambda c, p, s: lf(c, p, s) + rf(c, p, s)
        if op == "-":
            return lambda c, p, s: lf(c, p, s) - rf(c, p, s)
        if op == "*":
            return lambda c, p, s: lf(c, p, s) * rf(c, p, s)
        return lambda c, p, s: lf(c, p, s) / rf(c, p, s)

    def _compare(self, node: Compare) -> Fn:
        op = node.op
        if node.tol is None and op in ("==", "!="):
            lf, rf = self.compile(node.left), self.compile(node.right)
            want = op == "=="

            def eq(c, p, s):
                # approx_equal(a, b, 0) inlined: this is the hottest comparison.
                a, b = lf(c, p, s), rf(c, p, s)
                d = a - b
                if d == 0:
                    return want
                return (abs(d) <= EPS * max(abs(a), abs(b), 1.0)) == want

            return eq
        if node.tol is not None:
            lf, rf = self.compile(node.left), self.compile(node.right)
            tf = self.compile(node.tol)
            rel = node.relative
            if op == "==":
                return lambda c, p, s: approx_equal(lf(c, p, s), rf(c, p, s), tf(c, p, s), rel)
            return lambda c, p, s: not approx_equal(lf(c, p, s), rf(c, p, s), tf(c, p, s), rel)
        # Fast paths for the very common `code <op> constant` shapes.
        left, right = node.left, node.right
        if (
            isinstance(left, Ref)
            and left.source == CUR
            and isinstance(right, Num)
            and not self.zero_fill
        ):
            code, k = left.code, right.value
            if op == "<":
                return lambda c, p, s: c[code] < k
            if op == "<=":
                return lambda c, p, s: c[code] <= k
            if op == ">":
                return lambda c, p, s: c[code] > k
            return lambda c, p, s: c[code] >= k
        lf, rf = self.compile(left), self.compile(right)
        if op == "<":
            return lambda c, p, s: lf(c, p, s) < rf(c, p, s)
        if op == "<=":
            return lambda c, p, s: lf(c, p, s) <= rf(c, p, s)
        if op == ">":
            return lambda c, p, s: lf(c, p, s) > rf(c, p, s)
        return lambda c, p, s: lf(c, p, s) >= rf(c, p, s)

    def _logic(self, node: Logic) -> Fn:
        lf, rf = self.compile(node.left), self.compile(node.right)
        if node.op == "and":

            def and_(c, p, s):
                try:
                    left = lf(c, p, s)
                except UNDECIDED:
                    if rf(c, p, s):  # U and True = U; U and False = False
                        raise ZeroDivisionError from None
                    return False
                return left and rf(c, p, s)

            return and_

        def or_(c, p, s):
            try:
                left = lf(c, p, s)
            except UNDECIDED:
                if rf(c, p, s):  # U or True = True; U or False = U
                    return True
                raise ZeroDivisionError from None
            return left or rf(c, p, s)

        return or_

    def _not(self, node: Not) -> Fn:
        f = self.compile(node.operand)
        return lambda c, p, s: not f(c, p, s)

    def _call(self, node: Call) -> Fn:
        fs = [self.compile(a) for a in node.args]
        name = node.name
        if name == "sum":

            def sum_(c, p, s):
                # A left fold, not fsum/sum(): the NumPy back-end adds columns the same way,
                # so both back-ends round identically.
                total = 0.0
                for f in fs:
                    total = total + f(c, p, s)
                return total

            return sum_
        if name == "min":
            return lambda c, p, s: min([f(c, p, s) for f in fs])
        if name == "max":
            return lambda c, p, s: max([f(c, p, s) for f in fs])
        a = fs[0]
        if name == "abs":
            return lambda c, p, s: abs(a(c, p, s))
        if name == "is_whole":
            return lambda c, p, s: (lambda v: v == math.floor(v))(a(c, p, s))
        b = fs[1]
        if name == "round":
            return lambda c, p, s: round_half_up(a(c, p, s), b(c, p, s))
        if name == "decade_shift":
            return lambda c, p, s: decade_shift(a(c, p, s), b(c, p, s))
        t = fs[2]  # approx(a, b, tol)
        return lambda c, p, s: approx_equal(a(c, p, s), b(c, p, s), t(c, p, s))


__all__ = ["compile_scalar", "decade_shift", "approx_equal", "round_half_up", "UNDECIDED", "EPS"]
