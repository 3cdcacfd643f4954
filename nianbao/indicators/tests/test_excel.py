import io
import random
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from nianbao.indicators.excel_layout import FIRST_ROW, META_SHEET, sheet_title
from nianbao.indicators.models import ChangeSource, DataValueChange
from nianbao.indicators.selectors import report_values, table_versions
from nianbao.indicators.services import data_values_save
from nianbao.indicators.uploads import workbook_apply, workbook_check, workbook_for_report

pytestmark = pytest.mark.django_db


def random_value(spec, rng: random.Random) -> str:
    vt = spec.value_type
    if vt == "choice":
        return rng.choice(spec.choices)
    if vt == "text":
        return rng.choice(["线上线下结合", "含“双高”建设 & <专项>", "A/B 两校区"])
    if vt == "count":
        return str(rng.randint(0, 500_000))
    if vt == "percent":
        return str(Decimal(rng.randint(0, 10000)) / 100)
    if vt == "amount":
        return str(Decimal(rng.randint(0, 10**13)) / 10000)
    return str(Decimal(rng.randint(0, 10**6)) / 100)


def fill_all(world, catalog, seed: int, *, notes: bool = True):
    rng = random.Random(seed)
    for table in catalog.tables:
        values = {s.code: random_value(s, rng) for s in table.indicators if rng.random() > 0.1}
        note_map = (
            {s.code: f"备注{rng.randint(1, 9)}" for s in table.indicators[:3]} if notes else {}
        )
        data_values_save(
            actor=world.users["school_editor"],
            report=world.report,
            table_code=table.code,
            values=values,
            notes=note_map,
            base_version=table_versions(world.report).get(table.code, 0),
        )


def edit(content: bytes, change) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws, code: str) -> int:
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, 1).value == code:
            return r
    raise AssertionError(code)


def set_value(table_title_code: str, code: str, value):
    def change(wb):
        ws = next(wb[n] for n in wb.sheetnames if n.startswith(table_title_code))
        ws.cell(row_of(ws, code), 5, value)

    return change


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_download_then_upload_unchanged_changes_nothing(world, catalog, seed):
    fill_all(world, catalog, seed)
    before_values = report_values(world.report)
    before_versions = table_versions(world.report)
    before_changes = DataValueChange.objects.count()
    content = workbook_for_report(world.report)
    check = workbook_check(report=world.report, content=content)
    assert check.problems == []
    assert check.changes == []
    assert (
        workbook_apply(actor=world.users["school_editor"], report=world.report, content=content)
        == []
    )
    assert report_values(world.report) == before_values
    assert table_versions(world.report) == before_versions
    assert DataValueChange.objects.count() == before_changes


def test_workbook_has_every_table_locked_with_units_and_hidden_codes(world, catalog):
    wb = load_workbook(io.BytesIO(workbook_for_report(world.report)))
    assert wb.sheetnames[0] == "填表说明"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    for table in catalog.tables:
        ws = wb[sheet_title(table)]
        assert ws.protection.sheet
        assert ws.column_dimensions["A"].hidden
        rows = list(ws.iter_rows(min_row=FIRST_ROW, values_only=True))
        assert [r[0] for r in rows] == [s.code for s in table.indicators]
        assert [r[3] or "" for r in rows] == [s.unit for s in table.indicators]
        assert not ws.cell(FIRST_ROW, 5).protection.locked
        assert ws.cell(FIRST_ROW, 3).protection.locked
        assert ws.data_validations.dataValidation


