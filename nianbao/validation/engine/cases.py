"""Truth tables (真值表): every rule in a rules file carries cases — inputs and the expected
outcome — and `run_cases` checks them all, on both back-ends when NumPy is available."""

from __future__ import annotations

from dataclasses import dataclass

from .peers import PeerStats
from .rules import Case, RuleDef, RuleSet
from .runner import CompiledRule, compile_ruleset


@dataclass(frozen=True, slots=True)
class CaseFailure:
    rule_id: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.rule_id}（第 {self.line} 行的用例）：{self.problem}"


def run_cases(ruleset: RuleSet, *, vectorised: bool = True) -> list[CaseFailure]:
    """All truth-table cases of `ruleset`; an empty list means every case holds."""
    compiled = compile_ruleset(ruleset.catalog, ruleset)
    failures: list[CaseFailure] = []
    for definition in ruleset.definitions:
        if not definition.cases:
            failures.append(CaseFailure(definition.id, definition.line, "没有用例"))
        for case in definition.cases:
            failures.extend(_run_case(compiled, definition, case, vectorised))
    return failures


def _run_case(compiled, definition: RuleDef, case: Case, vectorised: bool) -> list[CaseFailure]:
    inst = definition.instance_for(case.target)
    if inst is None:
        return [CaseFailure(definition.id, case.line, f"没有适用于 {case.target} 的规则实例")]
    rule = CompiledRule(inst)
    cur, prev = compiled.floats(case.values), compiled.floats(case.prev)
    peers = PeerStats.from_mapping(case.peers)
    got = rule.outcome(cur, prev, peers)
    out = []
    if got != case.expect:
        out.append(CaseFailure(inst.rule_id, case.line, f"期望 {case.expect}，实际 {got}"))
    if got == "fail" and case.numbers:
        numbers = rule.finding(cur, prev, peers).numbers
        for key, want in case.numbers.items():
            if numbers.get(key) != want:
                out.append(
                    CaseFailure(
                        inst.rule_id, case.line, f"{key} 应显示为 {want}，实际 {numbers.get(key)}"
                    )
                )
    if vectorised:
        from .vectorised import outcome_vectorised

        vgot = outcome_vectorised(inst, cur, prev, peers)
        if vgot != got:
            out.append(
                CaseFailure(inst.rule_id, case.line, f"向量化结果 {vgot} 与逐校结果 {got} 不一致")
            )
    return out
