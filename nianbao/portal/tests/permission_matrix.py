from django.core.files.base import ContentFile

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


MATRIX = {
    "portal:home": (no_kwargs, ALL_USERS),
    "portal:public-index": (no_kwargs, EVERYONE),
    "portal:public-verify": (no_kwargs, EVERYONE),
    "portal:public-report": (published_report, EVERYONE),
    "portal:public-report-download": (published_report, EVERYONE),
    "portal:feedback-runs": (no_kwargs, PROVINCE),
    "portal:feedback-report": (school_feedback, SCHOOL_VIEWERS),
    "portal:feedback-pdf": (school_feedback, SCHOOL_VIEWERS),
}
