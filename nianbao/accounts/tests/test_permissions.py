import pytest

from nianbao.core.permissions import Action, user_can
from nianbao.organisations.models import Organisation


@pytest.mark.parametrize(
    "actor, action, org_attr, allowed",
    [
        ("school_editor", Action.EDIT_REPORT, "school", True),
        ("school_editor", Action.EDIT_REPORT, "other_school", False),
        ("school_editor", Action.SUBMIT_REPORT, "school", False),
        ("school_head", Action.SUBMIT_REPORT, "school", True),
        ("city_admin", Action.VIEW, "school", True),
        ("city_admin", Action.VIEW, "other_school", False),
        ("city_admin", Action.EDIT_REPORT, "city", True),
        ("city_admin", Action.EDIT_REPORT, "school", False),  # writes the city report only
        ("province_admin", Action.EDIT_REPORT, "school", False),
        ("province_admin", Action.MANAGE_ORGANISATIONS, "enterprise", True),
        ("reviewer", Action.REVIEW, "other_school", True),
        ("reviewer", Action.EDIT_REPORT, "school", False),
        ("enterprise_editor", Action.EDIT_ENTERPRISE_REPORT, "enterprise", True),
        ("enterprise_editor", Action.VIEW, "school", False),
        ("other_enterprise_editor", Action.VIEW, "enterprise", False),
        ("no_role", Action.VIEW, "school", False),
    ],
)
def test_roles_apply_to_their_subtree(world, actor, action, org_attr, allowed):
    assert user_can(world.users[actor], action, getattr(world, org_attr)) is allowed


def test_scope_filter_matches_user_can_for_every_organisation(world):
    from nianbao.core.permissions import scope_q

    for actor, user in world.users.items():
        for action in (Action.VIEW, Action.EDIT_REPORT, Action.REVIEW):
            in_scope = set(Organisation.objects.filter(scope_q(user, action)))
            expected = {o for o in Organisation.objects.all() if user_can(user, action, o)}
            assert in_scope == expected, (actor, action)
