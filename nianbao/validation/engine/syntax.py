"""AST of the rule expression language (校验规则表达式).

Nodes are small frozen dataclasses; `pos` is the 0-based column in the source text so errors
can point at it. Both back-ends (scalar closures and NumPy columns) walk the same tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# Where a reference reads its value from.
CUR = "cur"
PREV = "prev"
PEER_MEDIAN = "peer_median"
PEER_MAD = "peer_mad"
PEER_N = "peer_n"
REF_SOURCES = (CUR, PREV, PEER_MEDIAN, PEER_MAD, PEER_N)


@dataclass(frozen=True, slots=True)
class Num:
    value: float
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Ref:
    """An indicator value: this cycle's, the previous cycle's, or a peer statistic."""

    source: str
    code: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str  # + - * /
    left: Node
    right: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Compare:
    """`left op right`, optionally with a tolerance for == and != (`a == b ± 0.5`, `± 1%`)."""

    op: str  # < <= > >= == !=
    left: Node
    right: Node
    tol: Node | None = None
    relative: bool = False
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Logic:
    op: str  # and / or
    left: Node
    right: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int = 0


Node = Num | Ref | Neg | BinOp | Compare | Logic | Not | Call

# Functions the language knows, with their arity (None = one or more).
FUNCTIONS: dict[str, int | None] = {
    "sum": None,
    "min": None,
    "max": None,
    "abs": 1,
    "round": 2,
    "approx": 3,
    "is_whole": 1,
    "decade_shift": 2,
}
BOOLEAN_FUNCTIONS = frozenset({"approx", "is_whole"})


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg | Not):
        return (node.operand,)
    if isinstance(node, BinOp | Logic):
        return (node.left, node.right)
    if isinstance(node, Compare):
        return (node.left, node.right) + ((node.tol,) if node.tol is not None else ())
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Node) -> Iterator[Node]:
    yield node
    for child in children(node):
        yield from walk(child)


def refs(node: Node) -> list[Ref]:
    """Every reference in the tree, in source order, without duplicates."""
    seen: dict[tuple[str, str], Ref] = {}
    for n in walk(node):
        if isinstance(n, Ref):
            seen.setdefault((n.source, n.code), n)
    return list(seen.values())


def is_boolean(node: Node) -> bool:
    return isinstance(node, Compare | Logic | Not) or (
        isinstance(node, Call) and node.name in BOOLEAN_FUNCTIONS
    )
