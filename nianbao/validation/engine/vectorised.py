"""NumPy back-end (向量化校验): the same rule ASTs evaluated column-wise over all schools at once.

Used to cross-check the scalar engine (truth tables run on both) and as the benchmark's
reference. Values are float arrays with NaN for blank or undefined; booleans are 1.0 / 0.0 / NaN,
so three-valued logic and the missing-value strategies match `scalar` exactly. Imports NumPy
and pandas lazily: the scalar engine does not need them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .findings import Finding
from .peers import EMPTY, PeerStats, stats_from_columns
from .rules import NEVER_SKIP, SKIP_IF_ALL_MISSING, SKIP_IF_ANY_MISSING, TREAT_MISSING_AS_ZERO
from .runner import CompiledRule, compile_ruleset
from .scalar import EPS
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
    refs,
)

NAN = np.nan


class Frame:
    """Columns of current and previous values (one row per school) plus peer statistics."""

    def __init__(self, cur: dict, prev: dict, peers: PeerStats, n: int) -> None:
        self.cur, self.prev, self.peers, self.n = cur, prev, peers, n
        self._empty = np.full(n, NAN)

    def column(self, source: str, code: str, zero_fill: bool):
        cols = self.cur if source == CUR else self.prev
        col = cols.get(code, self._empty)
        return np.nan_to_num(col, nan=0.0) if zero_fill else col


VFn = Callable[[Frame], Any]


def compile_vector(node: Node, *, zero_fill: bool = False) -> VFn:
    return _Compiler(zero_fill).compile(node)


def _undef(*arrays):
    mask = np.isnan(arrays[0])
    for a in arrays[1:]:
        mask = mask | np.isnan(a)
    return mask


def _bool(cond, *operands):
    return np.where(_undef(*operands), NAN, cond.astype(float))


class _Compiler:
    def __init__(self, zero_fill: bool) -> None:
        self.zero_fill = zero_fill

    def compile(self, node: Node) -> VFn:
        return getattr(self, "_" + type(node).__name__.lower())(node)

    def _num(self, node: Num) -> VFn:
        v = node.value
        return lambda f: np.full(f.n, v)

    def _ref(self, node: Ref) -> VFn:
        code, source, zero = node.code, node.source, self.zero_fill
        if source in (CUR, PREV):
            return lambda f: f.column(source, code, zero)
        attr = {PEER_MEDIAN: "median", PEER_MAD: "mad"}.get(source, "n")
        return lambda f: np.full(f.n, getattr(f.peers, attr).get(code, NAN))

    def _neg(self, node: Neg) -> VFn:
        g = self.compile(node.operand)
        return lambda f: -g(f)

    def _binop(self, node: BinOp) -> VFn:
        lg, rg, op = self.compile(node.left), self.compile(node.right), node.op
        if op == "+":
            return lambda f: lg(f) + rg(f)
        if op == "-":
            return lambda f: lg(f) - rg(f)
        if op == "*":
            return lambda f: lg(f) * rg(f)

        def div(f):
            a, b = lg(f), rg(f)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(b == 0, NAN, a / b)

        return div

    def _compare(self, node: Compare) -> VFn:
        lg, rg, op = self.compile(node.left), self.compile(node.right), node.op
        if node.tol is not None or op in ("==", "!="):
            tg = self.compile(node.tol) if node.tol is not None else (lambda f: np.zeros(f.n))
            rel = node.relative

            def eq(f):
                a, b, t = lg(f), rg(f), tg(f)
                ok = _approx(a, b, t, rel)
                return _bool(ok if op == "==" else ~ok, a, b, t)

            return eq
        cmp = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op]

        def compare(f):
            a, b = lg(f), rg(f)
            with np.errstate(invalid="ignore"):
                return _bool(cmp(a, b), a, b)

        return compare

    def _logic(self, node: Logic) -> VFn:
        lg, rg = self.compile(node.left), self.compile(node.right)
        decisive = 0.0 if node.op == "and" else 1.0

        def logic(f):
            a, b = lg(f), rg(f)
            undecided = np.where(_undef(a, b), NAN, 1.0 - decisive)
            return np.where((a == decisive) | (b == decisive), decisive, undecided)

        return logic

    def _not(self, node: Not) -> VFn:
        g = self.compile(node.operand)
        return lambda f: 1.0 - g(f)

    def _call(self, node: Call) -> VFn:
        gs = [self.compile(a) for a in node.args]
        name = node.name
        if name == "sum":

            def sum_(f):
                total = 0.0
                for g in gs:
                    total = total + g(f)
                return total

            return sum_
        if name in ("min", "max"):
            fold = np.minimum if name == "min" else np.maximum

            def minmax(f):
                out = gs[0](f)
                for g in gs[1:]:
                    out = fold(out, g(f))
                return out

            return minmax
        a = gs[0]
        if name == "abs":
            return lambda f: np.abs(a(f))
        if name == "is_whole":
            return lambda f: (lambda v: _bool(v == np.floor(v), v))(a(f))
        b = gs[1]
        if name == "round":
            return lambda f: (lambda x, n: np.floor(x * 10.0**n + 0.5) / 10.0**n)(a(f), b(f))
        if name == "decade_shift":
            return lambda f: _decade_shift(a(f), b(f))
        t = gs[2]
        return lambda f: (lambda x, y, z: _bool(_approx(x, y, z, False), x, y, z))(a(f), b(f), t(f))


def _approx(a, b, t, relative: bool):
    scale = np.maximum(np.abs(a), np.abs(b))
    limit = t * scale / 100.0 if relative else t
    with np.errstate(invalid="ignore"):
        return np.abs(a - b) <= limit + EPS * np.maximum(scale, 1.0)


def _decade_shift(x, ref):
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(ref == 0, NAN, x / ref)
        lg = np.log10(np.where(r > 0, r, 1.0))
    k = np.floor(lg + 0.5)
    hit = (np.abs(k) >= 2) & (np.abs(k) <= 4) & (np.abs(lg - k) <= 0.35) & (r > 0)
    return np.where(np.isnan(r), NAN, np.where(hit, k, 0.0))


class VectorRule:
    """A rule instance compiled to columns, with the same missing-value handling as the scalar
    engine: returns the row indices where the rule fails."""

    def __init__(self, rule: CompiledRule) -> None:
        inst = rule.inst
        self.rule = rule
        self.strategy = inst.missing
        zero = inst.missing in (TREAT_MISSING_AS_ZERO, SKIP_IF_ALL_MISSING)
        self.fn = compile_vector(inst.node, zero_fill=zero)
        operands = refs(inst.node)
        self.operands = [(r.source, r.code) for r in operands if r.source in (CUR, PREV)]
        shown = [r for p, _ in rule.placeholders for r in refs(p.node)]
        self.codes = {(r.source, r.code) for r in [*operands, *shown] if r.source in (CUR, PREV)}

    def evaluate(self, frame: Frame) -> tuple[np.ndarray, np.ndarray]:
        """Boolean masks (fails, skipped) over the rows of `frame`."""
        result = self.fn(frame)
        undecided = np.isnan(result)
        if self.strategy == NEVER_SKIP:
            return (result == 0) | undecided, np.zeros(frame.n, dtype=bool)
        applicable = np.ones(frame.n, dtype=bool)
        if self.operands and self.strategy in (SKIP_IF_ANY_MISSING, SKIP_IF_ALL_MISSING):
            present = [~np.isnan(frame.column(s, c, False)) for s, c in self.operands]
            applicable = present[0]
            for p in present[1:]:
                applicable = (
                    (applicable & p) if self.strategy == SKIP_IF_ANY_MISSING else (applicable | p)
                )
        elif self.strategy == SKIP_IF_ALL_MISSING:
            applicable = np.zeros(frame.n, dtype=bool)
        fails = applicable & (result == 0)
        return fails, ~fails & (~applicable | undecided)

    def failing_rows(self, frame: Frame) -> np.ndarray:
        return np.flatnonzero(self.evaluate(frame)[0])

    def finding(self, frame: Frame, row: int) -> Finding:
        cur: dict[str, float] = {}
        prev: dict[str, float] = {}
        for source, code in self.codes:
            col = (frame.cur if source == CUR else frame.prev).get(code)
            if col is not None and not np.isnan(col[row]):
                (cur if source == CUR else prev)[code] = float(col[row])
        return self.rule.finding(cur, prev, frame.peers)


def outcome_vectorised(inst, cur: dict, prev: dict, peers: PeerStats) -> str:
    """`pass`/`fail`/`skip` of one rule for one school's float values (truth-table parity)."""
    rule = VectorRule(CompiledRule(inst))
    frame = Frame(
        {k: np.array([v]) for k, v in cur.items()},
        {k: np.array([v]) for k, v in prev.items()},
        peers,
        1,
    )
    fails, skipped = rule.evaluate(frame)
    return "fail" if fails[0] else "skip" if skipped[0] else "pass"


