"""An organisation import that changes existing organisations says so before it is confirmed,
and a school added during an open cycle owes that cycle's report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nianbao.organisations.importing import organisations_import
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


def test_the_import_page_shows_the_changes_and_the_confirm_names_them(world, login):
    row = f"{world.school.code},改名后的职业学院,学校,{world.city.code},高职\n"
    client = login(world.users["province_admin"])
    page = client.post(
        reverse("organisations:organisation-import"),
        {"file": SimpleUploadedFile("a.csv", (HEADER + row).encode())},
    ).content.decode()
    assert 'id="import-changes"' in page and "改名后的职业学院" in page
    assert "含对 1 个已有机构的修改" in page


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
