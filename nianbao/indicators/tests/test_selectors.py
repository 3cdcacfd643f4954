from decimal import Decimal as D

import pytest

from nianbao.indicators.models import DataValue
from nianbao.indicators.selectors import report_values, values_for_reports

pytestmark = pytest.mark.django_db

# Whole numbers, four places, rounding edges, large amounts, negatives; text and blank cells.
STORED = {
    "a": {"number": D(90)},
    "b": {"number": D("87.5")},
    "c": {"number": D("0.1235")},
    "d": {"number": D("12345678.9012")},
    "e": {"number": D("1234567890123.4567")},
    "f": {"number": D("-3.0001")},
    "g": {"number": D(0)},
    "h": {"text": "网络问卷调查"},
    "i": {"text": '含"引号"与\\反斜杠'},
    "j": {"text": ""},
    "k": {"number": D("99.99"), "text": "忽略的文本"},
}


def store(report, cells):
    DataValue.objects.bulk_create(
        DataValue(report=report, code=code, **fields) for code, fields in cells.items()
    )


def orm_read(report):
    """What the ORM reads, row by row: the values `values_for_reports` must equal exactly."""
    return {v.code: v.value for v in DataValue.objects.filter(report=report)}


def test_values_equal_what_the_orm_reads_to_the_last_decimal_place(world):
    store(world.report, STORED)
    store(world.other_report, {"a": {"number": D("87.5")}, "z": {"text": "访谈"}})

    values = values_for_reports([world.report, world.other_report.pk])

    for report in (world.report, world.other_report):
        expected = orm_read(report)
        assert values[report.pk] == expected
        # Same exponent too (Decimal("90") == Decimal("90.0000") would hide a difference).
        assert {c: repr(v) for c, v in values[report.pk].items()} == {
            c: repr(v) for c, v in expected.items()
        }
    assert values[world.report.pk]["j"] is None
    assert values[world.report.pk]["k"] == D("99.99")


def test_report_without_values_is_absent_and_no_reports_read_nothing(world):
    store(world.report, {"a": {"number": D(1)}})

    assert values_for_reports([world.report, world.other_report]).keys() == {world.report.pk}
    assert values_for_reports([]) == {}
    assert report_values(world.other_report) == {}
