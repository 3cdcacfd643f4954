"""The review demo: reports submitted and reviewed through the review services."""

import pytest

from nianbao.accounts.models import User
from nianbao.demo.province import build_demo_province
from nianbao.demo.review import demo_reviews_seed
from nianbao.reports.models import Report
from nianbao.review import selectors
from nianbao.review.models import Review


@pytest.fixture
def demo(db):
    build_demo_province(seed=7)
    return demo_reviews_seed()


def test_demo_reviews_give_grades_returns_and_queues(demo):
    assert demo == {"submitted": 28, "approved": 11, "returned": 3}
    grades = sorted(Review.objects.filter(outcome="approved").values_list("grade", flat=True))
    assert len(set(grades)) >= 2  # more than one grade to show a distribution
    city_admin = User.objects.get(username="shi01_admin")
    cycle = Report.objects.filter(status="submitted").first().cycle
    queue = selectors.review_queue(city_admin, cycle)
    assert len(queue) == 4 and all(r.report.organisation.level == "secondary" for r in queue)
    expert = selectors.review_queue(User.objects.get(username="pingshen"), cycle)
    assert [r.assignment.role for r in expert] == ["primary"]
    returned = Report.objects.filter(status="returned").first()
    assert "[正文·面临挑战]" in returned.return_reason
    sections = returned.snapshots.get().text["sections"]
    text = next(s["body"] for s in sections if s["part"] == "talent_cultivation")
    assert "全日制在校生" in text and "—" not in text
