import pytest

from nianbao.indicators.models import DataValue, Evidence
from nianbao.rankings.definitions import load_definitions
from nianbao.reports.models import Report
from nianbao.testing import make_org

EDITION = "2023-demo"  # 12 candidates, 前10


def _values(i: int) -> dict[str, float]:
    """School i's 育人成效 values: better with i, school 0 the weakest; denominators included."""
    base = {
        "graduates": 1000,
        "full_time_students": 4000,
        "graduates_placed": 850 + 10 * i,
        "monthly_income": 4000 + 100 * i,
        "in_province_placement_rate": 60 + 2 * i,
        "three_year_promotion_rate": 20 + i,
        "self_employment_rate": 1 + 0.2 * i,
        "skill_certificate_holders": 800 + 50 * i,
        "physical_test_pass_rate": 88 + i,
        "student_satisfaction": 90 + 0.5 * i,
        "graduate_satisfaction": 91 + 0.5 * i,
        "employer_satisfaction": 92 + 0.5 * i,
        "parent_satisfaction": 93 + 0.5 * i,
    }
    return base


@pytest.fixture
def ranked(world):
    """The world's two 高职 reports plus six more schools, all submitted with 育人成效 data and
    佐证材料 for 职业技能等级证书 (except the first extra school)."""
    reports = [world.report, world.other_report]
    for n in range(6):
        school = make_org(
            "school", f"10309{n:02d}", f"示范职业技术学院{n + 1}", world.city, level="higher"
        )
        reports.append(
            Report.objects.create(
                cycle=world.cycle, organisation=school, kind="school", title=f"{school.name}年报"
            )
        )
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(status="submitted")
    for i, report in enumerate(reports):
        DataValue.objects.bulk_create(
            DataValue(report=report, code=code, number=value) for code, value in _values(i).items()
        )
        if i != 2:
            Evidence.objects.create(
                report=report,
                code="skill_certificate_holders",
                file="evidence/x.pdf",
                original_name="证书名单.pdf",
                content_type="application/pdf",
                size=10,
            )
    world.ranked_reports = reports
    world.definitions = load_definitions(EDITION)
    return world
