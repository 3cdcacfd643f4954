from django.core.files.base import ContentFile
from django.utils import timezone

from nianbao.core.tests.permission_matrix import (
    ALL_USERS,
    ANONYMOUS,
    PROVINCE,
    SCHOOL_VIEWERS,
    no_kwargs,
)
from nianbao.portal.feedback.compute import feedback_figures
from nianbao.portal.models import FeedbackReport
from nianbao.portal.tests.publishing import publish
from nianbao.rankings.models import Ranking
from nianbao.review.models import EvaluationNotice

EVERYONE = ALL_USERS | {ANONYMOUS}


def published_report(w):
    """The other school's report is the published one, so `w.report` stays editable for the
    matrix entries of other apps that write to it."""
    if w.other_report.status != "published":
        publish(w.other_report)
    return {"year": w.cycle.year, "code": w.other_report.organisation.code}


def school_feedback(w):
    if not FeedbackReport.objects.filter(school=w.school).exists():
        figures = feedback_figures(w.cycle)[w.school.pk]
        report = FeedbackReport(cycle=w.cycle, school=w.school, figures=figures, figures_sha256="0")
        report.pdf.save("f.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"school_id": w.school.pk}


def published_ranking(w):
    today = timezone.localdate()
    ranking, _ = Ranking.objects.get_or_create(
        cycle=w.cycle, code="outcomes",
        defaults={"name": "育人成效50强", "edition": "2023", "status": "notice",
                  "result": {"schools": [], "candidates": 60, "places": 50},
                  "notice_starts_on": today, "notice_ends_on": today},
    )  # fmt: skip
    return {"pk": ranking.pk, "kind": "candidate_list"}


def published_notice(w):
    notice = EvaluationNotice(cycle=w.cycle, file_format="pdf", status="done",
                              published_at=timezone.now())  # fmt: skip
    notice.file.save("n.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return {"pk": notice.pk}


MATRIX = {
    # An anonymous visitor of the home page is sent to the public portal, not to the login.
    "portal:home": (no_kwargs, EVERYONE),
    "portal:public-index": (no_kwargs, EVERYONE),
    "portal:public-verify": (no_kwargs, EVERYONE),
    "portal:public-report": (published_report, EVERYONE),
    "portal:public-report-download": (published_report, EVERYONE),
    "portal:public-ranking": (published_ranking, EVERYONE),
    "portal:public-notice-download": (published_notice, EVERYONE),
    "portal:feedback-runs": (no_kwargs, PROVINCE),
    "portal:feedback-report": (school_feedback, SCHOOL_VIEWERS),
    "portal:feedback-pdf": (school_feedback, SCHOOL_VIEWERS),
}
