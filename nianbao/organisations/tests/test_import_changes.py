"""An organisation import that changes existing organisations says so before it is confirmed,
and a school added during an open cycle owes that cycle's report."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.organisations import importing, tasks
from nianbao.organisations import views as org_views
from nianbao.organisations.importing import organisations_import
from nianbao.organisations.models import Organisation
from nianbao.organisations.services import organisation_create
from nianbao.reports.models import Report

HEADER = "机构代码,全称,类型,上级代码,办学层次\n"


def test_the_dry_run_lists_every_change_to_an_existing_school(world):
    school = world.school
    row = f"{school.code},改名后的职业学院,学校,{world.other_city.code},中职\n"
    result = organisations_import(
        actor=world.users["province_admin"], content=(HEADER + row).encode(), filename="a.csv"
    )
    assert result.ok
    (change,) = result.changes
    fields = {header: (old, new) for header, old, new in change["fields"]}
    assert fields["全称"] == (school.name, "改名后的职业学院")
    assert fields["上级代码"] == (world.city.code, world.other_city.code)
    assert "办学层次" in fields
    school.refresh_from_db()
    assert school.name != "改名后的职业学院"  # nothing written by the dry run


def _post_file(client, content, capture, *, run=True, name="a.csv"):
    with capture(execute=run):
        response = client.post(
            reverse("organisations:organisation-import"),
            {"file": SimpleUploadedFile(name, content)},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_the_import_page_shows_the_changes_and_the_confirm_names_them(
    world, login, django_capture_on_commit_callbacks
):
    row = f"{world.school.code},改名后的职业学院,学校,{world.city.code},高职\n"
    client = login(world.users["province_admin"])
    status_url = _post_file(client, (HEADER + row).encode(), django_capture_on_commit_callbacks)
    page = client.get(status_url).content.decode()
    assert 'id="import-changes"' in page and "改名后的职业学院" in page
    assert "含对 1 个已有机构的修改" in page and "nianbao-refresh" not in page
    token = re.search(r'name="confirm" value="(\w+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisations:organisation-import"), {"confirm": token})
    assert response["Location"] == status_url
    assert "导入完成：新建 0 个，更新 1 个机构" in client.get(status_url).content.decode()
    world.school.refresh_from_db()
    assert world.school.name == "改名后的职业学院"


def test_the_import_request_never_parses(
    world, login, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed inside the request")

    assert not hasattr(org_views, "organisations_import")
    monkeypatch.setattr(importing, "parse_rows", refuse)
    row = f"9901077,新设职业学院,学校,{world.city.code},高职\n"
    client = login(world.users["province_admin"])
    status_url = _post_file(
        client, (HEADER + row).encode(), django_capture_on_commit_callbacks, run=False
    )
    page = client.get(status_url).content.decode()
    assert "正在后台检查" in page and '<meta name="nianbao-refresh" content="2">' in page
    monkeypatch.undo()
    tasks.organisation_import_check_task.enqueue(status_url.rstrip("/").rsplit("/", 1)[1])
    assert "检查通过：1 行全部有效" in client.get(status_url).content.decode()
    assert not Organisation.objects.filter(code="9901077").exists()  # the dry run writes nothing


def test_the_import_request_refuses_a_wrong_kind_of_file_at_once(world, login):
    client = login(world.users["province_admin"])
    response = client.post(
        reverse("organisations:organisation-import"),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 200 and "只支持 .xlsx 或 .csv 文件" in response.content.decode()


def test_a_bad_row_cannot_be_confirmed(world, login, django_capture_on_commit_callbacks):
    client = login(world.users["province_admin"])
    status_url = _post_file(
        client, (HEADER + "x,,学校,,\n").encode(), django_capture_on_commit_callbacks
    )
    page = client.get(status_url).content.decode()
    assert "检查未通过" in page and 'name="confirm"' not in page
    token = status_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(
        reverse("organisations:organisation-import"), {"confirm": token}, follow=True
    )
    assert "导入文件已失效，请重新上传" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_school_created_during_an_open_cycle_gets_its_report(world):
    assert world.cycle.status == "open"
    school = organisation_create(
        actor=world.users["province_admin"],
        kind="school",
        parent=world.city,
        code="9901099",
        name="新设职业学院",
        level="higher",
    )
    report = Report.objects.get(organisation=school, cycle=world.cycle)
    assert report.kind == "school" and report.status == "drafting"
