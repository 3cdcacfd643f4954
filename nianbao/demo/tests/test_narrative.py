"""A school's report text written from its values: numbers, growth words, missing data."""

from decimal import Decimal

from nianbao.cycles.frameworks import load_framework
from nianbao.demo.narrative import Chart, Section, Table, school_report_items
from nianbao.indicators.catalog import load_catalog

CATALOG = load_catalog("2023", "higher")


def _text(items) -> str:
    return "\n".join(i.body for i in items if isinstance(i, Section))


def test_numbers_and_changes_come_from_this_year_and_the_last():
    now = {
        "full_time_students": Decimal(11000),
        "dual_qualified_teacher_rate": Decimal("61.25"),
        "senior_title_teacher_rate": Decimal("30"),
    }
    before = {
        "full_time_students": Decimal(10000),
        "dual_qualified_teacher_rate": Decimal("60"),
        "senior_title_teacher_rate": Decimal("30"),
    }
    text = _text(school_report_items(catalog=CATALOG, now=now, before=before, year=2025))
    assert "全日制在校生 11,000 人，比上年增长 10.00%" in text
    assert "双师素质专任教师比例 61.25%，比上年提高 1.25 个百分点" in text
    assert "高级专业技术职务专任教师比例 30.00%，与上年持平" in text


def test_a_sentence_whose_data_is_missing_is_left_out():
    now = {"graduates": Decimal(500), "graduates_placed": Decimal(450)}
    items = school_report_items(catalog=CATALOG, now=now, before={}, year=2025)
    text = _text(items)
    assert "月收入" not in text and "None" not in text and "—" not in text
    assert "比上年" not in text  # no previous year, no change
    assert "占毕业生人数的 90.00%" not in text  # its sentence also needs 升学人数
    assert not [i for i in items if isinstance(i, Table | Chart)]  # nothing to draw from


def test_every_part_gets_a_section_and_zero_results_are_not_reported():
    now = {code: Decimal(0) for code in CATALOG.indicators if CATALOG.indicators[code].is_numeric}
    now |= {"student_satisfaction": Decimal("90.5"), "student_teacher_ratio": Decimal("21.3")}
    items = school_report_items(catalog=CATALOG, now=now, before={}, year=2025)
    parts = [p.code for p in load_framework("2025").parts("school")]
    assert {i.part for i in items if isinstance(i, Section)} == set(parts)
    text = _text(items)
    assert "国外留学生" in text and "起步阶段" in text  # said as what was not done
    assert "接收国外留学生 0" not in text and "专利授权 0" not in text
    assert "生师比为 21.30:1" in text  # a challenge found in the data
