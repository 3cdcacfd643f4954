import datetime as dt

import pytest

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.cycles.services import cycle_open
from nianbao.testing import make_org

DEADLINES = {
    "school": dt.date(2027, 1, 5),
    "city": dt.date(2027, 1, 12),
    "enterprise": dt.date(2027, 1, 5),
}


def test_opening_creates_one_report_per_filing_school_and_per_city(world):
    exempt = make_org(
        "school",
        "2010009",
        "附设中职班学校",
        world.city,
        level="secondary",
        must_file_report=False,
        exemption_reason="attached_class",
    )
    cycle = cycle_open(
        actor=world.users["province_admin"],
        year=2026,
        framework_edition="2025",
        indicator_edition="2023",
        deadlines=DEADLINES,
    )
    kinds = {(r.organisation.code, r.kind) for r in cycle.reports.select_related("organisation")}
    assert kinds == {
        ("1010101", "school"),
        ("2010001", "school"),
        ("1020101", "school"),
        ("990100", "city"),
        ("990200", "city"),
    }
    assert not cycle.reports.filter(organisation=exempt).exists()
    assert (cycle.data_period_start, cycle.data_period_end) == (
        dt.date(2025, 9, 1),
        dt.date(2026, 8, 31),
    )
    assert cycle.deadline_for("city") == dt.date(2027, 1, 12)
    titles = set(cycle.reports.values_list("title", flat=True))
    assert "青川职业技术学院高等职业教育质量年度报告（2026）" in titles
    assert "青川市城关职业中学中等职业教育质量年度报告（2026）" in titles
    assert "青川市中等职业教育质量年度报告（2026）" in titles
    assert AuditEvent.objects.filter(action="cycle.open").exists()


def test_a_year_can_be_opened_only_once(world):
    with pytest.raises(ApplicationError, match="已经存在"):
        cycle_open(
            actor=world.users["province_admin"],
            year=2025,
            framework_edition="2025",
            indicator_edition="2023",
            deadlines=DEADLINES,
        )


def test_unknown_framework_edition_is_refused_with_available_editions(world):
    with pytest.raises(ApplicationError, match="可用版本"):
        cycle_open(
            actor=world.users["province_admin"],
            year=2026,
            framework_edition="1999",
            indicator_edition="2023",
            deadlines=DEADLINES,
        )


def test_deadline_before_end_of_data_period_is_refused(world):
    with pytest.raises(ApplicationError, match="截止日期须晚于"):
        cycle_open(
            actor=world.users["province_admin"],
            year=2026,
            framework_edition="2025",
            indicator_edition="2023",
            deadlines={**DEADLINES, "school": dt.date(2026, 7, 1)},
        )


def test_framework_editions_load_their_required_parts():
    from nianbao.cycles.frameworks import load_framework

    assert [p.name for p in load_framework("2025").parts("school")] == [
        "人才培养",
        "服务贡献",
        "文化传承",
        "国际合作",
        "产教融合",
        "发展保障",
        "面临挑战",
    ]
    assert [p.name for p in load_framework("2020").parts("school")][:2] == ["学生发展", "教学改革"]
    assert load_framework("2025").parts("enterprise")[0].name == "企业概况"
