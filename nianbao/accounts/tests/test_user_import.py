import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from nianbao.accounts.importing import users_import
from nianbao.accounts.models import Membership, User

pytestmark = pytest.mark.django_db

HEADER = ["用户名", "姓名", "电子邮箱", "机构代码", "角色"]


def sheet(*rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = sheet(
    ["qc_zhang", "张敏", "zhang@qczy.edu.cn", "1010101", ""],
    ["qc_li", "李强", "li@qczy.edu.cn", "1010101", "学校负责人"],
    ["qc_city", "王芳", "wang@qc.gov.cn", "990100", None],
)


def test_dry_run_then_confirm_creates_users_with_least_privilege_and_mails_them(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(
        world.users["city_admin"], backend="django.contrib.auth.backends.ModelBackend"
    )
    upload = io.BytesIO(GOOD)
    upload.name = "users.xlsx"
    checked = client.post(reverse("accounts:user-import"), {"file": upload})
    assert checked.context["result"].ok
    assert not User.objects.filter(username="qc_zhang").exists()  # a dry run creates nothing
    token = checked.context["confirm_token"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:user-import"), {"confirm": token})
    assert done.status_code == 302
    roles = dict(
        Membership.objects.filter(user__username__startswith="qc_").values_list(
            "user__username", "role"
        )
    )
    assert roles == {"qc_zhang": "school_editor", "qc_li": "school_head", "qc_city": "reviewer"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "li@qczy.edu.cn", "wang@qc.gov.cn", "zhang@qczy.edu.cn"
    ]  # fmt: skip
    assert "/accounts/password-reset/" in mail.outbox[0].body


def test_every_bad_row_is_reported_and_nothing_is_created(world):
    content = sheet(
        ["qc_a", "甲", "not-an-email", "1010101", ""],
        ["school_editor", "乙", "b@x.cn", "1010101", ""],  # taken
        ["qc_a", "丙", "c@x.cn", "1020101", ""],  # duplicate; other city
        ["qc_d", "丁", "d@x.cn", "9999999", ""],  # no such organisation
        ["qc_e", "戊", "e@x.cn", "1010101", "省级管理员"],  # role does not fit a school
        ["", "", "", "", "园长"],
    )
    result = users_import(
        actor=world.users["city_admin"], content=content, dry_run=False, request=None
    )
    problems = {(e.row, e.column) for e in result.errors}
    assert {(2, "电子邮箱"), (3, "用户名"), (4, "用户名"), (4, "机构代码"), (5, "机构代码"),
            (6, "角色"), (7, "用户名"), (7, "角色")} <= problems  # fmt: skip
    assert not result.applied
    assert not User.objects.filter(username__startswith="qc_").exists()


def test_missing_columns_are_named(world):
    result = users_import(
        actor=world.users["province_admin"],
        content=sheet(header=["用户名", "姓名"]),
        dry_run=True,
        request=None,
    )
    assert {e.column for e in result.errors} == {"电子邮箱", "机构代码"}
