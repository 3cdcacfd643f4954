"""The expression language: parsing, errors with positions, and evaluation semantics on both
back-ends (scalar closures and NumPy columns)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from nianbao.validation.engine import ExpressionError, PeerStats, parse
from nianbao.validation.engine.scalar import UNDECIDED, compile_scalar, decade_shift
from nianbao.validation.engine.syntax import Compare, Ref, refs
from nianbao.validation.engine.vectorised import Frame, compile_vector


def scalar(expr: str, cur: dict, prev: dict | None = None, peers=None, zero=False):
    fn = compile_scalar(parse(expr), zero_fill=zero)
    try:
        return fn(cur, prev or {}, peers or PeerStats())
    except UNDECIDED:
        return None


def vector(expr: str, cur: dict, prev: dict | None = None, peers=None, zero=False):
    fn = compile_vector(parse(expr), zero_fill=zero)
    frame = Frame(
        {k: np.array([v]) for k, v in cur.items()},
        {k: np.array([v]) for k, v in (prev or {}).items()},
        peers or PeerStats(),
        1,
    )
    out = float(np.asarray(fn(frame))[0])
    return None if np.isnan(out) else out


SEMANTICS = [
    # (expression, current values, expected: True/False/number/None = undecided)
    ("a <= b", {"a": 1, "b": 2}, True),
    ("a <= b", {"a": 3, "b": 2}, False),
    ("a <= b", {"a": 3}, None),
    ("a / b > 1", {"a": 3, "b": 0}, None),
    ("a == b ± 0.5", {"a": 10.4, "b": 10}, True),
    ("a == b ± 0.5", {"a": 10.6, "b": 10}, False),
    ("a == b +- 1%", {"a": 101, "b": 100}, True),
    ("a == b ± 1%", {"a": 102, "b": 100}, False),
    ("a != b", {"a": 0.1 + 0.2, "b": 0.3}, False),
    ("sum(a, b, c) == 6", {"a": 1, "b": 2, "c": 3}, True),
    ("max(a, b) - min(a, b)", {"a": 7, "b": 2}, 5),
    ("round(a, 1)", {"a": 2.25}, 2.3),
    ("abs(-a)", {"a": 4}, 4),
    ("is_whole(a)", {"a": 3.0}, True),
    ("is_whole(a)", {"a": 3.5}, False),
    ("approx(a, b, 0.1)", {"a": 1.05, "b": 1}, True),
    ("not a > 1", {"a": 2}, False),
    # Kleene logic: a decisive side wins even if the other is undecided.
    ("a > 1 or b > 1", {"a": 2}, True),
    ("a > 1 or b > 1", {"a": 0}, None),
    ("a > 1 and b > 1", {"a": 0}, False),
    ("a > 1 and b > 1", {"a": 2}, None),
    ("b > 1 and a > 1", {"a": 0}, False),
    ("-a + 2 * 3", {"a": 1}, 5),
    ("(a + 2) * 3", {"a": 1}, 9),
    ("a - b - c", {"a": 10, "b": 3, "c": 2}, 5),
    ("a / b / c", {"a": 12, "b": 3, "c": 2}, 2),
    ("decade_shift(a, b)", {"a": 12000, "b": 1.2}, 4),
    ("decade_shift(a, b)", {"a": 0.0012, "b": 12}, -4),
    ("decade_shift(a, b)", {"a": 50, "b": 12}, 0),
]


@pytest.mark.parametrize(("expr", "cur", "expected"), SEMANTICS)
def test_expression_evaluates_the_same_on_both_backends(expr, cur, expected):
    got = scalar(expr, {k: float(v) for k, v in cur.items()})
    assert got == (pytest.approx(expected) if isinstance(expected, float) else expected)
    vgot = vector(expr, {k: float(v) for k, v in cur.items()})
    assert vgot == (None if expected is None else pytest.approx(float(expected)))


def test_previous_and_peer_values_are_read_from_their_own_sources():
    peers = PeerStats(median={"a": 10.0}, mad={"a": 2.0}, n={"a": 30.0})
    expr = "a - prev(a) + peer_median(a) + peer_mad(a) + peer_n(a)"
    assert scalar(expr, {"a": 5.0}, {"a": 1.0}, peers) == 46
    assert vector(expr, {"a": 5.0}, {"a": 1.0}, peers) == 46


def test_zero_fill_reads_blank_values_as_zero():
    assert scalar("a + b", {"a": 2.0}, zero=True) == 2
    assert vector("a + b", {"a": 2.0}, zero=True) == 2
    assert scalar("a + b", {"a": 2.0}) is None


def test_random_expressions_agree_between_backends():
    rng = random.Random(7)
    exprs = [
        "a + b * c <= d",
        "a / b == c / d ± 0.5",
        "a > b or c / d > 1",
        "not (a < b and c > d)",
        "abs(a - b) <= 0.3 * max(c, d)",
        "decade_shift(a, b) == 0",
        "round(a / b, 2) == round(c / d, 2)",
    ]
    for expr in exprs:
        for _ in range(200):
            cur = {
                k: rng.choice([0.0, 1.0, rng.uniform(-5, 5), rng.uniform(0, 1e4)])
                for k in "abcd"
                if rng.random() > 0.15
            }
            got = scalar(expr, cur)
            vgot = vector(expr, cur)
            expected = None if got is None else float(got)
            assert vgot == expected, (expr, cur)


def test_parser_builds_references_and_tolerances():
    node = parse("rate == a / b * 100 ± 0.5")
    assert isinstance(node, Compare) and node.tol is not None and not node.relative
    assert [(r.source, r.code) for r in refs(parse("x + prev(x) + peer_median(y)"))] == [
        ("cur", "x"),
        ("prev", "x"),
        ("peer_median", "y"),
    ]
    assert parse("graduates") == Ref("cur", "graduates", 0)


@pytest.mark.parametrize(
    ("text", "pos", "fragment"),
    [
        ("a <= ", 5, "表达式结尾"),
        ("a <= b <= c", 7, "比较不能连写"),
        ("a + ", 4, "表达式结尾"),
        ("foo(a)", 0, "未知函数"),
        ("a ± 1", 2, "多余"),
        ("a < b ± 1", 6, "容差"),
        ("a @ b", 2, "无法识别"),
        ("prev(1)", 5, "指标代码"),
        ("a and b", 0, "比较或逻辑"),
        ("(a > 1) + 2", 3, "需要数值"),
        ("round(a)", 0, "2 个参数"),
        ("", 0, "为空"),
    ],
)
def test_malformed_expression_is_refused_with_the_column(text, pos, fragment):
    with pytest.raises(ExpressionError) as exc:
        parse(text)
    assert exc.value.pos == pos
    assert fragment in exc.value.message


def test_parser_never_evaluates_python():
    with pytest.raises(ExpressionError):
        parse("__import__('os').system('true')")


def test_decade_shift_recognises_only_slips_of_two_to_four_orders():
    assert decade_shift(3429.07 * 10_000, 3429.07) == 4
    assert decade_shift(95.3 * 100, 95.3) == 2
    assert decade_shift(95.3 * 10, 95.3) == 0
    assert decade_shift(95.3 * 10**5, 95.3) == 0
    assert decade_shift(-5, 5) == 0