def to_columns(codes, values_by_school: Mapping[str, Mapping[str, Any]] | list) -> dict:
    """Float columns (NaN for blank) for the given codes, built with pandas."""
    import pandas as pd

    rows = (
        list(values_by_school.values())
        if isinstance(values_by_school, Mapping)
        else values_by_school
    )
    frame = pd.DataFrame.from_records(rows, columns=list(codes))
    return {c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float) for c in codes}


def peer_stats_vectorised(columns: dict) -> PeerStats:
    """Median, MAD and n per column with NumPy (same numbers as `compute_peer_stats`)."""
    stats = PeerStats()
    for code, col in columns.items():
        col = col[~np.isnan(col)]
        if not len(col):
            continue
        med = float(np.median(col))
        stats.median[code] = med
        stats.mad[code] = float(np.median(np.abs(col - med)))
        stats.n[code] = float(len(col))
    return stats


def validate_many_vectorised(
    catalog: Any,
    ruleset: Any,
    values_by_school: Mapping[str, Mapping[str, Any]],
    *,
    prev_by_school: Mapping[str, Mapping[str, Any]] | None = None,
    peers: PeerStats | None = None,
) -> dict[str, list[Finding]]:
    """Same findings as `validate_many`, rule by rule over all schools at once (numeric rules
    only: unreadable text in numeric cells is the scalar engine's job)."""
    compiled = compile_ruleset(catalog, ruleset)
    schools = list(values_by_school)
    prev_by_school = prev_by_school or {}
    cur = to_columns(compiled.numeric, values_by_school)
    prev = to_columns(compiled.numeric, [prev_by_school.get(s) or {} for s in schools])
    frame = Frame(cur, prev, peers or EMPTY, len(schools))
    out: dict[str, list[Finding]] = {s: [] for s in schools}
    for rule in _vector_rules(compiled):
        for row in rule.failing_rows(frame):
            out[schools[row]].append(rule.finding(frame, int(row)))
    return out


def _vector_rules(compiled) -> list[VectorRule]:
    cached = getattr(compiled, "_vector_rules", None)
    if cached is None:
        cached = [VectorRule(r) for r in compiled.rules]
        compiled._vector_rules = cached
    return cached


__all__ = [
    "Frame",
    "compile_vector",
    "outcome_vectorised",
    "peer_stats_vectorised",
    "stats_from_columns",
    "to_columns",
    "validate_many_vectorised",
]
