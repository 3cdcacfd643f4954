"""Every workflow transition is POSTed by every actor, with the report in the state the
transition starts from: exactly the actors below get past the permission check."""

import pytest
from django.urls import reverse

from nianbao.core.tests.test_permission_matrix import ACTORS, _past_permission_check, _post_as
from nianbao.reports.models import Report

TRANSITIONS = {
    # action: (status the report is in, who may do it)
    "withdraw": ("submitted", {"school_head"}),
    "reopen": ("returned", {"school_editor", "school_head"}),
    # Approval and return are review decisions, made on the review page (review:review-approve,
    # review:review-return in the review app's matrix); this URL takes them from nobody.
    "approve": ("submitted", set()),
    "return": ("submitted", set()),
    "publish": ("approved", {"school_head"}),
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_transition_is_open_to_exactly_its_actors(action, world, client):
    status, expected = TRANSITIONS[action]
    Report.objects.filter(pk=world.report.pk).update(status=status)
    url = reverse("submissions:report-transition", args=[world.report.pk, action])
    passed = {a for a in ACTORS if _past_permission_check(_post_as(client, world, a, url))}
    assert passed == expected
