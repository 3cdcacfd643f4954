"""The shipped rule sets: every truth table holds, every rule kind of the issue is used, and on
the demo province every planted error is found by a rule of the matching kind while clean
schools get no error-level finding."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from nianbao.indicators.catalog import load_catalog
from nianbao.validation.engine import (
    KINDS,
    Severity,
    compute_peer_stats,
    load_ruleset,
    run_cases,
    validate_many,
)
from nianbao.validation.engine.loader import RULES_DIR

RULE_FILES = sorted(RULES_DIR.glob("*/*.yaml"))
EDITIONS_LEVELS = [(p.parent.name, p.stem) for p in RULE_FILES]

# Planted demo error kind -> the rule kind that must catch it.
PLANTED_TO_RULE_KIND = {
    "unit_slip": "magnitude_slip",
    "child_exceeds_parent": "hierarchy",
    "sum_mismatch": "exhaustive_sum",
    "percent_out_of_range": "type_range",
    "ratio_mismatch": "ratio_recompute",
}


def test_there_are_rule_files_for_both_2023_levels():
    assert {("2023", "higher"), ("2023", "secondary")} <= set(EDITIONS_LEVELS)


@pytest.mark.parametrize(("edition", "level"), EDITIONS_LEVELS)
def test_every_truth_table_case_holds(edition, level):
    ruleset = load_ruleset(edition, level)
    failures = run_cases(ruleset)
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize(("edition", "level"), EDITIONS_LEVELS)
def test_every_rule_and_generated_kind_carries_cases(edition, level):
    ruleset = load_ruleset(edition, level)
    assert all(d.cases for d in ruleset.definitions)
    assert {d.kind for d in ruleset.definitions if d.generated} == {
        "type_range",
        "hierarchy",
        "exhaustive_sum",
    }


@pytest.mark.parametrize(("edition", "level"), EDITIONS_LEVELS)
def test_rule_ids_are_unique_and_every_kind_is_used(edition, level):
    ruleset = load_ruleset(edition, level)
    ids = [r.rule_id for r in ruleset.rules]
    assert len(ids) == len(set(ids))
    used = {r.kind for r in ruleset.rules}
    assert set(KINDS) - {"custom"} <= used


@pytest.mark.parametrize(("edition", "level"), EDITIONS_LEVELS)
def test_every_numeric_indicator_has_a_type_and_range_rule(edition, level):
    catalog = load_catalog(edition, level)
    ruleset = load_ruleset(edition, level)
    covered = {r.target for r in ruleset.rules if r.kind == "type_range"}
    numeric = {c for c, s in catalog.indicators.items() if s.value_type not in ("text", "choice")}
    assert numeric <= covered


def _demo_available() -> bool:
    return importlib.util.find_spec("nianbao.demo.values") is not None


@pytest.fixture(scope="module")
def demo():
    if not _demo_available():
        pytest.skip("nianbao.demo.values is not there yet")
    from nianbao.demo.values import DemoSchool, generate_demo_dataset

    sizes = _sizes(50, 270)
    schools = [DemoSchool(f"H{i:03d}", "higher", s) for i, s in enumerate(sizes[:50])]
    schools += [DemoSchool(f"S{i:03d}", "secondary", s) for i, s in enumerate(sizes[50:])]
    dataset = generate_demo_dataset(schools, seed=2025)
    levels = {s.code: s.level for s in schools}
    findings = {}
    for level in ("higher", "secondary"):
        catalog = load_catalog("2023", level)
        ruleset = load_ruleset("2023", level)
        current = {k: v for k, v in dataset.current.items() if levels[k] == level}
        peers = compute_peer_stats(catalog, current)
        findings |= validate_many(
            catalog, ruleset, current, prev_by_school=dataset.previous, peers=peers
        )
    return dataset, findings


def _sizes(n_higher: int, n_secondary: int) -> list[float]:
    from nianbao.demo import values as demo_values

    helper = getattr(demo_values, "demo_school_sizes", None)
    if helper is not None:
        return list(helper(n_higher, n_secondary, 2025))
    import random

    rng = random.Random(2025)
    return [rng.lognormvariate(0, 0.5) for _ in range(n_higher + n_secondary)]


def test_every_planted_demo_error_is_found_by_a_rule_of_its_kind(demo):
    dataset, findings = demo
    assert dataset.planted, "the demo dataset plants no errors"
    missed = []
    for planted in dataset.planted:
        want = PLANTED_TO_RULE_KIND[planted.kind]
        hits = [
            f
            for f in findings[planted.school_code]
            if f.kind == want and set(f.indicators) & set(planted.indicator_codes)
        ]
        if not hits:
            missed.append((planted, [f.rule_id for f in findings[planted.school_code]]))
    assert not missed, "\n".join(
        f"{p.school_code} {p.kind} {p.indicator_codes}: {got}" for p, got in missed
    )


def test_clean_demo_schools_have_no_error_level_finding(demo):
    dataset, findings = demo
    planted_schools = {p.school_code for p in dataset.planted}
    errors = [
        (school, f.rule_id, f.message)
        for school, found in findings.items()
        if school not in planted_schools
        for f in found
        if f.severity == Severity.ERROR
    ]
    assert not errors, errors[:10]


def test_clean_demo_schools_raise_few_warnings(demo):
    """Warnings must be worth a reviewer's time: on clean data they stay rare."""
    dataset, findings = demo
    planted_schools = {p.school_code for p in dataset.planted}
    clean = [s for s in findings if s not in planted_schools]
    warnings = Counter(
        f.rule_id.split("/")[0]
        for s in clean
        for f in findings[s]
        if f.severity == Severity.WARNING
    )
    assert sum(warnings.values()) <= len(clean) * 0.2, warnings.most_common(5)
