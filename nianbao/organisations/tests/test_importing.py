import io

import pytest
from openpyxl import Workbook

from nianbao.core.exceptions import ApplicationError
from nianbao.core.models import AuditEvent
from nianbao.organisations.importing import organisations_import
from nianbao.organisations.models import Organisation

HEADER = (
    "机构代码,全称,类型,上级代码,简称,办学层次,举办性质,隶属关系,官方网站,须编制年报,不编制原因"
)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_dry_run_lists_every_bad_row_with_row_and_column_and_changes_nothing(world):
    before = Organisation.objects.count()
    content = csv_bytes(
        "1030101,新建职业技术学院,学校,990100,,高职,公办,省属,https://x.edu.cn,是,",  # fine
        ",缺代码学校,学校,990100,,中职,公办,市属,,是,",  # row 3: code missing
        "1030102,层次错误学院,学校,990100,,大专,公办,省属,,是,",  # row 4: bad level
        "1030103,上级不存在学院,学校,999999,,高职,公办,省属,,是,",  # row 5: unknown parent
        "1030104,免报无原因学校,学校,990100,,中职,公办,市属,,否,",  # row 6: exemption without reason
        "1030101,重复代码学院,学校,990100,,高职,公办,省属,,是,",  # row 7: duplicate of row 2
        "1030105,上级类型错学校,学校,990000,,高职,公办,省属,,是,",  # row 8: parent is the province
        "1030106,网址错误学院,学校,990100,,高职,公办,省属,www.x.cn,是,",  # row 9: bad URL
    )
    result = organisations_import(
        actor=world.users["province_admin"], content=content, filename="orgs.csv"
    )
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "机构代码"),
        (4, "办学层次"),
        (5, "上级代码"),
        (6, "不编制原因"),
        (7, "机构代码"),
        (8, "上级代码"),
        (9, "官方网站"),
    }
    assert all(e.message for e in result.errors)
    assert not result.applied
    assert Organisation.objects.count() == before


def test_file_with_one_bad_row_is_not_applied_even_when_confirmed(world):
    content = csv_bytes(
        "1030101,新建职业技术学院,学校,990100,,高职,公办,省属,,是,",
        "1030102,坏行,学校,990100,,大专,公办,省属,,是,",
    )
    result = organisations_import(
        actor=world.users["province_admin"], content=content, filename="orgs.csv", dry_run=False
    )
    assert not result.applied
    assert not Organisation.objects.filter(code="1030101").exists()


def test_clean_xlsx_creates_parents_before_children_and_updates_existing(world):
    content = xlsx_bytes(
        [
            [
                "1030101",
                "新建职业技术学院",
                "学校",
                "990300",
                "",
                "高职",
                "公办",
                "省属",
                "",
                "是",
                "",
            ],
            ["990300", "石门市教育局", "市", "990000", "石门市", "", "", "", "", "是", ""],
            [
                "1010101",
                "青川职业技术学院（更名）",
                "学校",
                "990100",
                "",
                "高职",
                "公办",
                "省属",
                "",
                "是",
                "",
            ],
        ]
    )
    dry = organisations_import(
        actor=world.users["province_admin"], content=content, filename="orgs.xlsx"
    )
    assert dry.ok and not dry.applied
    result = organisations_import(
        actor=world.users["province_admin"], content=content, filename="orgs.xlsx", dry_run=False
    )
    assert result.applied and (result.created, result.updated) == (2, 1)
    school = Organisation.objects.get(code="1030101")
    assert school.parent.code == "990300" and school.path.startswith(world.province.path)
    assert Organisation.objects.get(code="1010101").name == "青川职业技术学院（更名）"
    assert AuditEvent.objects.filter(action="organisation.import").count() == 1


@pytest.mark.parametrize(
    "content, filename",
    [(b"PK\x03\x04 not really a zip", "orgs.xlsx"), (b"\x00\x01binary", "orgs.pdf")],
)
def test_unreadable_files_are_refused_with_a_chinese_message(world, content, filename):
    with pytest.raises(ApplicationError) as exc:
        organisations_import(
            actor=world.users["province_admin"], content=content, filename=filename
        )
    assert "文件" in exc.value.message


def test_missing_required_column_is_reported_on_the_header_row(world):
    result = organisations_import(
        actor=world.users["province_admin"],
        content="全称,类型\n某学校,学校\n".encode(),
        filename="o.csv",
    )
    assert [(e.row, e.column) for e in result.errors] == [(1, "机构代码")]


def test_gbk_encoded_csv_is_read(world):
    content = (HEADER + "\n1030101,新建职业技术学院,学校,990100,,高职,公办,省属,,是,\n").encode(
        "gb18030"
    )
    result = organisations_import(
        actor=world.users["province_admin"], content=content, filename="orgs.csv"
    )
    assert result.ok and result.rows[0]["name"] == "新建职业技术学院"


def test_only_province_admin_may_import(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organisations_import(actor=world.users["city_admin"], content=csv_bytes(), filename="o.csv")


def test_old_xls_saved_under_an_xlsx_name_is_refused_with_advice(world):
    with pytest.raises(ApplicationError, match="另存为 .xlsx"):
        organisations_import(
            actor=world.users["province_admin"],
            content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            filename="orgs.xlsx",
        )
