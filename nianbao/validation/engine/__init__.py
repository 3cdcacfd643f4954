"""Validation rule engine (数据校验引擎), pure Python: no Django, no ORM.

Rules live in `catalog/rules/<edition>/<level>.yaml` next to the indicator catalog and are written
in a small expression language that is parsed (never `eval`-ed) and compiled to closures.

Public API::

    from nianbao.validation import engine

    ruleset = engine.load_ruleset("2023", "higher")          # cached; bound to its catalog
    peers = engine.compute_peer_stats(catalog, values_by_school)   # median / MAD / n per code
    findings = engine.validate(catalog, ruleset, values,
                               prev_values=last_year, peers=peers)  # list[Finding]
    many = engine.validate_many(catalog, ruleset, values_by_school,
                                prev_by_school=..., peers=peers)    # {school: [Finding]}

- `values` is one school's flat `dict[code, Decimal | str | None]` (all six tables); blanks are
  `None` or absent.
- `Finding(rule_id, kind, severity, message, indicators, numbers)` is frozen; `to_dict()` gives
  JSON-ready data. `message` is Chinese with the actual numbers and units; `indicators` are the
  codes to show it next to; `numbers` maps each placeholder to its formatted value. Rules that
  expand per indicator (generated structural rules, `for_each`) have ids `<rule id>/<code>`,
  e.g. `H-HI/graduates_further_study`, so an explanation can target one indicator.
- `Severity.ERROR / WARNING / INFO`.
- `load_ruleset_file(path, catalog)` / `load_ruleset_text(text, catalog)` load any file;
  `RuleFileError` is raised with a Chinese message naming file, line (and column).
- `run_cases(ruleset)` runs every truth-table case (both back-ends) and returns the failures.
- `engine.vectorised.validate_many_vectorised(...)` evaluates the same rules column-wise with
  NumPy (needs numpy and pandas; used as a cross-check and in the benchmark).

Expression language: indicator codes, numbers, `prev(code)`, `peer_median(code)`,
`peer_mad(code)`, `peer_n(code)`; `+ - * /`; `< <= > >= == !=`; `a == b ± 0.5` (absolute) or
`a == b ± 1%` (relative; `+-` also works); `and`, `or`, `not`; functions `sum`, `min`, `max`,
`abs`, `round(x, n)` (half up), `approx(a, b, tol)`, `is_whole(x)`, `decade_shift(x, ref)`
(k when x ≈ 10^k·ref for 2 ≤ |k| ≤ 4, else 0).

Missing-value strategies (`missing:`): `skip_if_any_missing` (default), `skip_if_all_missing`
and `treat_missing_as_zero` (blanks read as 0), `never_skip` (a rule that cannot be decided —
blank operand or division by zero — counts as failed). A division by zero otherwise skips.
"""

from .cases import CaseFailure, run_cases
from .findings import Finding, Severity
from .loader import RuleFileError, load_ruleset, load_ruleset_file, load_ruleset_text
from .parser import ExpressionError, parse
from .peers import PeerStats, compute_peer_stats
from .rules import KINDS, RuleDef, RuleInstance, RuleSet
from .runner import CompiledRuleSet, compile_ruleset, validate, validate_many

__all__ = [
    "KINDS",
    "CaseFailure",
    "CompiledRuleSet",
    "ExpressionError",
    "Finding",
    "PeerStats",
    "RuleDef",
    "RuleFileError",
    "RuleInstance",
    "RuleSet",
    "Severity",
    "compile_ruleset",
    "compute_peer_stats",
    "load_ruleset",
    "load_ruleset_file",
    "load_ruleset_text",
    "parse",
    "run_cases",
    "validate",
    "validate_many",
]
