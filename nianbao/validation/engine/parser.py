"""Tokenizer and recursive-descent parser for rule expressions. Text is parsed, never `eval`-ed.

Grammar (lowest precedence first)::

    expr    := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (CMP sum (('±' | '+-') sum '%'?)?)?
    sum     := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := '-' unary | primary
    primary := NUMBER | CODE | NAME '(' args ')' | '(' expr ')'

`prev(code)`, `peer_median(code)`, `peer_mad(code)` and `peer_n(code)` take an indicator code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .syntax import (
    FUNCTIONS,
    REF_SOURCES,
    BinOp,
    Call,
    Compare,
    Logic,
    Neg,
    Node,
    Not,
    Num,
    Ref,
    is_boolean,
)


class ExpressionError(ValueError):
    """A malformed expression; `pos` is the 0-based column of the offending token."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # num, name, op, end
    text: str
    pos: int


_TOKEN_RE = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\+-|<=|>=|==|!=|[-+*/(),<>%±]))"
)
_KEYWORDS = {"and", "or", "not"}
_COMPARISONS = {"<", "<=", ">", ">=", "==", "!="}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN_RE.match(text, pos)
        if not m:
            col = pos + len(text[pos:]) - len(text[pos:].lstrip())
            raise ExpressionError(f"无法识别的字符“{text[col]}”", col)
        kind = m.lastgroup or "op"
        tokens.append(Token(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def parse(text: str) -> Node:
    """Parse `text` into an AST or raise `ExpressionError` with a Chinese message."""
    return _Parser(tokenize(text)).parse_all()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.tok
        return tok.text == text and tok.kind in ("op", "name")

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise ExpressionError(f"此处应为“{text}”，实际为{_describe(self.tok)}", self.tok.pos)
        return self.take()

    def parse_all(self) -> Node:
        if self.tok.kind == "end":
            raise ExpressionError("表达式为空", 0)
        node = self.parse_or()
        if self.tok.kind != "end":
            raise ExpressionError(f"多余的{_describe(self.tok)}", self.tok.pos)
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.at("or"):
            pos = self.take().pos
            node = Logic("or", self._boolean(node), self._boolean(self.parse_and()), pos)
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.at("and"):
            pos = self.take().pos
            node = Logic("and", self._boolean(node), self._boolean(self.parse_not()), pos)
        return node

    def parse_not(self) -> Node:
        if self.at("not"):
            pos = self.take().pos
            return Not(self._boolean(self.parse_not()), pos)
        return self.parse_compare()

    def parse_compare(self) -> Node:
        left = self.parse_sum()
        tok = self.tok
        if tok.kind != "op" or tok.text not in _COMPARISONS:
            return left
        self.take()
        right = self.parse_sum()
        tol, relative = None, False
        if self.at("±") or self.at("+-"):
            if tok.text not in ("==", "!="):
                raise ExpressionError("容差（±）只能用于 == 或 !=", self.tok.pos)
            self.take()
            tol = self.parse_sum()
            if self.at("%"):
                self.take()
                relative = True
        node = Compare(tok.text, self._number(left), self._number(right), tol, relative, tok.pos)
        nxt = self.tok
        if nxt.kind == "op" and nxt.text in _COMPARISONS:
            raise ExpressionError("比较不能连写，请用 and 连接", nxt.pos)
        return node

    def parse_sum(self) -> Node:
        node = self.parse_term()
        while self.at("+") or self.at("-"):
            tok = self.take()
            node = BinOp(tok.text, self._number(node), self._number(self.parse_term()), tok.pos)
        return node

    def parse_term(self) -> Node:
        node = self.parse_unary()
        while self.at("*") or self.at("/"):
            tok = self.take()
            node = BinOp(tok.text, self._number(node), self._number(self.parse_unary()), tok.pos)
        return node

    def parse_unary(self) -> Node:
        if self.at("-"):
            pos = self.take().pos
            return Neg(self._number(self.parse_unary()), pos)
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Num(float(tok.text), tok.pos)
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            self.take()
            if not self.at("("):
                return Ref("cur", tok.text, tok.pos)
            self.take()
            if tok.text in REF_SOURCES:
                arg = self.tok
                if arg.kind != "name" or arg.text in _KEYWORDS:
                    raise ExpressionError(f"{tok.text}(...) 的参数应为指标代码", arg.pos)
                self.take()
                self.expect(")")
                return Ref(tok.text, arg.text, tok.pos)
            if tok.text not in FUNCTIONS:
                raise ExpressionError(f"未知函数“{tok.text}”", tok.pos)
            args = [self.parse_or()]
            while self.at(","):
                self.take()
                args.append(self.parse_or())
            self.expect(")")
            arity = FUNCTIONS[tok.text]
            if arity is not None and len(args) != arity:
                raise ExpressionError(
                    f"函数 {tok.text} 需要 {arity} 个参数，给出了 {len(args)} 个", tok.pos
                )
            for a in args:
                self._number(a)
            return Call(tok.text, tuple(args), tok.pos)
        if self.at("("):
            self.take()
            node = self.parse_or()
            self.expect(")")
            return node
        raise ExpressionError(f"此处应为数值、指标代码或括号，实际为{_describe(tok)}", tok.pos)

    @staticmethod
    def _number(node: Node) -> Node:
        if is_boolean(node):
            raise ExpressionError("此处需要数值，不能是比较或逻辑表达式", node.pos)
        return node

    @staticmethod
    def _boolean(node: Node) -> Node:
        if not is_boolean(node):
            raise ExpressionError("此处需要比较或逻辑表达式，不能是数值", node.pos)
        return node


def _describe(tok: Token) -> str:
    return "表达式结尾" if tok.kind == "end" else f"“{tok.text}”"
