from django.urls import reverse


def test_case_and_table_are_edited_in_place_from_the_part_page(world, login, monkeypatch):
    from nianbao.reports.models import Report
    from nianbao.submissions.services import case_save, table_save

    monkeypatch.setattr(Report, "is_editable", property(lambda self: True))
    editor = world.users["school_editor"]
    case = case_save(
        actor=editor,
        report=world.report,
        part_code="talent_cultivation",
        title="订单班",
        body="120名学生就业。",
    )
    table = table_save(
        actor=editor,
        report=world.report,
        part_code="talent_cultivation",
        caption="专业",
        text="专业|人数\n机电|120",
    )
    client = login(editor)
    page = client.get(
        reverse("submissions:report-part", args=[world.report.pk, "talent_cultivation"])
    ).content.decode()
    assert f'name="case_id" value="{case.pk}"' in page and "专业|人数\n机电|120" in page
    client.post(
        reverse("submissions:case-save", args=[world.report.pk, "talent_cultivation"]),
        {
            "case_id": case.pk,
            "version": 1,
            "title": "订单班培养",
            "body": "150名学生进入合作企业就业。",
        },
    )
    client.post(
        reverse("submissions:table-save", args=[world.report.pk, "talent_cultivation"]),
        {"table_id": table.pk, "version": 1, "caption": "专业", "text": "专业|人数\n机电|150"},
    )
    case.refresh_from_db()
    table.refresh_from_db()
    assert (case.title, world.report.cases.count()) == ("订单班培养", 1)
    assert table.rows == [["机电", "150"]] and world.report.tables.count() == 1
