"""The review demo: reports submitted and reviewed through the review services."""

import pytest

from nianbao.accounts.models import User
from nianbao.demo.province import build_demo_province
from nianbao.reports.models import Report
from nianbao.review import selectors
from nianbao.review.models import Review


@pytest.fixture
def demo(db):
    build_demo_province(seed=7)  # runs the review demo on the open cycle


def test_demo_reviews_give_grades_returns_and_queues(demo):
    # Three cities return one report each; the rest of each city's sample and two 高职 are graded.
    assert Report.objects.filter(status="returned").count() == 3
    assert Review.objects.filter(outcome="approved").count() == 11
    grades = sorted(Review.objects.filter(outcome="approved").values_list("grade", flat=True))
    assert len(set(grades)) >= 2  # more than one grade to show a distribution
    city_admin = User.objects.get(username="shi01_admin")
    cycle = Report.objects.filter(status="submitted").first().cycle
    queue = selectors.review_queue(city_admin, cycle)
    assert queue and all(r.report.organisation.level == "secondary" for r in queue)
    expert = selectors.review_queue(User.objects.get(username="pingshen"), cycle)
    assert [r.assignment.role for r in expert] == ["primary"]
    returned = Report.objects.filter(status="returned").first()
    assert "[正文·面临挑战]" in returned.return_reason
    sections = returned.snapshots.get().text["sections"]
    text = next(s["body"] for s in sections if s["part"] == "talent_cultivation")
    assert "全日制在校生" in text and "—" not in text
