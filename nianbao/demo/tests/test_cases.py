"""Demo cases (演示案例): hand-written cases in the demo's school reports, tagged to the
framework's parts, free of the checker's findings, and picked by a bureau into its report."""

import datetime as dt

import pytest

from nianbao.aggregation.cases import case_library
from nianbao.checker import check_bytes
from nianbao.cycles.frameworks import load_framework
from nianbao.cycles.models import Cycle, CycleStatus
from nianbao.demo.cases import demo_case_texts
from nianbao.demo.province import build_demo_province
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Case, Report
from nianbao.reports.text import CASE_MAX_CHARS, count_chars

SCHOOLS = {"higher": "青川工业职业技术学院", "secondary": "青川市城关职业中等专业学校"}


def _as_markdown(cases: list[tuple[str, str]]) -> bytes:
    """The cases as a report prints them: 案例 n-m and its title, then the paragraphs."""
    lines = ["# 4 人才培养", ""]
    for n, (title, body) in enumerate(cases, start=1):
        lines += [f"案例 4-{n} {title}", "", body, ""]
    return "\n".join(lines).encode()


def _findings(cases: list[tuple[str, str]]) -> list:
    findings = check_bytes(_as_markdown(cases), "cases.md", framework="none")
    return [f for f in findings if f.severity in ("error", "warning")]


def test_demo_case_texts_are_distinct_short_and_in_the_framework_parts():
    texts = demo_case_texts()
    assert 25 <= len(texts) <= 40
    assert len({t.title for t in texts}) == len(texts)
    parts = {p.code for p in load_framework("2025").parts("school")}
    assert {t.part for t in texts} <= parts and len({t.part for t in texts}) >= 6
    assert {t.level for t in texts} == {"higher", "secondary"}
    for text in texts:
        assert count_chars(text.body) <= CASE_MAX_CHARS, text.title


@pytest.mark.parametrize("level", ["higher", "secondary"])
def test_the_checker_finds_nothing_in_the_demo_case_texts(level):
    school = Organisation(name=SCHOOLS[level], parent=Organisation(short_name="青川市"))
    cases = [t.written_for(school) for t in demo_case_texts() if t.level == level]
    assert _findings(cases) == []


def test_the_checker_would_find_a_wrong_share_in_a_case():
    school = Organisation(name=SCHOOLS["secondary"], parent=Organisation(short_name="青川市"))
    title, body = next(t for t in demo_case_texts() if "61.2%" in t.body).written_for(school)
    assert _findings([(title, body.replace("61.2%", "66.2%"))])


@pytest.mark.slow
def test_the_demo_province_case_library_is_full_and_a_bureau_picked_from_it(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    build_demo_province(seed=2025, today=dt.date(2025, 11, 1))
    province = Organisation.objects.get(kind="province")
    cycle = Cycle.objects.get(status=CycleStatus.OPEN)
    library = list(case_library(province, cycle))
    assert len(library) > 100
    assert {c.report.organisation.level for c in library} >= {"higher", "secondary"}
    parts = {p.code for p in cycle.framework.parts("school")}
    assert {c.part_code for c in library} == parts - {"challenges"}
    per_school = Case.objects.filter(report__kind="school", report__cycle=cycle)
    assert max(r.cases.count() for r in Report.objects.filter(cases__in=per_school)) <= 3
    assert all(c.report.organisation.name in c.body and "{" not in c.body for c in library)
    assert _findings([(c.title, c.body) for c in library[:40]]) == []
    closed = case_library(province, Cycle.objects.get(year=cycle.year - 1))
    assert closed.exists()
    # Submitted reports carry their cases in the frozen snapshot.
    submitted = next(c for c in library if c.report.status == "submitted")
    frozen = submitted.report.snapshots.get().text["cases"]
    assert submitted.title in [c["title"] for c in frozen]
    # The first city's bureau picked cases (different parts) into its own report.
    picked = Case.objects.filter(
        report__kind="city", report__organisation__code="990100", report__cycle=cycle
    )
    assert 4 <= picked.count() <= 6
    assert len({c.part_code for c in picked}) == picked.count()
    assert all("：" in c.title for c in picked)