def test_count_cells_validate_whole_numbers_and_percent_cells_0_to_100(world, catalog):
    wb = load_workbook(io.BytesIO(workbook_for_report(world.report)))
    ws = wb[sheet_title(catalog.table("scorecard"))]
    kinds = {
        (dv.type, dv.operator, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }
    assert ("whole", "greaterThanOrEqual", "0", None) in kinds
    assert ("decimal", "between", "0", "100") in kinds


def test_edited_workbook_is_applied_with_excel_as_the_source(world, catalog):
    content = edit(workbook_for_report(world.report), set_value("附表1", "graduates", 1234))
    check = workbook_check(report=world.report, content=content)
    assert check.ok
    assert [(c.code, c.old, c.new) for c in check.changes] == [("graduates", "", "1234")]
    workbook_apply(actor=world.users["school_editor"], report=world.report, content=content)
    assert report_values(world.report)["graduates"] == Decimal("1234")
    assert DataValueChange.objects.get(code="graduates").source == ChangeSource.EXCEL


@pytest.mark.parametrize(
    ("code", "raw", "fragment"),
    [
        ("graduates", "很多", "graduates"),
        ("graduates", "120人", "graduates"),
        ("graduates", "无", "graduates"),
        ("graduates", "/", "graduates"),
        ("graduates", -5, "graduates"),
        ("in_province_placement_rate", 120, "in_province_placement_rate"),
        ("monthly_income", "3.5万元", "monthly_income"),
    ],
)
def test_bad_cells_are_reported_by_sheet_row_and_indicator(world, catalog, code, raw, fragment):
    content = edit(workbook_for_report(world.report), set_value("附表1", code, raw))
    check = workbook_check(report=world.report, content=content)
    assert len(check.problems) == 1
    problem = check.problems[0]
    assert problem.sheet == sheet_title(catalog.table("scorecard"))
    assert problem.code == fragment
    assert problem.row == FIRST_ROW + [s.code for s in catalog.table("scorecard").indicators].index(
        code
    )
    assert problem.indicator == catalog.indicators[code].name


def test_all_problems_of_a_file_are_reported_together_and_nothing_is_saved(world):
    def change(wb):
        set_value("附表1", "graduates", "无")(wb)
        set_value("附表1", "graduates_placed", "12 人")(wb)
        set_value("附表3", "student_teacher_ratio", "高")(wb)

    content = edit(workbook_for_report(world.report), change)
    check = workbook_check(report=world.report, content=content)
    assert {p.code for p in check.problems} == {
        "graduates",
        "graduates_placed",
        "student_teacher_ratio",
    }
    with pytest.raises(Exception, match="未保存"):
        workbook_apply(actor=world.users["school_editor"], report=world.report, content=content)
    assert report_values(world.report) == {}


def test_added_row_is_reported(world, catalog):
    def change(wb):
        ws = wb[sheet_title(catalog.table("scorecard"))]
        last = ws.max_row + 1
        ws.cell(last, 3, "自己加的指标")
        ws.cell(last, 5, 12)

    check = workbook_check(
        report=world.report, content=edit(workbook_for_report(world.report), change)
    )
    assert len(check.problems) == 1 and "新增" in check.problems[0].message


def test_deleted_row_is_reported_by_indicator(world, catalog):
    def change(wb):
        wb[sheet_title(catalog.table("scorecard"))].delete_rows(FIRST_ROW + 1)

    check = workbook_check(
        report=world.report, content=edit(workbook_for_report(world.report), change)
    )
    removed = catalog.table("scorecard").indicators[1]
    assert [(p.code, "删除" in p.message) for p in check.problems] == [(removed.code, True)]


def test_formula_is_refused(world):
    content = edit(workbook_for_report(world.report), set_value("附表1", "graduates", "=100+20"))
    check = workbook_check(report=world.report, content=content)
    assert any("公式" in p.message and p.row for p in check.problems)


def test_merged_cells_are_refused(world, catalog):
    def change(wb):
        wb[sheet_title(catalog.table("scorecard"))].merge_cells("E4:E5")

    check = workbook_check(
        report=world.report, content=edit(workbook_for_report(world.report), change)
    )
    assert any("合并单元格" in p.message for p in check.problems)


def test_another_schools_workbook_is_refused(world):
    content = workbook_for_report(world.other_report)
    check = workbook_check(report=world.report, content=content)
    assert len(check.problems) == 1
    assert world.other_school.code in check.problems[0].message


def test_upload_after_someone_else_saved_the_table_is_refused(world):
    content = edit(workbook_for_report(world.report), set_value("附表1", "graduates", 10))
    data_values_save(
        actor=world.users["school_head"],
        report=world.report,
        table_code="scorecard",
        values={"graduates": "20"},
        base_version=0,
    )
    check = workbook_check(report=world.report, content=content)
    assert any("已被修改" in p.message for p in check.problems)
    assert report_values(world.report)["graduates"] == Decimal("20")


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def test_not_an_xlsx_is_refused(world):
    for content in (
        b"just text",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        _zip({"a.txt": b"x"}),
    ):
        check = workbook_check(report=world.report, content=content)
        assert len(check.problems) == 1 and check.problems[0].sheet == "文件"


def test_zip_bomb_is_refused_before_inflating(world):
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"0" * (30 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200_000
    check = workbook_check(report=world.report, content=bomb)
    assert "压缩炸弹" in check.problems[0].message


def test_hundred_thousand_rows_are_refused(world, catalog):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(catalog.table("scorecard")))
    for i in range(100_000):
        ws.append(["graduates", i, "指标", "人", i])
    out = io.BytesIO()
    wb.save(out)
    check = workbook_check(report=world.report, content=out.getvalue())
    assert len(check.problems) == 1
    assert "行" in check.problems[0].message


def test_corrupt_workbook_is_refused_cleanly(world):
    content = _zip({"[Content_Types].xml": b"<not xml", "xl/workbook.xml": b"<<<"})
    check = workbook_check(report=world.report, content=content)
    assert check.problems[0].sheet == "文件"
