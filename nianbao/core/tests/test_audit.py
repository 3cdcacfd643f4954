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
    assert (
        "organisation.update" in html
        and "https://new.qczy.edu.cn" in html
        and "https://www.qczy.edu.cn" in html
    )


def test_audit_log_can_be_filtered_by_action(world, login):
    organisation_update(
        actor=world.users["province_admin"], organisation=world.school, name="新名称学院"
    )
    response = login(world.users["province_admin"]).get(
        reverse("core:audit-list"), {"action": "cycle."}
    )
    events = list(response.context["page_obj"])
    assert events and all(e.action.startswith("cycle.") for e in events)
