import io
import re

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nianbao.accounts import importing, tasks
from nianbao.accounts.import_jobs import USER_IMPORT
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


def _post_sheet(client, content, capture, *, run=True):
    with capture(execute=run):
        response = client.post(
            reverse("accounts:user-import"), {"file": SimpleUploadedFile("users.xlsx", content)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_dry_run_then_confirm_creates_users_with_least_privilege_and_mails_them(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["city_admin"])
    status_url = _post_sheet(client, GOOD, django_capture_on_commit_callbacks)
    page = client.get(status_url).content.decode()
    assert "检查通过：3 个用户可以创建" in page and "nianbao-refresh" not in page
    assert "学校负责人" in page  # the role each row gets
    assert not User.objects.filter(username="qc_zhang").exists()  # a dry run creates nothing
    token = re.search(r'name="confirm" value="(\w+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:user-import"), {"confirm": token})
    assert done["Location"] == status_url
    assert "已创建 3 个用户" in client.get(status_url).content.decode()
    roles = dict(
        Membership.objects.filter(user__username__startswith="qc_").values_list(
            "user__username", "role"
        )
    )
    assert roles == {"qc_zhang": "school_editor", "qc_li": "school_head", "qc_city": "reviewer"}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "li@qczy.edu.cn", "wang@qc.gov.cn", "zhang@qczy.edu.cn"
    ]  # fmt: skip
    # The worker has no request: the link points to the site the admin uploaded on.
    assert "http://testserver/accounts/password-reset/" in mail.outbox[0].body
    assert not default_storage.exists(f"{USER_IMPORT.prefix}/{token}.bin")  # ended: file gone


def test_the_import_request_never_parses(
    world, login, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed inside the request")

    monkeypatch.setattr(importing, "parse_users", refuse)
    monkeypatch.setattr(importing, "load_workbook", refuse)
    client = login(world.users["city_admin"])
    status_url = _post_sheet(client, GOOD, django_capture_on_commit_callbacks, run=False)
    page = client.get(status_url).content.decode()
    assert "正在后台检查" in page and '<meta name="nianbao-refresh" content="2">' in page
    monkeypatch.undo()
    tasks.user_import_check_task.enqueue(status_url.rstrip("/").rsplit("/", 1)[1])
    assert "检查通过：3 个用户可以创建" in client.get(status_url).content.decode()
    assert not User.objects.filter(username__startswith="qc_").exists()


def test_the_import_request_refuses_a_file_that_is_not_a_workbook_at_once(world, login):
    client = login(world.users["city_admin"])
    response = client.post(
        reverse("accounts:user-import"), {"file": SimpleUploadedFile("users.xlsx", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "文件不是有效的 Excel 工作簿" in response.content.decode()


def test_a_sheet_with_bad_rows_cannot_be_confirmed(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["city_admin"])
    bad = sheet(["qc_a", "甲", "not-an-email", "1010101", ""])
    status_url = _post_sheet(client, bad, django_capture_on_commit_callbacks)
    page = client.get(status_url).content.decode()
    assert "检查未通过：共 1 处问题，未创建任何用户" in page and 'name="confirm"' not in page
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    assert not default_storage.exists(f"{USER_IMPORT.prefix}/{token}.bin")  # nothing to confirm
    response = client.post(reverse("accounts:user-import"), {"confirm": token}, follow=True)
    assert "导入文件已失效，请重新上传" in response.content.decode()
    assert not User.objects.filter(username="qc_a").exists()


def test_another_admins_import_is_not_found(world, login, django_capture_on_commit_callbacks):
    status_url = _post_sheet(
        login(world.users["city_admin"]), GOOD, django_capture_on_commit_callbacks
    )
    assert login(world.users["province_admin"]).get(status_url).status_code == 404


def test_every_bad_row_is_reported_and_nothing_is_created(world):
    content = sheet(
        ["qc_a", "甲", "not-an-email", "1010101", ""],
        ["school_editor", "乙", "b@x.cn", "1010101", ""],  # taken
        ["qc_a", "丙", "c@x.cn", "1020101", ""],  # duplicate; other city
        ["qc_d", "丁", "d@x.cn", "9999999", ""],  # no such organisation
        ["qc_e", "戊", "e@x.cn", "1010101", "省级管理员"],  # role does not fit a school
        ["", "", "", "", "园长"],
    )
    result = users_import(actor=world.users["city_admin"], content=content, dry_run=False)
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
    )
    assert {e.column for e in result.errors} == {"电子邮箱", "机构代码"}
