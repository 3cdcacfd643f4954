from django.urls import reverse

from nianbao.organisations.services import organisation_update


def test_province_admin_sees_who_changed_what_in_the_audit_log(world, login):
    organisation_update(
        actor=world.users["province_admin"],
        organisation=world.school,
        website="https://new.qczy.edu.cn",
    )
    response = login(world.users["province_admin"]).get(reverse("core:audit-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "组织机构 · 修改" in html and "organisation.update" not in html
    assert "https://www.qczy.edu.cn → https://new.qczy.edu.cn" in html
    assert "{&#x27;" not in html and "{'" not in html  # no raw dicts


def test_audit_log_can_be_filtered_by_action(world, login):
    organisation_update(
        actor=world.users["province_admin"], organisation=world.school, name="新名称学院"
    )
    response = login(world.users["province_admin"]).get(
        reverse("core:audit-list"), {"action": "cycle"}
    )
    events = list(response.context["page_obj"])
    assert events and all(e.action.startswith("cycle.") for e in events)
    assert '<option value="cycle" selected>年度</option>' in response.content.decode()


def test_audit_change_lines_use_field_names_and_choice_labels(world, login):
    from nianbao.core.audit import audit_record
    from nianbao.core.audit_display import audit_changes

    event = audit_record(
        actor=world.users["province_admin"],
        action="report.authoring_mode",
        obj=world.report,
        before={"authoring_mode": "platform", "part_code": "talent_cultivation"},
        after={"authoring_mode": "upload", "part_code": "talent_cultivation"},
    )
    lines = {(c.field, c.before, c.after) for c in audit_changes(event)}
    assert ("编写方式", "在平台中编写", "上传成稿（DOCX/PDF）") in lines
    assert all("_" not in c.field + c.before + c.after for c in audit_changes(event))
