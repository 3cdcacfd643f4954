"""Benchmark of the validation engine (数据校验).

Prints: one school's six tables; the demo province (50 高职 + 270 中职, with previous-cycle values
and peer statistics); a synthetic 10,000-school nation (demo schools replicated with noise); and
the same rule sets evaluated column-wise with NumPy/pandas over all schools at once, with the
ratio engine/vectorised. Both paths start from the same `{school: {code: Decimal}}` input and
must produce the same findings. Targets: province < 0.5 s, nation < 15 s, ratio ≤ 3.

Run: python bench/bench_validation.py [--nation 10000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nianbao.demo.values import DemoSchool, generate_demo_dataset  # noqa: E402
from nianbao.indicators.catalog import load_catalog  # noqa: E402
from nianbao.validation.engine import (  # noqa: E402
    compile_ruleset,
    compute_peer_stats,
    load_ruleset,
    validate,
    validate_many,
)
from nianbao.validation.engine.vectorised import (  # noqa: E402
    peer_stats_vectorised,
    to_columns,
    validate_many_vectorised,
)

LEVELS = ("higher", "secondary")
SCALED_TYPES = ("amount", "decimal", "percent", "ratio")


def demo_province(seed: int = 2025):
    rng = random.Random(seed)
    schools = [DemoSchool(f"H{i:03d}", "higher", rng.lognormvariate(0, 0.45)) for i in range(50)]
    schools += [
        DemoSchool(f"S{i:03d}", "secondary", rng.lognormvariate(0, 0.55)) for i in range(270)
    ]
    dataset = generate_demo_dataset(schools, seed=seed)
    by_level = {lv: {} for lv in LEVELS}
    prev = {lv: {} for lv in LEVELS}
    for s in schools:
        by_level[s.level][s.code] = dataset.current[s.code]
        prev[s.level][s.code] = dataset.previous.get(s.code, {})
    return by_level, prev


def nation(by_level, prev, n_schools: int, seed: int = 7):
    """Replicate demo schools to `n_schools` (same level mix), scaling money, rates and other
    measured values of each copy by one factor in 0.95–1.05 (counts stay exact so sums hold)."""
    rng = random.Random(seed)
    total = sum(len(v) for v in by_level.values())
    out = {lv: {} for lv in LEVELS}
    out_prev = {lv: {} for lv in LEVELS}
    for lv in LEVELS:
        catalog = load_catalog("2023", lv)
        scaled = {c for c, s in catalog.indicators.items() if s.value_type in SCALED_TYPES}
        percent = {c for c, s in catalog.indicators.items() if s.value_type == "percent"}
        sources = list(by_level[lv].items())
        for i in range(round(n_schools * len(sources) / total)):
            code, values = sources[i % len(sources)]
            f = Decimal(str(round(rng.uniform(0.95, 1.05), 3)))
            copy = {}
            for k, v in values.items():
                if k in scaled and isinstance(v, Decimal):
                    v = (v * f).quantize(Decimal("0.01"))
                    if k in percent and v > 100 and values[k] <= 100:
                        v = Decimal(100)
                copy[k] = v
            out[lv][f"{code}-{i}"] = copy
            out_prev[lv][f"{code}-{i}"] = prev[lv][code]
    return out, out_prev


def engine_run(by_level, prev):
    findings = {}
    for lv in LEVELS:
        catalog, ruleset = load_catalog("2023", lv), load_ruleset("2023", lv)
        peers = compute_peer_stats(catalog, by_level[lv])
        findings |= validate_many(
            catalog, ruleset, by_level[lv], prev_by_school=prev[lv], peers=peers
        )
    return findings


def vector_run(by_level, prev):
    findings = {}
    for lv in LEVELS:
        catalog, ruleset = load_catalog("2023", lv), load_ruleset("2023", lv)
        numeric = compile_ruleset(catalog, ruleset).numeric
        peers = peer_stats_vectorised(to_columns(numeric, by_level[lv]))
        findings |= validate_many_vectorised(
            catalog, ruleset, by_level[lv], prev_by_school=prev[lv], peers=peers
        )
    return findings


def timed(fn, *args, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, result


def count(findings) -> int:
    return sum(len(v) for v in findings.values())


def main() -> None:
    parser = argparse.ArgumentParser(description="校验引擎基准测试")
    parser.add_argument("--nation", type=int, default=10_000, help="全国模拟学校数")
    args = parser.parse_args()

    t0 = time.perf_counter()
    for lv in LEVELS:  # load and compile once, outside the timings
        compile_ruleset(load_catalog("2023", lv), load_ruleset("2023", lv))
    print(f"加载并编译规则集（两个层次）：{time.perf_counter() - t0:.3f} s")
    for lv in LEVELS:
        rs = load_ruleset("2023", lv)
        print(f"  {lv}: {len(rs.definitions)} 条规则定义，展开为 {len(rs.rules)} 条规则实例")

    by_level, prev = demo_province()
    n_province = sum(len(v) for v in by_level.values())

    catalog, ruleset = load_catalog("2023", "higher"), load_ruleset("2023", "higher")
    code, values = next(iter(by_level["higher"].items()))
    peers = compute_peer_stats(catalog, by_level["higher"])
    t, found = timed(
        lambda: validate(catalog, ruleset, values, prev_values=prev["higher"][code], peers=peers),
        repeat=50,
    )
    print(f"单校六张表：{t * 1000:.2f} ms（{len(found)} 条结果）")

    t_prov, f_prov = timed(engine_run, by_level, prev, repeat=3)
    tv_prov, fv_prov = timed(vector_run, by_level, prev, repeat=3)
    assert count(f_prov) == count(fv_prov) and f_prov == fv_prov
    print(
        f"示范省 {n_province} 所（含上年值与同类统计）：引擎 {t_prov:.3f} s，"
        f"向量化 {tv_prov:.3f} s，比值 {t_prov / tv_prov:.2f}，结果 {count(f_prov)} 条（目标 < 0.5 s）"
    )

    nat, nat_prev = nation(by_level, prev, args.nation)
    n_nat = sum(len(v) for v in nat.values())
    t_nat, f_nat = timed(engine_run, nat, nat_prev)
    tv_nat, fv_nat = timed(vector_run, nat, nat_prev)
    assert count(f_nat) == count(fv_nat), (count(f_nat), count(fv_nat))
    print(
        f"全国模拟 {n_nat} 所：引擎 {t_nat:.2f} s，向量化 {tv_nat:.2f} s，"
        f"比值 引擎/向量化 = {t_nat / tv_nat:.2f}，结果 {count(f_nat)} 条（目标 < 15 s，比值 ≤ 3）"
    )


if __name__ == "__main__":
    main()
