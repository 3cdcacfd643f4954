"""Report titles in the format the notices prescribe."""

from nianbao.cycles.models import ReportKind
from nianbao.organisations.choices import SchoolLevel


def report_title(*, kind: str, organisation, year: int, compiling_school=None) -> str:
    """《（学校全称）高等职业教育质量年度报告（2025）》 and its siblings, without the 《》."""
    if kind == ReportKind.SCHOOL:
        stage = "中等" if organisation.level == SchoolLevel.SECONDARY else "高等"
        return f"{organisation.name}{stage}职业教育质量年度报告（{year}）"
    if kind == ReportKind.CITY:
        city = organisation.short_name or organisation.name.removesuffix("教育局")
        return f"{city}中等职业教育质量年度报告（{year}）"
    if kind == ReportKind.ENTERPRISE:
        secondary = compiling_school is not None and compiling_school.level == SchoolLevel.SECONDARY
        stage = "中等" if secondary else "高等"
        return f"{organisation.name}参与{stage}职业教育人才培养年度报告（{year}）"
    province = organisation.short_name or organisation.name.removesuffix("教育厅")
    return f"{province}职业教育质量年度报告（{year}）"
