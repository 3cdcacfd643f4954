"""Demo cases (演示案例): the hand-written cases of `cases.yaml` given to the school reports of
the open and the last closed cycle (0–3 a school, deterministic for a seed, a text used at most
once per city where the city has enough), and the few the provincial and first city bureaus
picked from the case library into their own reports."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from nianbao.accounts.models import User
from nianbao.aggregation.cases import case_library
from nianbao.aggregation.documents import bureau_report
from nianbao.aggregation.services import bureau_report_ensure
from nianbao.cycles.models import Cycle, ReportKind
from nianbao.organisations.models import Organisation
from nianbao.reports.models import Case, Report

__all__ = ["DemoCase", "demo_case_texts", "demo_cases_pick", "demo_cases_seed"]

CASES_FILE = Path(__file__).with_name("cases.yaml")
CASES_PER_SCHOOL = (0, 1, 2, 3)
WEIGHTS = (35, 38, 19, 8)  # most reports carry one case, some none, a few three
ORDER_AFTER_SECTIONS = 100  # the demo's own sections take the first places of each part
PICKS = {"province": 6, "city": 5}  # cases the bureaus picked, one per part in turn


@dataclass(frozen=True)
class DemoCase:
    level: str  # "higher" (高职, 职业本科) or "secondary" (中职)
    part: str
    title: str
    body: str
    fits: tuple[str, ...] = ()

    def fits_school(self, name: str) -> bool:
        return not self.fits or any(word in name for word in self.fits)

    def written_for(self, school: Organisation) -> tuple[str, str]:
        """(title, body) with the school's name and city in place."""
        parent = school.parent
        city = (parent.short_name or parent.name) if parent else ""
        body = self.body.replace("{school}", school.name).replace("{city}", city)
        return self.title, "\n\n".join(p.strip() for p in body.strip().split("\n\n"))


def demo_case_texts() -> list[DemoCase]:
    raw = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return [
        DemoCase(level, c["part"], c["title"], c["body"], tuple(c.get("fits", ())))
        for level in ("higher", "secondary")
        for c in raw[level]
    ]


def _choose(school: Organisation, texts: list[DemoCase], used: set[int], rng: random.Random):
    level = "secondary" if school.report_level == "secondary" else "higher"
    fitting = [i for i, t in enumerate(texts) if t.level == level and t.fits_school(school.name)]
    rng.shuffle(fitting)
    fitting.sort(key=lambda i: i in used)  # stable: unused in the city first, shuffled
    k = rng.choices(CASES_PER_SCHOOL, weights=WEIGHTS)[0]
    return fitting[:k]


def demo_cases_seed(*, seed: int, years: list[int], exclude_names=()) -> int:
    """Adds 0–3 demo cases to every school report owed in `years` (not to the schools in
    `exclude_names`, whose demo users write their own); returns how many cases were added."""
    texts = demo_case_texts()
    rng = random.Random(seed)
    reports = (
        Report.objects.filter(
            cycle__year__in=years,
            kind=ReportKind.SCHOOL,
            organisation__kind="school",
            organisation__must_file_report=True,
        )
        .exclude(organisation__name__in=exclude_names)
        .select_related("organisation__parent", "cycle")
        .order_by("cycle__year", "organisation__path")
    )
    parts = {year: {p.code for p in Cycle.objects.get(year=year).framework.parts("school")}
             for year in years}  # fmt: skip
    cases: list[Case] = []
    used: dict[tuple[int, int | None], set[int]] = {}
    for report in reports:
        school = report.organisation
        in_city = used.setdefault((report.cycle.year, school.parent_id), set())
        for n, i in enumerate(_choose(school, texts, in_city, rng), start=1):
            text = texts[i]
            if text.part not in parts[report.cycle.year]:
                continue
            in_city.add(i)
            title, body = text.written_for(school)
            cases.append(
                Case(report=report, part_code=text.part, order=ORDER_AFTER_SECTIONS + n,
                     key=f"case{n}", title=title, body=body)
            )  # fmt: skip
    Case.objects.bulk_create(cases)
    return len(cases)


def demo_cases_pick(*, year: int) -> int:
    """The provincial bureau (its report is started as the province admin would) and the first city's
    bureau pick a few cases from their case library into their own reports, as `case_pick`
    does (titled with the school's name), one framework part each, 高职 and 中职 in turn;
    returns how many were picked. Written directly: the demo's cycle may be past its deadline."""
    cycle = Cycle.objects.get(year=year)
    bureaus = [
        Organisation.objects.get(kind="province"),
        Organisation.objects.filter(kind="city").order_by("path").first(),
    ]
    picked: list[Case] = []
    for bureau in bureaus:
        report = bureau_report(bureau, cycle)
        if report is None and bureau.kind == "province":  # the province starts writing its own
            admin = User.objects.get(username="sheng_admin")
            report = bureau_report_ensure(actor=admin, organisation=bureau, cycle=cycle)
        if report is None:
            continue
        parts: list[str] = []
        titles: set[str] = set()
        for case in case_library(bureau, cycle):
            if len(parts) == PICKS[bureau.kind]:
                break
            school = case.report.organisation
            level = "secondary" if school.report_level == "secondary" else "higher"
            wanted = ("higher", "secondary")[len(parts) % 2]
            if case.part_code in parts or case.title in titles or level != wanted:
                continue
            parts.append(case.part_code)
            titles.add(case.title)
            picked.append(
                Case(report=report, part_code=case.part_code, order=ORDER_AFTER_SECTIONS,
                     key=f"case{len(parts)}", title=f"{school.name}：{case.title}"[:120],
                     body=case.body)
            )  # fmt: skip
    Case.objects.bulk_create(picked)
    return len(picked)
