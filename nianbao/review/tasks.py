"""Background work of the review: publication-URL checks and the 通报 rendering."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from nianbao.organisations.models import Organisation
from nianbao.reports.models import ReportSnapshot
from nianbao.review.choices import ReviewOutcome
from nianbao.review.models import EvaluationNotice, Review, UrlCheck
from nianbao.review.notice import notice_execute
from nianbao.review.urlfetch import classify, fetch


@task()
def url_check_run(*, report_id: int) -> str:
    check = UrlCheck.objects.select_related("report").get(report_id=report_id)
    snap = ReportSnapshot.objects.filter(report_id=report_id).order_by("-sequence").first()
    result = fetch(check.url)
    status, detail = classify(result, snap.document_sha256 if snap else "")
    check.status, check.detail = status, detail[:300]
    check.http_status, check.final_url = result.http_status, result.final_url[:500]
    check.checked_at = timezone.now()
    check.save()
    return status


@task()
def notice_render(*, notice_id: int) -> str:
    notice = EvaluationNotice.objects.select_related("cycle").get(pk=notice_id)
    reviews = list(
        Review.objects.filter(report__cycle=notice.cycle, outcome=ReviewOutcome.APPROVED)
        .select_related("report__organisation__parent", "report__compiling_school", "report__cycle")
        .order_by("report__organisation__path", "report__kind")
    )
    province = Organisation.objects.filter(kind="province").first()
    try:
        notice_execute(notice, reviews, province.name if province else "")
    except Exception as exc:  # shown on the page; the request can be repeated
        notice.status, notice.error = "failed", f"生成失败：{exc}"[:500]
        notice.save(update_fields=["status", "error", "updated_at"])
    return notice.status
