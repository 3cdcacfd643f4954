"""The pages of every permission matrix, opened over demo-like data: the world of the matrix
tests with real-looking people, a school's full data tables (from the demo generator), written
text, a case, a chart, and two slips a clerk makes so the validation pages have findings.
Used by the plain-language page walk and by the e2e screenshot gallery and accessibility run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from nianbao.core.tests.test_permission_matrix import MATRIX
from nianbao.demo.seeding import demo_values_load
from nianbao.indicators.models import DataValue
from nianbao.submissions.services import case_save, figure_chart_save, section_save
from nianbao.validation.services import report_validate

__all__ = ["EXEMPT_PREFIXES", "NAMES", "WRITING_DAY", "demo_like", "matrix_pages"]

# The REST API is for programs: its field names are its contract, and its browsable pages are
# for the developers who write those programs.
EXEMPT_PREFIXES = ("api:",)
# The test world's school deadline is 2026-01-05: the pages are seen while writing.
WRITING_DAY = dt.datetime(2025, 12, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# Demo-like people: the header shows their names on every page.
NAMES = {
    "province_admin": ("周明远", "zhoumingyuan"),
    "reviewer": ("陈思敏", "chensimin"),
    "city_admin": ("林海峰", "linhaifeng"),
    "other_city_admin": ("赵雪梅", "zhaoxuemei"),
    "school_editor": ("王晓燕", "wangxiaoyan"),
    "school_head": ("刘建国", "liujianguo"),
    "other_school_editor": ("孙丽华", "sunlihua"),
    "enterprise_editor": ("郑国强", "zhengguoqiang"),
    "other_enterprise_editor": ("何静", "hejing"),
    "no_role": ("马骏", "majun"),
}


def demo_like(world) -> None:
    for key, user in world.users.items():
        user.full_name, user.username = NAMES[key]
        user.save(update_fields=["full_name", "username"])
    demo_values_load(write_fixture=False)
    editor = world.users["school_editor"]
    part = "talent_cultivation"
    section_save(
        actor=editor,
        report=world.report,
        part_code=part,
        title="立德树人",
        body="学校坚持立德树人根本任务，2025年毕业生 3,286 人，就业率 95.2%。见[[fig:fig1]]。",
    )
    case_save(
        actor=editor,
        report=world.report,
        part_code=part,
        title="订单班培养智能制造人才",
        body="与青川智能装备有限公司共建订单班，毕业生留用率 82%。",
    )
    figure_chart_save(
        actor=editor,
        report=world.report,
        part_code=part,
        caption="近年毕业生人数",
        kind="bar",
        codes=["graduates", "graduates_placed"],
    )
    # Two slips a clerk makes, so the validation pages have findings to show.
    DataValue.objects.filter(report=world.report, code="graduates_placed").update(
        number=Decimal("9999")
    )
    DataValue.objects.filter(report=world.report, code="monthly_income").update(
        number=Decimal("35000")
    )
    for report in (world.report, world.other_report):
        report_validate(report=report)


def matrix_pages(world) -> list[tuple[str, str, frozenset]]:
    """(url name, URL, roles allowed) of every matrix page; URLs are built before `demo_like`
    because some matrix builders add their own items."""
    return [
        (url_name, reverse(url_name, kwargs=entry[0](world)), frozenset(entry[1]))
        for url_name, entry in sorted(MATRIX.items())
        if not url_name.startswith(EXEMPT_PREFIXES)
    ]
